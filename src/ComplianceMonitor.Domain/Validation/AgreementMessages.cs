namespace ComplianceMonitor.Domain.Validation;

/// <summary>The texts of the agreement's validation errors (agreement.md): short English, then Chinese in brackets.</summary>
internal static class AgreementMessages
{
    public const string IndicatorCode = "must be 1-64 letters, digits, '-' or '_' (指标代码应为1-64位字母、数字、-或_)";
    public const string Period = "must be a year yyyy, e.g. \"2025\" (期间应为四位年份，如\"2025\")";
    public const string AcceptedWithoutApplication = "needs appliedOn (记录受理日期时须已有申请日期)";
    public const string RefundWithoutAcceptance = "needs acceptedOn (记录退款日期时须已受理)";

    public static string DuplicateKind(string kind) => $"milestone '{kind}' appears more than once (节点'{kind}'重复)";

    public static string DuplicateCode(string code) => $"indicator '{code}' appears more than once (指标'{code}'重复)";

    public static string DuplicatePeriod(string period) => $"period '{period}' appears more than once (期间'{period}'重复)";

    public static string CompletionDisagrees(DateOnly completedOn) =>
        $"must equal constructionCompletedOn {FieldFormats.FormatDate(completedOn)} when both are given (竣工节点实际日期应与竣工日期一致)";

    public static string NotBefore(string other, DateOnly day) =>
        $"must not be before {other} {FieldFormats.FormatDate(day)} (日期不得早于{other})";
}
