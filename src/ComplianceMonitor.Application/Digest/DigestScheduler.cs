using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Digest;

/// <summary>What one run did for one district.</summary>
public enum DigestRunResult
{
    /// <summary>No occurrence of the district's schedule has come today.</summary>
    NotDue,

    /// <summary>Today's occurrence has come but today is an off-day: skipped.</summary>
    OffDay,

    /// <summary>The district has no recipients (or its digest is paused): nothing to send.</summary>
    NoRecipients,

    /// <summary>This run sent the digest.</summary>
    Sent,

    /// <summary>The digest of this occurrence was sent before (by this or another run).</summary>
    AlreadySent,

    /// <summary>Another run holds the claim and is sending it now.</summary>
    ClaimedElsewhere,

    /// <summary>This run tried and failed for a reason that may pass; a later run tries again.</summary>
    Failed,

    /// <summary>An earlier attempt failed and asked to wait; a later run tries again.</summary>
    WaitingToRetry,

    /// <summary>Given up for this occurrence (rejected for good or out of attempts).</summary>
    Abandoned,
}

/// <summary>The outcome of one district in one run.</summary>
/// <param name="DistrictCode">The district.</param>
/// <param name="Result">What happened.</param>
/// <param name="Occurrence">The occurrence considered (UTC), or null when none was due.</param>
/// <param name="Error">The failure (masked), when there was one.</param>
public sealed record DigestDistrictOutcome(string DistrictCode, DigestRunResult Result, DateTimeOffset? Occurrence, string? Error = null);

/// <summary>Sends each district's digest once per scheduled occurrence (Flow 3), however often and however many instances call it.</summary>
/// <remarks>
/// <para>On each call (the timer, every few minutes) every district's schedule is checked at the given instant
/// (<see cref="DistrictDigestSchedule.Check"/>): the latest occurrence of the Beijing day that has come, on a working day.
/// The send is claimed by inserting the occurrence's <see cref="DigestRecord"/> (a conditional insert: only one caller
/// can create it), then the digest is built, sent, and the outcome recorded under the record's ETag.</para>
/// <para>A timer firing twice or two instances running at once find the record and leave it alone. A transient failure
/// is recorded as <see cref="DigestRecordStatus.Failed"/> and retried by the next run, which takes the record over under its
/// ETag (so again only one can); a success is never sent again. A permanent rejection, or
/// <see cref="DigestOptions.MaxAttempts"/> failures, abandons the occurrence. A refusal of our account by the provider
/// (<see cref="SendResult.ChannelRefused"/>: a bad or rotated key, an unverified sender) holds it instead: retried every
/// <see cref="AccountRefusedRetry"/>, not counted as an attempt, sent once the account is fixed. A claim left in
/// <see cref="DigestRecordStatus.Sending"/> longer than <see cref="DigestOptions.ClaimTimeoutMinutes"/> (the process died) is
/// taken over: if the process died after the provider accepted the message but before it was recorded, that one
/// digest is sent twice. That is the one case where a send can repeat; losing a digest is the alternative.</para>
/// <para>Districts are handled one after another; a failure in one does not stop the others.</para>
/// </remarks>
public sealed class DigestScheduler
{
    /// <summary>How long a digest waits after the email provider refused our account (<see cref="SendResult.ChannelRefused"/>) before the next try.</summary>
    public static readonly TimeSpan AccountRefusedRetry = TimeSpan.FromHours(1);

    private readonly DigestSchedules _schedules;
    private readonly DigestService _digests;
    private readonly IDigestRecordStore _records;
    private readonly IEmailSender _email;
    private readonly WorkingDayCalendar _calendar;
    private readonly DigestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the scheduler.</summary>
    public DigestScheduler(
        DigestSchedules schedules,
        DigestService digests,
        IDigestRecordStore records,
        IEmailSender email,
        WorkingDayCalendar calendar,
        IOptions<DigestOptions> options,
        TimeProvider timeProvider,
        ILogger<DigestScheduler> logger)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(digests);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        (_schedules, _digests, _records, _email, _calendar, _options, _time, _logger) = (schedules, digests, records, email, calendar, options.Value, timeProvider, logger);
    }

    /// <summary>This instance's name in the claims it makes (random per instance).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Sends every district digest that is due at <paramref name="nowUtc"/> and not yet sent.</summary>
    /// <param name="nowUtc">The instant of the run (the timer's time); schedules are checked at this instant.</param>
    /// <param name="cancellationToken">Cancels the run (a claim in progress is taken over after the claim timeout).</param>
    /// <returns>One outcome per jurisdiction, in Jurisdiction.All order.</returns>
    public async Task<IReadOnlyList<DigestDistrictOutcome>> RunDueAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken = default)
    {
        var schedules = await _schedules.ResolveAllAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = new List<DigestDistrictOutcome>(schedules.Count);
        foreach (var schedule in schedules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DigestDistrictOutcome outcome;
            try
            {
                outcome = await RunDistrictAsync(schedule, nowUtc, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                DigestLog.DistrictFailed(_logger, ex, schedule.DistrictCode);
                outcome = new DigestDistrictOutcome(schedule.DistrictCode, DigestRunResult.Failed, null, DigestText.MaskContacts($"{ex.GetType().Name}: {ex.Message}"));
            }

            outcomes.Add(outcome);
        }

        var sent = outcomes.Count(o => o.Result == DigestRunResult.Sent);
        var failed = outcomes.Count(o => o.Result is DigestRunResult.Failed or DigestRunResult.Abandoned);
        var handled = outcomes.Count(o => o.Result is DigestRunResult.AlreadySent or DigestRunResult.ClaimedElsewhere);
        DigestLog.RunFinished(_logger, nowUtc, sent, failed, handled);
        return outcomes;
    }

    private async Task<DigestDistrictOutcome> RunDistrictAsync(DistrictDigestSchedule schedule, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        var code = schedule.DistrictCode;
        var check = schedule.Check(nowUtc, _calendar);
        switch (check.Kind)
        {
            case DigestDueKind.NotDue:
                return new DigestDistrictOutcome(code, DigestRunResult.NotDue, null);
            case DigestDueKind.OffDay:
                DigestLog.OffDaySkipped(_logger, code, check.Occurrence!.Value, check.Date);
                return new DigestDistrictOutcome(code, DigestRunResult.OffDay, check.Occurrence);
        }

        var occurrence = check.Occurrence!.Value;
        if (!schedule.Enabled || schedule.Recipients.Count == 0)
        {
            return new DigestDistrictOutcome(code, DigestRunResult.NoRecipients, occurrence);
        }

        var (claim, refusal) = await ClaimAsync(code, occurrence, nowUtc, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return new DigestDistrictOutcome(code, refusal, occurrence);
        }

        DigestLog.Claimed(_logger, code, occurrence, claim.Attempts, InstanceId);
        return await SendAsync(schedule, claim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Claims the occurrence: inserts its record, or takes over a failed or stale one under its ETag.</summary>
    private async Task<(DigestRecord? Claim, DigestRunResult Refusal)> ClaimAsync(string code, DateTimeOffset occurrence, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        var key = DigestRecord.KeyFor(occurrence);
        var existing = await _records.GetAsync(code, key, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var fresh = new DigestRecord
            {
                DistrictCode = code,
                Occurrence = occurrence,
                Status = DigestRecordStatus.Sending,
                Attempts = 1,
                ClaimedAt = nowUtc,
                ClaimedBy = InstanceId,
            };
            var created = (await _records.CreateManyAsync(code, [fresh], cancellationToken).ConfigureAwait(false))[0];
            if (created.Outcome == WriteOutcome.Created)
            {
                return (fresh with { ETag = created.ETag }, default);
            }

            // Another run inserted it between our read and our insert: it owns the send.
            DigestLog.ClaimLost(_logger, code, occurrence);
            return (null, DigestRunResult.ClaimedElsewhere);
        }

        var claimTimeout = TimeSpan.FromMinutes(_options.ClaimTimeoutMinutes);
        switch (existing.Status)
        {
            case DigestRecordStatus.Sent:
                return (null, DigestRunResult.AlreadySent);
            case DigestRecordStatus.Abandoned:
                return (null, DigestRunResult.Abandoned);
            case DigestRecordStatus.Sending when existing.ClaimedAt + claimTimeout > nowUtc:
                return (null, DigestRunResult.ClaimedElsewhere);
            case DigestRecordStatus.Failed when existing.NextAttemptAt is { } next && next > nowUtc:
                return (null, DigestRunResult.WaitingToRetry);
        }

        if (existing.Status == DigestRecordStatus.Sending)
        {
            DigestLog.StaleClaimTakenOver(_logger, code, occurrence, existing.ClaimedBy, existing.ClaimedAt);
        }

        var takeover = existing with
        {
            Status = DigestRecordStatus.Sending,
            Attempts = existing.Attempts + 1,
            ClaimedAt = nowUtc,
            ClaimedBy = InstanceId,
            NextAttemptAt = null,
        };
        var updated = (await _records.UpdateManyAsync(code, [takeover], cancellationToken).ConfigureAwait(false))[0];
        if (updated.Outcome != WriteOutcome.Updated)
        {
            DigestLog.ClaimLost(_logger, code, occurrence);
            return (null, DigestRunResult.ClaimedElsewhere);
        }

        return (takeover with { ETag = updated.ETag }, default);
    }

    private async Task<DigestDistrictOutcome> SendAsync(DistrictDigestSchedule schedule, DigestRecord claim, CancellationToken cancellationToken)
    {
        var code = schedule.DistrictCode;
        SendResult result;
        string? subject = null;
        try
        {
            var model = await _digests.BuildForOccurrenceAsync(code, claim.Occurrence, cancellationToken).ConfigureAwait(false);
            foreach (var pause in model.ChannelPauses)
            {
                DigestLog.ChannelPauseReported(_logger, code, claim.Occurrence, pause.Channel, pause.PausedAt, pause.Until, pause.ProviderStatus?.ToString() ?? "(not called)", pause.Reason, pause.Waiting);
            }

            var content = _digests.Render(model);
            subject = content.Subject;
            var message = new EmailMessage
            {
                To = schedule.Recipients,
                Subject = content.Subject,
                HtmlBody = content.Html,
                TextBody = content.Text,
                Categories = ["digest", code],
                OutboxId = $"digest|{code}|{claim.Key}",
                CustomArgs = new Dictionary<string, string> { ["district"] = code, ["occurrence"] = claim.Key },
            };
            result = await _email.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Building or handing over failed before the provider took anything: worth another try.
            DigestLog.BuildOrSendThrew(_logger, ex, code, claim.Occurrence);
            result = SendResult.Retry($"{ex.GetType().Name}: {ex.Message}");
        }

        var now = _time.GetUtcNow();
        var (record, outcome) = result switch
        {
            SendResult.Accepted accepted => (
                claim with { Status = DigestRecordStatus.Sent, SentAt = now, ProviderMessageId = accepted.ProviderMessageId, LastError = null },
                DigestRunResult.Sent),
            SendResult.Transient transient when claim.Attempts < _options.MaxAttempts => (
                claim with { Status = DigestRecordStatus.Failed, NextAttemptAt = transient.RetryAfter is { } wait ? now + wait : null, LastError = Mask(transient.Reason) },
                DigestRunResult.Failed),
            SendResult.Transient transient => (
                claim with { Status = DigestRecordStatus.Abandoned, LastError = Mask(transient.Reason) },
                DigestRunResult.Abandoned),
            SendResult.Permanent permanent => (
                claim with { Status = DigestRecordStatus.Abandoned, LastError = Mask(permanent.Reason) },
                DigestRunResult.Abandoned),

            // The provider refuses our account (bad or rotated key, unverified sender): nothing is wrong with this digest. It
            // is held, not abandoned, and this attempt is not counted, so it goes out once the account is fixed.
            SendResult.ChannelRefused refused => (
                claim with { Status = DigestRecordStatus.Failed, Attempts = claim.Attempts - 1, NextAttemptAt = now + AccountRefusedRetry, LastError = Mask(refused.Reason) },
                DigestRunResult.Failed),
            _ => throw new InvalidOperationException($"Unknown send result {result}"),
        };
        record = record with { Subject = subject ?? claim.Subject, RecipientCount = schedule.Recipients.Count };

        // Recording must not be cancelled half way: the send has happened (or failed) already.
        var written = (await _records.UpdateManyAsync(code, [record], CancellationToken.None).ConfigureAwait(false))[0];
        if (written.Outcome != WriteOutcome.Updated)
        {
            DigestLog.RecordConflict(_logger, code, claim.Occurrence, DigestRecord.Wire(record.Status));
        }

        switch (outcome)
        {
            case DigestRunResult.Sent:
                var masked = string.Join(", ", schedule.Recipients.Select(r => r.ToString()));
                DigestLog.Sent(_logger, code, claim.Occurrence, schedule.Recipients.Count, masked, claim.Attempts);
                break;
            case DigestRunResult.Failed when result is SendResult.ChannelRefused refusal:
                DigestLog.HeldAccountRefused(_logger, code, claim.Occurrence, refusal.ProviderStatus?.ToString() ?? "(not called)", record.NextAttemptAt!.Value, record.LastError ?? string.Empty);
                break;
            case DigestRunResult.Failed:
                DigestLog.SendFailed(_logger, code, claim.Occurrence, claim.Attempts, record.LastError ?? string.Empty);
                break;
            default:
                DigestLog.Abandoned(_logger, code, claim.Occurrence, claim.Attempts, record.LastError ?? string.Empty);
                break;
        }

        return new DigestDistrictOutcome(code, outcome, claim.Occurrence, outcome == DigestRunResult.Sent ? null : record.LastError);
    }

    private static string Mask(string reason)
    {
        var masked = DigestText.MaskContacts(reason);
        return masked.Length > 2000 ? masked[..2000] : masked;
    }
}
