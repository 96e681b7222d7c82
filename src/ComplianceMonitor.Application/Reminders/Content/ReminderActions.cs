using System.Collections.Frozen;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Reminders.Content;

/// <summary>Which district department answers questions about a rule (policy.md, "Departments").</summary>
public enum DepartmentKind
{
    /// <summary>规划自然资源主管部门: contracts, land price, rent, registration, exit and recovery, dispositions.</summary>
    Planning,

    /// <summary>产业主管部门: assessment matters.</summary>
    Industry,
}

/// <summary>What a rule asks of the reader, in Chinese, for emails and SMS.</summary>
/// <param name="Title">A short name for the obligation, used in subjects (e.g. 考核申请).</param>
/// <param name="Action">What must be done, one sentence.</param>
/// <param name="SmsAction">The same in as few characters as possible, for SMS (e.g. 提交考核申请).</param>
/// <param name="AmountLabel">What the amount is, when the finding carries one (e.g. 欠缴租金).</param>
/// <param name="Department">Which department to contact.</param>
public sealed record ReminderAction(string Title, string Action, string SmsAction, string AmountLabel, DepartmentKind Department);

/// <summary>The reader-facing text for each rule of the catalogue.</summary>
public static class ReminderActions
{
    private static readonly FrozenDictionary<RuleCode, ReminderAction> ByRule = new Dictionary<RuleCode, ReminderAction>
    {
        [RuleCode.ASSESSMENT_APPLICATION] = new("考核申请", "在租赁期（含续租期）届满前至少6个月，向区政府提出考核申请。", "提交考核申请", "涉及金额", DepartmentKind.Industry),
        [RuleCode.ASSESSMENT_DECISION] = new("考核结论", "区政府应在租赁期届满前完成考核，并及时将考核结果书面通知用地人。", "完成考核并书面通知", "涉及金额", DepartmentKind.Industry),
        [RuleCode.TRANSFER_CONTRACT_AND_PAYMENT] = new("出让合同签订及地价缴纳", "自收到考核通过的书面通知之日起15日内，书面申请、签订出让合同并缴纳土地出让价款。", "签出让合同并缴地价", "应缴土地出让价款", DepartmentKind.Planning),
        [RuleCode.LAND_PRICE_AMOUNT] = new("土地出让价款补缴", "足额缴纳土地出让价款（竞得价或补缴政府土地收益，扣除租赁期内已缴租金）。", "补足土地出让价款", "尚欠土地出让价款", DepartmentKind.Planning),
        [RuleCode.REGISTRATION] = new("不动产登记", "租赁期届满后，持出让合同、地价款缴纳凭证等材料申请办理不动产登记（指导意见未规定期限，区政府督促办理）。", "申请不动产登记", "涉及金额", DepartmentKind.Planning),
        [RuleCode.EXIT_AFTER_FAILED_ASSESSMENT] = new("考核未通过退出", "考核未通过的，应在租赁合同到期前完成退出；属地规划自然资源主管部门根据考核结果报区政府依法收回土地使用权并办理注销登记。", "完成退出", "涉及金额", DepartmentKind.Planning),
        [RuleCode.RENEWAL_APPLICATION] = new("续租申请", "续租应在租赁期届满前6个月提出申请。", "申请续租", "涉及金额", DepartmentKind.Planning),
        [RuleCode.RENEWAL_DECISION] = new("续租决定", "区政府应在租赁期届满前对续租申请作出准予或不予续租的决定。", "作出续租决定", "涉及金额", DepartmentKind.Industry),
        [RuleCode.RENEWAL_TERM] = new("续租期限", "续租期限原则上不超过2年。", "核实续租期限", "涉及金额", DepartmentKind.Planning),
        [RuleCode.RENEWAL_RENT] = new("续租租金", "续租租金按前期租赁平均年租金确定。", "核实续租租金", "租金差额", DepartmentKind.Planning),
        [RuleCode.RENT_DUE] = new("租金到期", "按合同约定时间足额缴纳即将到期的租金。", "按期缴纳租金", "应缴租金", DepartmentKind.Planning),
        [RuleCode.RENT_ARREARS] = new("租金缴纳", "按合同约定时间足额缴纳到期租金。", "缴清到期租金", "欠缴租金", DepartmentKind.Planning),
        [RuleCode.PROHIBITED_DISPOSITION] = new("禁止转让、转租、抵押", "开发建设完成前不得转让、转租或抵押土地使用权。请立即停止相关行为，并向区规划自然资源部门说明情况。", "停止转让转租抵押", "涉及金额", DepartmentKind.Planning),
        [RuleCode.USE_VIOLATION] = new("禁止改变用途", "不得擅自改变土地用途、调整产业类型或变相进行房地产开发。请立即停止相关行为，并向区规划自然资源部门说明情况。", "停止改变用途", "涉及金额", DepartmentKind.Planning),
        [RuleCode.TERM_LIMIT] = new("租赁年期", "租赁年期一般不超过5年，租赁与出让年期合计一般不超过20年。", "核实租赁年期", "涉及金额", DepartmentKind.Planning),
        [RuleCode.LEASE_RENT_AMOUNT] = new("租赁期租金", "租赁期租金应为竞得价（或补缴政府土地收益）÷总年期×租赁年期。", "核实租赁期租金", "租金差额", DepartmentKind.Planning),
        [RuleCode.POLICY_VALIDITY] = new("政策有效期", "租赁起始日晚于指导意见有效期（2029年2月18日）。", "核实适用政策", "涉及金额", DepartmentKind.Planning),
        [RuleCode.MILESTONE] = new("履约节点", "按履约监管协议约定的日期完成交地、开工、竣工、投产、达产等节点。", "按期完成约定节点", "累计违约金", DepartmentKind.Industry),
        [RuleCode.IDLE_LAND] = new("土地闲置", "按约定开工建设；超过约定开工日满一年未动工构成闲置土地，满两年可无偿收回。", "立即开工建设", "涉及金额", DepartmentKind.Planning),
        [RuleCode.INDICATOR_SHORTFALL] = new("履约指标未达标", "在考核申请截止日前使各项履约指标达到协议约定标准。", "使指标达标", "涉及金额", DepartmentKind.Industry),
        [RuleCode.INDICATOR_NOT_REPORTED] = new("履约指标报送", "每年按时报送上一年度履约监管协议指标实际值。", "报送指标实际值", "涉及金额", DepartmentKind.Industry),
        [RuleCode.RETURN_REFUND] = new("自愿退还土地退款", "区政府受理自愿退还后，督促退还剩余年期租金（扣除约定违约金）。", "办理退还租金", "退还金额", DepartmentKind.Planning),
    }.ToFrozenDictionary();

    /// <summary>The text for <paramref name="rule"/>.</summary>
    public static ReminderAction For(RuleCode rule) =>
        ByRule.TryGetValue(rule, out var action) ? action : throw new ArgumentOutOfRangeException(nameof(rule), rule, "no reminder text for this rule");
}
