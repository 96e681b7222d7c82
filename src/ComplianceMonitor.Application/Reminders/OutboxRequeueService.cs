using System.Globalization;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Domain.Calendar;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>Which dead reminders an operator asks to send again: by id, by the reason they died, by the day they died (all given must match).</summary>
/// <param name="Districts">The districts to look in.</param>
/// <param name="Ids">Outbox ids (exact); empty for any.</param>
/// <param name="Reason">Text the entry's last error contains (ignoring case), or null for any.</param>
/// <param name="Day">The Beijing day the entry died (its last delivery attempt), or null for any.</param>
public sealed record OutboxRequeueFilter(IReadOnlyCollection<string> Districts, IReadOnlyCollection<string> Ids, string? Reason, DateOnly? Day)
{
    /// <summary>Whether at least one of id, reason and day narrows the choice (a requeue of every dead entry must be asked for by name).</summary>
    public bool IsNarrowed => Ids.Count > 0 || !string.IsNullOrWhiteSpace(Reason) || Day is not null;
}

/// <summary>What became of one matched dead entry.</summary>
public enum RequeueOutcome
{
    /// <summary>Dry run: it would be requeued.</summary>
    WouldRequeue,

    /// <summary>Put back to pending (audited).</summary>
    Requeued,

    /// <summary>It changed since it was read (another operator or a dispatcher): left as it is, nothing audited.</summary>
    Changed,
}

/// <summary>One matched dead entry.</summary>
/// <param name="Entry">The entry as read (dead).</param>
/// <param name="DiedOn">The Beijing day of its last delivery attempt, or null when the log has none.</param>
/// <param name="Outcome">What was done.</param>
public sealed record RequeueItem(OutboxEntry Entry, DateOnly? DiedOn, RequeueOutcome Outcome);

/// <summary>The result of <see cref="OutboxRequeueService.RequeueAsync"/>.</summary>
/// <param name="Items">The matched dead entries, by district then id.</param>
/// <param name="Applied">False for a dry run (nothing written).</param>
/// <param name="UnmatchedIds">Ids asked for that are not dead entries of the districts (missing, or not dead).</param>
public sealed record OutboxRequeueResult(IReadOnlyList<RequeueItem> Items, bool Applied, IReadOnlyList<string> UnmatchedIds)
{
    /// <summary>How many entries were put back to pending.</summary>
    public int Requeued => Items.Count(i => i.Outcome == RequeueOutcome.Requeued);
}

/// <summary>
/// An operator's decision to send dead reminders again (<c>cm outbox requeue</c>): each matched dead entry goes back to
/// pending, once, with an audit row naming the operator.
/// </summary>
/// <remarks>
/// <para>Once: the entry keeps its attempt count, so a revived entry that dispatched at its maximum gets exactly one more
/// attempt; if that fails too it is dead again, until an operator decides again. Idempotent: a second run finds the
/// entry pending (no longer dead) and does nothing; two operators at once race on the entry's ETag and one wins.</para>
/// <para>No change without its audit: the audit row is written first (pending), then the entry under its ETag, then the
/// row is confirmed; a write that lost the race removes its row; a writer that stops in between leaves a pending row
/// (the outcome unknown), never a revived entry without a row.</para>
/// </remarks>
public sealed class OutboxRequeueService
{
    private readonly IOutboxStore _outbox;
    private readonly IDeliveryLog _log;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public OutboxRequeueService(IOutboxStore outbox, IDeliveryLog log, IAuditLog audit, TimeProvider time)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Lists (<paramref name="apply"/> false) or requeues the dead entries matching <paramref name="filter"/>.</summary>
    /// <param name="filter">Which entries.</param>
    /// <param name="actor">Who decides (recorded in the audit row).</param>
    /// <param name="note">Why, or null.</param>
    /// <param name="apply">False: list only, write nothing.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentException">No id, reason or day given (field <c>filter</c>), or no actor (field <c>actor</c>).</exception>
    public async Task<OutboxRequeueResult> RequeueAsync(OutboxRequeueFilter filter, string actor, string? note, bool apply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!filter.IsNarrowed)
        {
            throw new ArgumentException("filter: give at least one of --id, --reason or --day (requeueing every dead reminder must be a choice).", nameof(filter));
        }

        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ArgumentException("actor: who requeues is required.", nameof(actor));
        }

        var ids = filter.Ids.Select(i => i.Trim()).Where(i => i.Length > 0).ToHashSet(StringComparer.Ordinal);
        var matched = await MatchAsync(filter, ids, cancellationToken).ConfigureAwait(false);
        var unmatched = ids.Where(id => !matched.Any(m => m.Entry.Id == id)).Order(StringComparer.Ordinal).ToList();
        var items = new List<RequeueItem>(matched.Count);
        foreach (var (entry, diedOn) in matched)
        {
            items.Add(new RequeueItem(entry, diedOn, apply ? await ReviveAsync(entry, actor.Trim(), note, cancellationToken).ConfigureAwait(false) : RequeueOutcome.WouldRequeue));
        }

        return new OutboxRequeueResult(items, apply, unmatched);
    }

    /// <summary>
    /// Lists the dead entries matching <paramref name="filter"/> (which may be un-narrowed: every dead entry of its
    /// districts), each with the day it died, by district then id; writes nothing. What <see cref="RequeueAsync"/> would match.
    /// </summary>
    public async Task<IReadOnlyList<RequeueItem>> ListDeadAsync(OutboxRequeueFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var ids = filter.Ids.Select(i => i.Trim()).Where(i => i.Length > 0).ToHashSet(StringComparer.Ordinal);
        var matched = await MatchAsync(filter, ids, cancellationToken).ConfigureAwait(false);
        return [.. matched.Select(m => new RequeueItem(m.Entry, m.DiedOn, RequeueOutcome.WouldRequeue))];
    }

    private async Task<List<(OutboxEntry Entry, DateOnly? DiedOn)>> MatchAsync(OutboxRequeueFilter filter, HashSet<string> ids, CancellationToken cancellationToken)
    {
        var matched = new List<(OutboxEntry Entry, DateOnly? DiedOn)>();
        foreach (var district in filter.Districts)
        {
            await foreach (var item in _outbox.ListAsync(district, [OutboxStatus.Dead], cancellationToken).ConfigureAwait(false))
            {
                if (item.Item is not { Status: OutboxStatus.Dead } entry
                    || (ids.Count > 0 && !ids.Contains(entry.Id))
                    || (!string.IsNullOrWhiteSpace(filter.Reason) && (entry.LastError is null || !entry.LastError.Contains(filter.Reason.Trim(), StringComparison.OrdinalIgnoreCase))))
                {
                    continue;
                }

                var diedOn = await DiedOnAsync(entry, cancellationToken).ConfigureAwait(false);
                if (filter.Day is { } day && diedOn != day)
                {
                    continue;
                }

                matched.Add((entry, diedOn));
            }
        }

        matched.Sort((a, b) => string.CompareOrdinal(a.Entry.DistrictCode + "/" + a.Entry.Id, b.Entry.DistrictCode + "/" + b.Entry.Id));
        return matched;
    }

    private async Task<RequeueOutcome> ReviveAsync(OutboxEntry entry, string actor, string? note, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var audit = new AuditEntry(
            now,
            actor,
            AuditEntry.OutboxRequeued,
            entry.LeaseId,
            $"{entry.Id}: dead ({Clip(entry.LastError ?? "no error recorded")}); {entry.Attempts} attempt(s)",
            $"{entry.Id}: pending",
            string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        var auditId = await _audit.AppendPendingAsync(audit, cancellationToken).ConfigureAwait(false);

        // An exception below leaves the audit row pending: the write's outcome is unknown, and the row says so.
        var revived = entry with { Status = OutboxStatus.Pending, NextAttemptAt = null, ClaimToken = null, ClaimExpiresAt = null };
        var results = await _outbox.UpdateManyAsync(entry.DistrictCode, [revived], cancellationToken).ConfigureAwait(false);
        if (results[0].Outcome == WriteOutcome.Updated)
        {
            await _audit.ConfirmAsync(audit.Subject, auditId, cancellationToken).ConfigureAwait(false);
            return RequeueOutcome.Requeued;
        }

        await _audit.DiscardAsync(audit.Subject, auditId, cancellationToken).ConfigureAwait(false);
        return RequeueOutcome.Changed;
    }

    private async Task<DateOnly?> DiedOnAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        await foreach (var attempt in _log.ListAsync(entry.DistrictCode, entry.Id, cancellationToken).ConfigureAwait(false))
        {
            var at = attempt.FinishedAt ?? attempt.StartedAt;
            if (last is null || at > last)
            {
                last = at;
            }
        }

        return last is { } instant ? BeijingClock.DateOf(instant) : null;
    }

    private static string Clip(string text) => text.Length <= 200 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..200]}…");
}
