namespace ComplianceMonitor.Domain.Agreements;

/// <summary>The parameters of the agreement watch (agreement.md): escalation, reporting day, readiness thresholds, return follow-up.</summary>
/// <remarks>Part of a parameter set (<c>agreement</c> in <c>Policy/Data/parameter-sets.json</c>); defaults here, data wins.</remarks>
public sealed record AgreementParameters
{
    /// <summary>Days a milestone may be late before a task goes to the department. <value>The default value is 15.</value></summary>
    public int MilestoneEscalationDays { get; init; } = 15;

    /// <summary>Days before an agreed milestone its reminders start. <value>The default value is 30.</value></summary>
    public int MilestoneReminderLeadDays { get; init; } = 30;

    /// <summary>Month of the reporting day by which last year's actuals are due. <value>The default value is 4 (April).</value></summary>
    public int IndicatorReportingMonth { get; init; } = 4;

    /// <summary>Day of month of the reporting day. <value>The default value is 1.</value></summary>
    public int IndicatorReportingDay { get; init; } = 1;

    /// <summary>An indicator at this ratio of its target or better (but below 1) is <c>atRisk</c>; below it, <c>offTrack</c>. <value>The default value is 0.8.</value></summary>
    public decimal ReadinessAtRiskRatio { get; init; } = 0.8m;

    /// <summary>A milestone not achieved more than this many days after its agreed day is <c>offTrack</c>; late by less, <c>atRisk</c>. <value>The default value is 90.</value></summary>
    public int ReadinessOffTrackDaysLate { get; init; } = 90;

    /// <summary>The digest lists leases not on track whose assessment application deadline is within this many days. <value>The default value is 180.</value></summary>
    public int ReadinessDigestWindowDays { get; init; } = 180;

    /// <summary>Days after acceptance of a return by which the district aims to pay the refund (a follow-up target, no legal day). <value>The default value is 30.</value></summary>
    public int ReturnRefundFollowUpDays { get; init; } = 30;

    /// <summary>The reporting day for the actuals of <paramref name="year"/>: the reporting month and day of the next year.</summary>
    public DateOnly ReportingDayFor(int year)
    {
        var nextYear = year + 1;
        var day = Math.Min(IndicatorReportingDay, DateTime.DaysInMonth(nextYear, IndicatorReportingMonth));
        return new DateOnly(nextYear, IndicatorReportingMonth, day);
    }
}
