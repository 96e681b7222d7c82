using System.Text;
using ComplianceMonitor.Domain.Agreements;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>The one table that maps ledger sheets and column headers (Chinese or wire names) to the wire format.</summary>
/// <remarks>Documented column by column in docs/ledger-columns.md; the template and the readers are driven by it.</remarks>
public static class LedgerColumns
{
    private const string TextFormat = "文本";
    private const string DateFormat = "日期：Excel 日期，或文本 yyyy-MM-dd";
    private const string AmountFormat = "数字（元），大于 0，最多两位小数";
    private const string YearsFormat = "整数（年）";

    /// <summary>新增 / 存量盘活.</summary>
    public static IReadOnlyList<LedgerValue> SupplyModes { get; } = [new("新增", "new"), new("存量盘活", "existing")];

    /// <summary>通过 / 不通过.</summary>
    public static IReadOnlyList<LedgerValue> AssessmentResults { get; } = [new("通过", "passed"), new("不通过", "failed")];

    /// <summary>租赁 / 续租.</summary>
    public static IReadOnlyList<LedgerValue> RentPeriods { get; } = [new("租赁", "lease"), new("续租", "renewal")];

    /// <summary>The milestone kinds of agreement.md: 交地 → landDelivery, 开工 → constructionStart, 竣工, 投产, 达产.</summary>
    public static IReadOnlyList<LedgerValue> MilestoneKinds { get; } =
        [.. Enum.GetValues<MilestoneKind>().Select(k => new LedgerValue(AgreementWireNames.Chinese(k), AgreementWireNames.Of(k)))];

    /// <summary>不低于 / 不高于.</summary>
    public static IReadOnlyList<LedgerValue> IndicatorDirections { get; } =
        [.. Enum.GetValues<IndicatorDirection>().Select(d => new LedgerValue(AgreementWireNames.Chinese(d), AgreementWireNames.Of(d)))];

    /// <summary>竞得价或补缴土地收益 (the record's basePriceYuan) / 租赁期租金 (the lease-period rent scheduled).</summary>
    public static IReadOnlyList<LedgerValue> DamagesBases { get; } =
        [new("竞得价或补缴土地收益", AgreementWireNames.Of(DamagesBase.BasePrice)), new("租赁期租金", AgreementWireNames.Of(DamagesBase.LeaseRent))];

    /// <summary>The event types of records.md.</summary>
    public static IReadOnlyList<LedgerValue> EventTypes { get; } =
    [
        new("转让", "transfer"),
        new("转租", "sublease"),
        new("抵押", "mortgage"),
        new("改变用途", "useChange"),
        new("改变产业类型", "industryChange"),
        new("房地产开发", "realEstateDevelopment"),
    ];

    /// <summary>租赁台账: one row per lease. The CSV has the same columns plus <see cref="CsvListColumns"/>.</summary>
    public static LedgerSheet Leases { get; } = new("租赁台账", "leases", null,
    [
        new("租赁编号", "leaseId", LedgerCellKind.Text, true, "文本，1-64 位字母、数字、- 或 _，不可重复"),
        new("行政区", "districtCode", LedgerCellKind.District, true, "行政区代码（如 110111）或名称（如 房山区）"),
        new("宗地编号", "parcel.code", LedgerCellKind.Text, true, TextFormat),
        new("宗地名称", "parcel.name", LedgerCellKind.Text, true, TextFormat),
        new("用地面积（平方米）", "parcel.areaSqm", LedgerCellKind.Decimal, false, "数字（平方米）"),
        new("土地用途", "parcel.landUse", LedgerCellKind.Text, false, TextFormat),
        new("产业类型", "parcel.industryType", LedgerCellKind.Text, false, TextFormat),
        new("供应方式", "supplyMode", LedgerCellKind.SupplyMode, true, "新增 或 存量盘活（new / existing）"),
        new("用地单位", "landUser.name", LedgerCellKind.Text, true, TextFormat),
        new("统一社会信用代码", "landUser.creditCode", LedgerCellKind.Text, true, "18 位统一社会信用代码（设为文本格式）"),
        new("联系人", "landUser.contactName", LedgerCellKind.Text, false, TextFormat),
        new("电子邮箱", "landUser.email", LedgerCellKind.Text, false, "电子邮箱地址；邮箱和手机号码至少填一项"),
        new("手机号码", "landUser.mobile", LedgerCellKind.Text, false, "11 位手机号码；邮箱和手机号码至少填一项"),
        new("竞得价或补缴土地收益（元）", "basePriceYuan", LedgerCellKind.Decimal, true, AmountFormat + "；新增填竞得价，存量盘活填补缴政府土地收益"),
        new("租赁年期", "leaseYears", LedgerCellKind.Integer, true, YearsFormat),
        new("总年期", "totalYears", LedgerCellKind.Integer, true, YearsFormat + "，租赁和出让总年期，不小于租赁年期"),
        new("租赁起始日", "leaseStart", LedgerCellKind.Date, true, DateFormat + "；租赁第一天"),
        new("租赁截止日", "leaseEnd", LedgerCellKind.Date, true, DateFormat + "；租赁最后一天（含当天）"),
        new("重大项目批准文号", "majorProjectApproval.ref", LedgerCellKind.Text, false, TextFormat + "；市政府批准延长年期时填写"),
        new("重大项目批准日期", "majorProjectApproval.approvedOn", LedgerCellKind.Date, false, DateFormat),
        new("批准最长总年期", "majorProjectApproval.maxTotalYears", LedgerCellKind.Integer, false, YearsFormat),
        new("竣工验收日期", "constructionCompletedOn", LedgerCellKind.Date, false, DateFormat),
        new("考核申请日期", "assessment.appliedOn", LedgerCellKind.Date, false, DateFormat),
        new("考核结果", "assessment.result", LedgerCellKind.AssessmentResult, false, "通过 或 不通过（passed / failed）；填写时须填考核决定日期"),
        new("考核决定日期", "assessment.decidedOn", LedgerCellKind.Date, false, DateFormat),
        new("考核结果通知送达日期", "assessment.noticeReceivedOn", LedgerCellKind.Date, false, DateFormat + "；不早于考核决定日期"),
        new("出让申请日期", "transfer.appliedOn", LedgerCellKind.Date, false, DateFormat),
        new("出让合同签订日期", "transfer.contractSignedOn", LedgerCellKind.Date, false, DateFormat),
        new("出让登记日期", "transfer.registeredOn", LedgerCellKind.Date, false, DateFormat),
        new("续租申请日期", "renewal.appliedOn", LedgerCellKind.Date, false, DateFormat),
        new("续租批准日期", "renewal.approvedOn", LedgerCellKind.Date, false, DateFormat),
        new("续租不予批准日期", "renewal.refusedOn", LedgerCellKind.Date, false, DateFormat + "；区政府不予续租的日期，不与续租批准日期同时填写"),
        new("续租批准年期", "renewal.approvedYears", LedgerCellKind.Integer, false, YearsFormat),
        new("续租截止日", "renewal.newLeaseEnd", LedgerCellKind.Date, false, DateFormat + "；续租最后一天（含当天）"),
        new("退出完成日期", "exit.completedOn", LedgerCellKind.Date, false, DateFormat),

        // The performance agreement's one-per-lease fields and the voluntary return (agreement.md): columns here, like
        // assessment and renewal, so the CSV carries them too; milestones and indicators are lists, on their own sheets.
        new("履约监管协议编号", "agreement.ref", LedgerCellKind.Text, false, TextFormat + "；有履约监管协议时必填（填写履约节点、履约指标或违约金时须填）"),
        new("履约监管协议签订日期", "agreement.signedOn", LedgerCellKind.Date, false, DateFormat),
        new("节点逾期违约金（‰/日）", "agreement.damages.lateMilestonePermillePerDay", LedgerCellKind.Decimal, false, "数字（‰/日），大于 0，如 1 表示每逾期一日按基数的千分之一；与违约金基数同时填写"),
        new("违约金基数", "agreement.damages.base", LedgerCellKind.DamagesBase, false, "竞得价或补缴土地收益 或 租赁期租金（basePrice / leaseRent）；与节点逾期违约金同时填写"),
        new("退还申请日期", "voluntaryReturn.appliedOn", LedgerCellKind.Date, false, DateFormat + "；土地使用者申请提前退还土地（三（七））的日期"),
        new("退还受理日期", "voluntaryReturn.acceptedOn", LedgerCellKind.Date, false, DateFormat + "；不早于退还申请日期；自该日起其他规则停止"),
        new("退款支付日期", "voluntaryReturn.refundPaidOn", LedgerCellKind.Date, false, DateFormat + "；不早于退还受理日期"),
    ]);

    /// <summary>租金计划: rentSchedule, one row per instalment.</summary>
    public static LedgerSheet RentSchedule { get; } = new("租金计划", "rentSchedule", "rentSchedule",
    [
        LeaseIdLink(),
        new("应缴日期", "dueOn", LedgerCellKind.Date, true, DateFormat),
        new("金额（元）", "amountYuan", LedgerCellKind.Decimal, true, AmountFormat),
        new("期间", "period", LedgerCellKind.RentPeriod, false, "租赁 或 续租（lease / renewal）；空白为租赁"),
    ]);

    /// <summary>租金缴纳: rentPayments, one row per payment.</summary>
    public static LedgerSheet RentPayments { get; } = new("租金缴纳", "rentPayments", "rentPayments",
    [
        LeaseIdLink(),
        new("缴纳日期", "paidOn", LedgerCellKind.Date, true, DateFormat),
        new("金额（元）", "amountYuan", LedgerCellKind.Decimal, true, AmountFormat),
        new("备注", "ref", LedgerCellKind.Text, false, TextFormat + "，如票据号或 竞买保证金转租金"),
    ]);

    /// <summary>地价缴纳: transfer.pricePayments, one row per land price payment after the transfer contract.</summary>
    public static LedgerSheet PricePayments { get; } = new("地价缴纳", "pricePayments", "transfer.pricePayments",
    [
        LeaseIdLink(),
        new("缴纳日期", "paidOn", LedgerCellKind.Date, true, DateFormat),
        new("金额（元）", "amountYuan", LedgerCellKind.Decimal, true, AmountFormat),
    ]);

    /// <summary>事项: events, one row per recorded event (e.g. a mortgage registration).</summary>
    public static LedgerSheet Events { get; } = new("事项", "events", "events",
    [
        LeaseIdLink(),
        new("类型", "type", LedgerCellKind.EventType, true, "转让、转租、抵押、改变用途、改变产业类型 或 房地产开发（或英文代码）"),
        new("日期", "on", LedgerCellKind.Date, true, DateFormat),
        new("文号", "ref", LedgerCellKind.Text, false, TextFormat + "，如不动产登记证明号"),
    ]);

    /// <summary>履约节点: agreement.milestones, one row per agreed milestone.</summary>
    public static LedgerSheet Milestones { get; } = new("履约节点", "milestones", "agreement.milestones",
    [
        LeaseIdLink(),
        new("节点", "kind", LedgerCellKind.MilestoneKind, true, "交地、开工、竣工、投产 或 达产（或英文代码）；每个租赁每种节点一行"),
        new("约定日期", "agreedOn", LedgerCellKind.Date, true, DateFormat + "；协议约定的日期（当天完成为按期，次日起逾期）"),
        new("实际日期", "achievedOn", LedgerCellKind.Date, false, DateFormat + "；实际完成的日期，未完成留空；竣工须与竣工验收日期一致"),
    ]);

    /// <summary>履约指标: agreement.indicators, one row per indicator of the agreement.</summary>
    public static LedgerSheet Indicators { get; } = new("履约指标", "indicators", "agreement.indicators",
    [
        LeaseIdLink(),
        new("指标代码", "code", LedgerCellKind.Text, true, "1-64 位字母、数字、- 或 _，如 investmentIntensity；同一租赁内不可重复"),
        new("指标名称", "name", LedgerCellKind.Text, true, TextFormat + "，如 投资强度"),
        new("单位", "unit", LedgerCellKind.Text, false, TextFormat + "，如 万元/亩"),
        new("方向", "direction", LedgerCellKind.IndicatorDirection, true, "不低于 或 不高于（atLeast / atMost）"),
        new("目标值", "target", LedgerCellKind.Decimal, true, "数字，大于 0"),
    ]);

    /// <summary>指标实绩: agreement.indicators[].actuals, one row per indicator and year reported.</summary>
    public static LedgerSheet IndicatorActuals { get; } = new("指标实绩", "indicatorActuals", IndicatorActualsPath,
    [
        LeaseIdLink(),
        new("指标代码", IndicatorCodeLink, LedgerCellKind.Text, true, "文本，须是 履约指标 中该租赁的指标代码"),
        new("年度", "period", LedgerCellKind.Text, true, "四位年份，如 2025；同一指标每年一行"),
        new("实际值", "value", LedgerCellKind.Decimal, true, "数字，不小于 0"),
        new("报送日期", "reportedOn", LedgerCellKind.Date, true, DateFormat + "；收到企业报送的日期"),
    ]);

    /// <summary>The sheets of the workbook, in template order (履约指标 before 指标实绩, whose rows attach to its indicators).</summary>
    public static IReadOnlyList<LedgerSheet> Sheets { get; } =
        [Leases, RentSchedule, RentPayments, PricePayments, Events, Milestones, Indicators, IndicatorActuals];

    /// <summary>The child sheets (every sheet but 租赁台账).</summary>
    public static IReadOnlyList<LedgerSheet> ChildSheets { get; } =
        [RentSchedule, RentPayments, PricePayments, Events, Milestones, Indicators, IndicatorActuals];

    /// <summary>The CSV-only columns holding a child list in compact notation (docs/ledger-columns.md), named like the child sheets.</summary>
    public static IReadOnlyList<LedgerColumn> CsvListColumns { get; } =
    [
        new("租金计划", "rentSchedule", LedgerCellKind.RentScheduleList, false, "应缴日期=金额[@续租]，多项以 ; 分隔"),
        new("租金缴纳", "rentPayments", LedgerCellKind.RentPaymentList, false, "缴纳日期=金额[#备注]，多项以 ; 分隔"),
        new("地价缴纳", "transfer.pricePayments", LedgerCellKind.PricePaymentList, false, "缴纳日期=金额，多项以 ; 分隔"),
        new("事项", "events", LedgerCellKind.EventList, false, "类型@日期[#文号]，多项以 ; 分隔"),
        new("履约节点", "agreement.milestones", LedgerCellKind.MilestoneList, false, "节点@约定日期[=实际日期]，多项以 ; 分隔"),
        new("履约指标", "agreement.indicators", LedgerCellKind.IndicatorList, false, "名称(代码)不低于|不高于目标值[单位]，多项以 ; 分隔"),
        new("指标实绩", IndicatorActualsPath, LedgerCellKind.IndicatorActualList, false, "指标代码@年度=实际值#报送日期，多项以 ; 分隔"),
    ];

    /// <summary>Every CSV column: those of 租赁台账 followed by <see cref="CsvListColumns"/>.</summary>
    public static IReadOnlyList<LedgerColumn> CsvColumns { get; } = [.. Leases.Columns, .. CsvListColumns];

    /// <summary>The wire path pattern of indicator actuals: the list of the indicator a row's 指标代码 names.</summary>
    public const string IndicatorActualsPath = "agreement.indicators[].actuals";

    /// <summary>The wire name of the 指标代码 column on 指标实绩, which names the indicator (not a property of the actual).</summary>
    public const string IndicatorCodeLink = "indicatorCode";

    /// <summary>Sheet names that hold notes for people and are never read (the template writes 说明).</summary>
    public static IReadOnlyList<string> NotesSheetNames { get; } = ["说明", "填写说明", "notes"];

    /// <summary>Finds the column a header names (Chinese header or wire name), or null.</summary>
    public static LedgerColumn? FindColumn(IEnumerable<LedgerColumn> columns, string header)
    {
        var wanted = NormalizeHeader(header);
        return columns.FirstOrDefault(c =>
            string.Equals(NormalizeHeader(c.Header), wanted, StringComparison.Ordinal) ||
            string.Equals(c.WireName, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Finds the sheet a worksheet name names (Chinese or English), or null.</summary>
    public static LedgerSheet? FindSheet(string name)
    {
        var wanted = name.Trim();
        return Sheets.FirstOrDefault(s =>
            string.Equals(s.Name, wanted, StringComparison.Ordinal) ||
            string.Equals(s.WireName, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether a worksheet name is a notes sheet, never read.</summary>
    public static bool IsNotesSheet(string name) =>
        NotesSheetNames.Any(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The accepted values of a coded column kind, or null for other kinds.</summary>
    public static IReadOnlyList<LedgerValue>? ValuesOf(LedgerCellKind kind) => kind switch
    {
        LedgerCellKind.SupplyMode => SupplyModes,
        LedgerCellKind.AssessmentResult => AssessmentResults,
        LedgerCellKind.RentPeriod => RentPeriods,
        LedgerCellKind.EventType => EventTypes,
        LedgerCellKind.MilestoneKind => MilestoneKinds,
        LedgerCellKind.IndicatorDirection => IndicatorDirections,
        LedgerCellKind.DamagesBase => DamagesBases,
        _ => null,
    };

    /// <summary>The child sheet whose columns describe the items of a CSV list column kind.</summary>
    internal static LedgerSheet ChildSheetOf(LedgerCellKind listKind) => listKind switch
    {
        LedgerCellKind.RentScheduleList => RentSchedule,
        LedgerCellKind.RentPaymentList => RentPayments,
        LedgerCellKind.PricePaymentList => PricePayments,
        LedgerCellKind.EventList => Events,
        LedgerCellKind.MilestoneList => Milestones,
        LedgerCellKind.IndicatorList => Indicators,
        LedgerCellKind.IndicatorActualList => IndicatorActuals,
        _ => throw new ArgumentOutOfRangeException(nameof(listKind), listKind, "not a list column"),
    };

    /// <summary>Whether a column kind is a CSV list column (a whole list in compact notation).</summary>
    internal static bool IsListKind(LedgerCellKind kind) => kind is LedgerCellKind.RentScheduleList or LedgerCellKind.RentPaymentList
        or LedgerCellKind.PricePaymentList or LedgerCellKind.EventList or LedgerCellKind.MilestoneList or LedgerCellKind.IndicatorList
        or LedgerCellKind.IndicatorActualList;

    /// <summary>Normalises a header for matching: no whitespace, no trailing required-marker <c>*</c>, half-width parentheses.</summary>
    internal static string NormalizeHeader(string header)
    {
        var builder = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            builder.Append(c switch { '（' => '(', '）' => ')', _ => c });
        }

        while (builder.Length > 0 && builder[^1] is '*' or '＊')
        {
            builder.Length--;
        }

        return builder.ToString();
    }

    private static LedgerColumn LeaseIdLink() =>
        new("租赁编号", "leaseId", LedgerCellKind.Text, true, "文本，须是 租赁台账 中的租赁编号");
}
