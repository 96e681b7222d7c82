using System.Text;

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

    /// <summary>The sheets of the workbook, in template order.</summary>
    public static IReadOnlyList<LedgerSheet> Sheets { get; } = [Leases, RentSchedule, RentPayments, PricePayments, Events];

    /// <summary>The child sheets (every sheet but 租赁台账).</summary>
    public static IReadOnlyList<LedgerSheet> ChildSheets { get; } = [RentSchedule, RentPayments, PricePayments, Events];

    /// <summary>The CSV-only columns holding a child list in compact notation (docs/ledger-columns.md), named like the child sheets.</summary>
    public static IReadOnlyList<LedgerColumn> CsvListColumns { get; } =
    [
        new("租金计划", "rentSchedule", LedgerCellKind.RentScheduleList, false, "应缴日期=金额[@续租]，多项以 ; 分隔"),
        new("租金缴纳", "rentPayments", LedgerCellKind.RentPaymentList, false, "缴纳日期=金额[#备注]，多项以 ; 分隔"),
        new("地价缴纳", "transfer.pricePayments", LedgerCellKind.PricePaymentList, false, "缴纳日期=金额，多项以 ; 分隔"),
        new("事项", "events", LedgerCellKind.EventList, false, "类型@日期[#文号]，多项以 ; 分隔"),
    ];

    /// <summary>Every CSV column: those of 租赁台账 followed by <see cref="CsvListColumns"/>.</summary>
    public static IReadOnlyList<LedgerColumn> CsvColumns { get; } = [.. Leases.Columns, .. CsvListColumns];

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
        _ => null,
    };

    /// <summary>The child sheet whose columns describe the items of a CSV list column kind.</summary>
    internal static LedgerSheet ChildSheetOf(LedgerCellKind listKind) => listKind switch
    {
        LedgerCellKind.RentScheduleList => RentSchedule,
        LedgerCellKind.RentPaymentList => RentPayments,
        LedgerCellKind.PricePaymentList => PricePayments,
        LedgerCellKind.EventList => Events,
        _ => throw new ArgumentOutOfRangeException(nameof(listKind), listKind, "not a list column"),
    };

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
