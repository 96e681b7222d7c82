using System.Text.Json;

namespace ComplianceMonitor.Domain.Validation;

/// <summary>The texts of validation errors: short English, then Chinese in brackets.</summary>
internal static class Messages
{
    public const string Required = "is required (必填)";
    public const string Blank = "must not be blank (不能为空)";
    public const string RecordOrArray = "must be a lease record object or an array of them (应为租赁记录对象或其数组)";
    public const string LeaseIdFormat = "must be 1-64 letters, digits, '-' or '_' (租赁编号应为1-64位字母、数字、-或_)";
    public const string Mobile = "must be a mainland mobile number: 11 digits starting 13-19 (手机号应为1[3-9]开头的11位数字)";
    public const string Email = "must be an email address like name@example.com (邮箱地址格式不正确)";
    public const string Contact = "needs an email or a mobile (邮箱和手机号至少填写一项)";
    public const string DateFormat = "must be a date yyyy-MM-dd (日期格式应为yyyy-MM-dd)";
    public const string OutOfRange = "is out of range (数值超出范围)";
    public const string Positive = "must be greater than 0 (应大于0)";
    public const string TwoDecimals = "must have at most two decimals (金额最多两位小数)";
    public const string NonNegative = "must be 0 or more (不得为负数)";
    public const string WholeNumber = "must be a whole number (应为整数)";
    public const string AtLeastOne = "must be at least 1 (应为正整数)";
    public const string DecidedOnRequired = "is required when result is recorded (记录考核结果时须填写决定日期)";
    public const string ResultRequired = "is required when decidedOn is recorded (记录决定日期时须填写考核结果)";
    public const string NoticeWithoutResult = "needs a recorded result (记录通知日期时须已有考核结果)";

    public static string UnknownProperty(string name) => $"unknown property '{name}' (未知字段'{name}')";

    public static string DuplicateProperty(string name) => $"property '{name}' appears more than once (字段'{name}'重复)";

    public static string NotADay(string text) => $"'{text}' is not a calendar date (日期不存在)";

    public static string UnknownDistrict(string code) => $"'{code}' is not a configured district code (未配置的区代码)";

    public static string OneOf(string text, IEnumerable<string> allowed)
    {
        var list = string.Join(", ", allowed);
        return $"must be one of {list}, not '{text}' (取值应为{list}之一)";
    }

    public static string LeaseEndBeforeStart(DateOnly start) =>
        $"must not be before leaseStart {FieldFormats.FormatDate(start)} (租赁结束日不得早于开始日)";

    public static string TotalBelowLease(int leaseYears) =>
        $"must be at least leaseYears ({leaseYears}) (总年期不得少于租赁年期)";

    public static string NoticeBeforeDecision(DateOnly decidedOn) =>
        $"must not be before decidedOn {FieldFormats.FormatDate(decidedOn)} (通知日期不得早于决定日期)";

    public static string RenewalEndNotAfterLeaseEnd(DateOnly leaseEnd) =>
        $"must be after leaseEnd {FieldFormats.FormatDate(leaseEnd)} (续租结束日应晚于原租赁结束日)";

    public const string ApprovedAndRefused = "must not be recorded together with approvedOn: a renewal is approved or refused (续租不能既批准又拒绝)";

    public static string DecisionBeforeApplication(DateOnly appliedOn) =>
        $"must not be before appliedOn {FieldFormats.FormatDate(appliedOn)} (续租决定日期不得早于申请日期)";

    public static string RenewalEndDisagreesWithYears(DateOnly expected, int years) =>
        $"must be {FieldFormats.FormatDate(expected)}, the last day of {years} year(s) after leaseEnd, as approvedYears says (续租截止日应与批准年期一致：{FieldFormats.FormatDate(expected)})";

    public static string DuplicateLeaseId(string leaseId, int index, int firstIndex) =>
        $"duplicate leaseId '{leaseId}' at index {index}, also at index {firstIndex} (租赁编号在本批中重复)";

    public static string Malformed(JsonException exception)
    {
        // The reader's message ends with " LineNumber: 0 | BytePositionInLine: 10."; say it 1-based instead.
        var text = exception.Message;
        var cut = text.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        var where = exception.LineNumber is { } line
            ? $" at line {line + 1}, byte {exception.BytePositionInLine.GetValueOrDefault() + 1}"
            : string.Empty;
        return $"malformed JSON{where}: {text.Trim()} (JSON格式错误)";
    }

    public static string WrongType(string expected, string expectedZh, JsonValueKind actual) =>
        $"must be {expected}, not {KindName(actual)} ({expectedZh})";

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
