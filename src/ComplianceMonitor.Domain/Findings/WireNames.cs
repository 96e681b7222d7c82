using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Findings;

/// <summary>The names enum values take on the wire (records.md): camelCase, stable once released.</summary>
public static class WireNames
{
    public static string Of(FindingStatus status) => status switch
    {
        FindingStatus.Upcoming => "upcoming",
        FindingStatus.Due => "due",
        FindingStatus.Overdue => "overdue",
        FindingStatus.Violation => "violation",
        FindingStatus.Info => "info",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Of(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Warning => "warning",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static string Of(Responsible responsible) => responsible switch
    {
        Responsible.LandUser => "landUser",
        Responsible.District => "district",
        Responsible.City => "city",
        _ => throw new ArgumentOutOfRangeException(nameof(responsible), responsible, null),
    };

    public static string Of(SupplyMode mode) => mode switch
    {
        SupplyMode.New => "new",
        SupplyMode.Existing => "existing",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static string Of(AssessmentResult result) => result switch
    {
        AssessmentResult.Passed => "passed",
        AssessmentResult.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };

    public static string Of(RentPeriod period) => period switch
    {
        RentPeriod.Lease => "lease",
        RentPeriod.Renewal => "renewal",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    public static string Of(LeaseEventType type) => type switch
    {
        LeaseEventType.Transfer => "transfer",
        LeaseEventType.Sublease => "sublease",
        LeaseEventType.Mortgage => "mortgage",
        LeaseEventType.UseChange => "useChange",
        LeaseEventType.IndustryChange => "industryChange",
        LeaseEventType.RealEstateDevelopment => "realEstateDevelopment",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses a wire status name; false when unknown.</summary>
    public static bool TryParseStatus(string? text, out FindingStatus status)
    {
        foreach (var s in Enum.GetValues<FindingStatus>())
        {
            if (Of(s) == text)
            {
                status = s;
                return true;
            }
        }

        status = default;
        return false;
    }
}
