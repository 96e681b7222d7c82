using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Contacts;

/// <summary>The result of a preferences or snooze command.</summary>
/// <param name="LeaseId">The lease named in the command.</param>
/// <param name="DistrictCode">Its district.</param>
/// <param name="Changed">Whether anything changed (false: it already was so; nothing written, nothing audited).</param>
/// <param name="Audit">The audit entry written, or null when nothing changed.</param>
/// <param name="ReleasedEntries">Held outbox entries released for the next dispatch (snooze lift only).</param>
public sealed record SettingsChange(string LeaseId, string DistrictCode, bool Changed, AuditEntry? Audit, int ReleasedEntries = 0);

/// <summary>Changes people make to how notices go: an enterprise stopping or resuming SMS, a supervisor snoozing a lease.</summary>
/// <remarks>
/// Each change is audited in <see cref="IAuditLog"/> (who, when, from what to what, why) in an order that cannot lose the
/// audit row: the row first (pending), then the change under its ETag, then the row confirmed (a change that lost a race
/// removes its row and is re-read and re-applied, at most three times). A change that changes nothing is neither written
/// nor audited. Errors name the field (<c>leaseId</c>, <c>until</c>, <c>reason</c>, <c>by</c>).
/// </remarks>
public sealed partial class ContactSettingsService
{
    private const int MaxTries = 3;
    private readonly ILeaseStore _leases;
    private readonly IContactPreferencesStore _preferences;
    private readonly ISnoozeStore _snoozes;
    private readonly IAuditLog _audit;
    private readonly IOutboxStore _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger<ContactSettingsService> _logger;

    /// <summary>Creates the service.</summary>
    public ContactSettingsService(
        ILeaseStore leases,
        IContactPreferencesStore preferences,
        ISnoozeStore snoozes,
        IAuditLog audit,
        IOutboxStore outbox,
        TimeProvider time,
        ILogger<ContactSettingsService> logger)
    {
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        _preferences = preferences ?? throw new ArgumentNullException(nameof(preferences));
        _snoozes = snoozes ?? throw new ArgumentNullException(nameof(snoozes));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Stops SMS to the enterprise holding <paramref name="leaseId"/> (critical notices still go by SMS).</summary>
    public Task<SettingsChange> StopSmsAsync(string leaseId, string by, string? reason = null, CancellationToken cancellationToken = default) =>
        SetSmsAsync(leaseId, stop: true, by, reason, null, cancellationToken);

    /// <summary>
    /// Stops SMS to the enterprise holding <paramref name="leaseId"/> through <paramref name="until"/> (a Beijing date,
    /// inclusive, not before today), with a required <paramref name="reason"/>; replaces an earlier stop's end and reason.
    /// </summary>
    /// <exception cref="ArgumentException">No reason (field <c>reason</c>), or <paramref name="until"/> before today (field <c>until</c>).</exception>
    public Task<SettingsChange> StopSmsAsync(string leaseId, DateOnly until, string reason, string by, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("reason: an SMS stop needs a reason", nameof(reason));
        }

        var today = BeijingClock.DateOf(_time.GetUtcNow());
        if (until < today)
        {
            throw new ArgumentException($"until: {until:yyyy-MM-dd} is before today ({today:yyyy-MM-dd}, Beijing)", nameof(until));
        }

        return SetSmsAsync(leaseId, stop: true, by, reason.Trim(), until, cancellationToken);
    }

    /// <summary>Resumes SMS to the enterprise holding <paramref name="leaseId"/>.</summary>
    public Task<SettingsChange> ResumeSmsAsync(string leaseId, string by, string? reason = null, CancellationToken cancellationToken = default) =>
        SetSmsAsync(leaseId, stop: false, by, reason, null, cancellationToken);

    /// <summary>
    /// Snoozes the notices of <paramref name="leaseId"/> (of one <paramref name="rule"/>, or all when null) through
    /// <paramref name="until"/> (a Beijing date, inclusive), replacing an earlier snooze of the same scope.
    /// </summary>
    public async Task<SettingsChange> SnoozeAsync(string leaseId, RuleCode? rule, DateOnly until, string reason, string by, CancellationToken cancellationToken = default)
    {
        var lease = await FindLeaseAsync(leaseId, cancellationToken).ConfigureAwait(false);
        var district = lease.Record.DistrictCode;
        for (var attempt = 1; ; attempt++)
        {
            var now = _time.GetUtcNow();
            var current = await _snoozes.GetAsync(district, lease.Record.LeaseId, rule, cancellationToken).ConfigureAwait(false);
            var (snooze, audit) = Snooze.Create(lease.Record.LeaseId, rule, reason, until, by, now, current?.Value);
            if (current is not null && current.Value.Until == snooze.Until && current.Value.Reason == snooze.Reason)
            {
                return new SettingsChange(lease.Record.LeaseId, district, false, null);
            }

            if (await AuditedAsync(audit, async () => await _snoozes.SaveAsync(district, snooze, current?.ETag, cancellationToken).ConfigureAwait(false) is not null, cancellationToken).ConfigureAwait(false))
            {
                SnoozeSet(_logger, lease.Record.LeaseId, rule, until, by);
                return new SettingsChange(lease.Record.LeaseId, district, true, audit);
            }

            ThrowIfExhausted(attempt, "snooze");
        }
    }

    /// <summary>
    /// Lifts the snooze of <paramref name="leaseId"/> (of one <paramref name="rule"/>, or the one for all rules) and
    /// releases the lease's held reminders for the next dispatch (quiet hours still apply to SMS).
    /// </summary>
    /// <exception cref="ArgumentException">The lease is unknown, or has no such snooze (field <c>leaseId</c>).</exception>
    public async Task<SettingsChange> LiftSnoozeAsync(string leaseId, RuleCode? rule, string by, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var lease = await FindLeaseAsync(leaseId, cancellationToken).ConfigureAwait(false);
        var district = lease.Record.DistrictCode;
        for (var attempt = 1; ; attempt++)
        {
            var current = await _snoozes.GetAsync(district, lease.Record.LeaseId, rule, cancellationToken).ConfigureAwait(false)
                ?? throw new ArgumentException($"leaseId: lease {lease.Record.LeaseId} has no snooze{(rule is null ? string.Empty : " for " + rule)} to lift", nameof(leaseId));
            var now = _time.GetUtcNow();
            var audit = current.Value.Lift(by, now, reason);
            if (await AuditedAsync(audit, () => _snoozes.DeleteAsync(district, current.Value, current.ETag, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                var released = await ReleaseHeldAsync(district, lease.Record.LeaseId, rule, now, cancellationToken).ConfigureAwait(false);
                SnoozeLifted(_logger, lease.Record.LeaseId, rule, by, released);
                return new SettingsChange(lease.Record.LeaseId, district, true, audit, released);
            }

            ThrowIfExhausted(attempt, "snooze lift");
        }
    }

    private async Task<SettingsChange> SetSmsAsync(string leaseId, bool stop, string by, string? reason, DateOnly? until, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ArgumentException("by: who made the change is required", nameof(by));
        }

        var lease = await FindLeaseAsync(leaseId, cancellationToken).ConfigureAwait(false);
        var creditCode = lease.Record.LandUser.CreditCode;
        for (var attempt = 1; ; attempt++)
        {
            var current = await _preferences.GetAsync(creditCode, cancellationToken).ConfigureAwait(false);
            var preferences = current?.Value ?? ContactPreferences.Default(creditCode);
            // A stop with an end day changes nothing only when the same stop (end and reason) is in force.
            var same = until is null
                ? preferences.SmsStopped == stop
                : preferences.IsSmsStopped(_time.GetUtcNow()) && preferences.SmsStoppedUntil == until && preferences.StopReason == reason;
            if (same)
            {
                return new SettingsChange(lease.Record.LeaseId, lease.Record.DistrictCode, false, null);
            }

            var now = _time.GetUtcNow();
            var (updated, audit) = stop ? preferences.StopSms(by, now, reason, until) : preferences.ResumeSms(by, now, reason);
            if (await AuditedAsync(audit, async () => await _preferences.SaveAsync(updated, current?.ETag, cancellationToken).ConfigureAwait(false) is not null, cancellationToken).ConfigureAwait(false))
            {
                SmsPreferenceChanged(_logger, lease.Record.LeaseId, stop, by);
                return new SettingsChange(lease.Record.LeaseId, lease.Record.DistrictCode, true, audit);
            }

            ThrowIfExhausted(attempt, "preferences change");
        }
    }

    /// <summary>
    /// Writes <paramref name="audit"/> (pending), then the change (<paramref name="write"/>: false when it lost a race),
    /// then confirms the entry, or removes it when nothing was written. An exception from the write leaves the entry
    /// pending: the change's outcome is unknown, and the entry says so. Never a change without its entry.
    /// </summary>
    private async Task<bool> AuditedAsync(AuditEntry audit, Func<Task<bool>> write, CancellationToken cancellationToken)
    {
        var id = await _audit.AppendPendingAsync(audit, cancellationToken).ConfigureAwait(false);
        var written = await write().ConfigureAwait(false);
        if (written)
        {
            await _audit.ConfirmAsync(audit.Subject, id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _audit.DiscardAsync(audit.Subject, id, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    private async Task<int> ReleaseHeldAsync(string district, string leaseId, RuleCode? rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var released = 0;
        await foreach (var item in _outbox.ListAsync(district, [OutboxStatus.Held], cancellationToken).ConfigureAwait(false))
        {
            if (item.Item is not { } entry || entry.LeaseId != leaseId || (rule is not null && entry.Rule != rule) || entry.NextAttemptAt <= now)
            {
                continue;
            }

            // Conflicts are left alone: whoever changed the entry (a dispatcher, a scan) decides its next step.
            var results = await _outbox.UpdateManyAsync(district, [entry with { NextAttemptAt = now }], cancellationToken).ConfigureAwait(false);
            released += results[0].Outcome == WriteOutcome.Updated ? 1 : 0;
        }

        return released;
    }

    private async Task<StoredLease> FindLeaseAsync(string leaseId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(leaseId))
        {
            throw new ArgumentException("leaseId: must not be empty", nameof(leaseId));
        }

        return await _leases.FindAsync(leaseId.Trim(), cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"leaseId: no lease {leaseId.Trim()} is stored", nameof(leaseId));
    }

    private static void ThrowIfExhausted(int attempt, string what)
    {
        if (attempt >= MaxTries)
        {
            throw new InvalidOperationException($"The {what} conflicted with {MaxTries} concurrent changes in a row; try again.");
        }
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "SMS to the holder of lease {LeaseId} stopped={SmsStopped} by {Actor}")]
    private static partial void SmsPreferenceChanged(ILogger logger, string leaseId, bool smsStopped, string actor);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Notices of lease {LeaseId} (rule {Rule}, none = all rules) snoozed until {Until} by {Actor}")]
    private static partial void SnoozeSet(ILogger logger, string leaseId, RuleCode? rule, DateOnly until, string actor);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Snooze of lease {LeaseId} (rule {Rule}, none = all rules) lifted by {Actor}; {Released} held reminder(s) released")]
    private static partial void SnoozeLifted(ILogger logger, string leaseId, RuleCode? rule, string actor, int released);
}
