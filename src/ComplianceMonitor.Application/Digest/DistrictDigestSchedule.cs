using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using Cronos;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Where a district's effective schedule or recipients came from.</summary>
public enum DigestSettingSource
{
    /// <summary><c>Digest__DefaultCron</c> (or the built-in default).</summary>
    Default,

    /// <summary><c>Digest__Districts__{code}__*</c>.</summary>
    Configuration,

    /// <summary>A stored per-district schedule (<see cref="IDigestScheduleStore"/>).</summary>
    Stored,
}

/// <summary>What a check of one district's schedule at one instant found.</summary>
public enum DigestDueKind
{
    /// <summary>No occurrence on today's Beijing date at or before the instant.</summary>
    NotDue,

    /// <summary>Today's latest occurrence has come, but today is an off-day: it is skipped, not postponed.</summary>
    OffDay,

    /// <summary>Today's latest occurrence has come and today is a working day: the digest is due.</summary>
    Due,
}

/// <summary>The result of <see cref="DistrictDigestSchedule.Check"/>.</summary>
/// <param name="Kind">Due, off-day or not due.</param>
/// <param name="Occurrence">The occurrence (UTC instant) for <see cref="DigestDueKind.Due"/> and <see cref="DigestDueKind.OffDay"/>, else null.</param>
/// <param name="Date">The Beijing date of the check.</param>
public sealed record DigestDueCheck(DigestDueKind Kind, DateTimeOffset? Occurrence, DateOnly Date);

/// <summary>One district's effective digest schedule and recipients.</summary>
/// <param name="DistrictCode">The jurisdiction code.</param>
/// <param name="CronText">The Cronos expression as written.</param>
/// <param name="Cron">The parsed expression, evaluated in Beijing time.</param>
/// <param name="CronSource">Where the expression came from.</param>
/// <param name="Recipients">The supervisors' addresses (empty: no digest is sent).</param>
/// <param name="RecipientsSource">Where the addresses came from.</param>
/// <param name="Enabled">False when a stored schedule pauses the district's digest.</param>
public sealed record DistrictDigestSchedule(
    string DistrictCode,
    string CronText,
    CronExpression Cron,
    DigestSettingSource CronSource,
    IReadOnlyList<EmailAddress> Recipients,
    DigestSettingSource RecipientsSource,
    bool Enabled = true)
{
    /// <summary>Whether a digest is due at <paramref name="nowUtc"/>: the latest occurrence at or before it on the same Beijing date, skipped on off-days.</summary>
    /// <remarks>
    /// Only today's occurrences count, so a run that comes late (a past-due timer, an instance that was down) catches up
    /// the latest occurrence of the day and never an earlier one or one of an earlier day. An occurrence on an off-day of
    /// <paramref name="calendar"/> is not sent at all; the next occurrence that falls on a working day is.
    /// </remarks>
    public DigestDueCheck Check(DateTimeOffset nowUtc, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = BeijingClock.DateOf(nowUtc);
        var latest = Cron.GetPreviousOccurrence(nowUtc.ToUniversalTime(), BeijingClock.TimeZone, inclusive: true);
        if (latest is not { } occurrence || BeijingClock.DateOf(occurrence) != today)
        {
            return new DigestDueCheck(DigestDueKind.NotDue, null, today);
        }

        var utc = occurrence.ToUniversalTime();
        return calendar.IsOffDay(today)
            ? new DigestDueCheck(DigestDueKind.OffDay, utc, today)
            : new DigestDueCheck(DigestDueKind.Due, utc, today);
    }

    /// <summary>The instants (UTC) at which digests go out between the Beijing dates <paramref name="from"/> and <paramref name="to"/> (both inclusive): occurrences on working days.</summary>
    public IReadOnlyList<DateTimeOffset> SendTimes(DateOnly from, DateOnly to, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var start = BeijingClock.At(from, TimeOnly.MinValue);
        var end = BeijingClock.At(to.AddDays(1), TimeOnly.MinValue);
        return [.. Cron.GetOccurrences(start, end, BeijingClock.TimeZone, fromInclusive: true, toInclusive: false)
            .Select(o => o.ToUniversalTime())
            .Where(o => calendar.IsWorkingDay(BeijingClock.DateOf(o)))];
    }
}
