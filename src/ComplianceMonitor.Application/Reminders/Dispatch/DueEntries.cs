using System.Runtime.CompilerServices;
using ComplianceMonitor.Application.Storage;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders.Dispatch;

/// <summary>One item of a pass's listing: an entry due now, or an outcome already known (not due yet, district unread).</summary>
/// <param name="Entry">The entry to dispatch, or null when <paramref name="Noted"/> says all there is.</param>
/// <param name="Noted">The outcome when there is nothing to dispatch.</param>
internal readonly record struct DueItem(OutboxEntry? Entry, EntryOutcome Noted);

/// <summary>Step 1: selects the entries due now, district by district (pending or held whose time has come, sending ones whose claim expired).</summary>
/// <remarks>
/// A district whose listing fails (a storage fault) is logged and skipped: its entries wait for the next pass, and the
/// fault never reaches the pass's other districts or the sends in flight for them (an exception here would cancel the
/// whole pass). Held entries not yet due are not counted as waiting: they wait for their hour, not for this pass.
/// </remarks>
internal sealed class DueEntries(IOutboxStore outbox, IReadOnlyList<string> districts, ILogger logger)
{
    private static readonly OutboxStatus[] Statuses = [OutboxStatus.Pending, OutboxStatus.Held, OutboxStatus.Sending];

    /// <summary>The listing at <paramref name="now"/>.</summary>
    public async IAsyncEnumerable<DueItem> ReadAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var district in districts)
        {
            var items = outbox.ListAsync(district, Statuses, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var unread = false;
            try
            {
                while (true)
                {
                    StoreReadItem<OutboxEntry> item;
                    try
                    {
                        if (!await items.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        item = items.Current;
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        DispatchLog.DistrictUnreadable(logger, ex, district);
                        unread = true;
                        break;
                    }

                    if (item.Item is not { } entry)
                    {
                        DispatchLog.Unreadable(logger, district, item.Key, item.Error ?? "unreadable");
                        continue;
                    }

                    var dueAt = entry.Status == OutboxStatus.Sending ? entry.ClaimExpiresAt : entry.NextAttemptAt;
                    if (dueAt is null || dueAt <= now)
                    {
                        yield return new DueItem(entry, default);
                    }
                    else if (entry.Status != OutboxStatus.Held)
                    {
                        yield return new DueItem(null, EntryOutcome.NotDueUntil(dueAt.Value));
                    }
                }

                if (unread)
                {
                    yield return new DueItem(null, EntryOutcome.Unread(district));
                }
            }
            finally
            {
                await items.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
