using ComplianceMonitor.Application.Storage;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>The scan's one conflict loop: write under ETags, re-read what conflicted, decide again, at most <see cref="MaxRounds"/> rounds.</summary>
/// <remarks>
/// Items still conflicted after the last round are left to the next scan: a warning names the first, and their
/// leases are unsettled (their fingerprints are not stored, so the next scan compares them in full).
/// </remarks>
internal sealed class EtagRetry
{
    /// <summary>Rounds of write, re-read and re-decide before giving up (with a warning) until the next scan.</summary>
    public const int MaxRounds = 4;

    private readonly ScanContext _scan;

    public EtagRetry(ScanContext scan) => _scan = scan;

    /// <summary>
    /// Runs <paramref name="writeRound"/> over <paramref name="work"/> until nothing is left: each round writes what it is
    /// given and returns the work to try again (re-read and re-decided), or an empty list.
    /// </summary>
    /// <param name="work">The first round's work.</param>
    /// <param name="writeRound">Writes one round; returns the next round's work.</param>
    /// <param name="leaseOf">The lease of an item, unsettled when rounds run out.</param>
    /// <param name="giveUp">The warning when rounds run out, given what is left.</param>
    public async Task RunAsync<TWork>(List<TWork> work, Func<List<TWork>, Task<List<TWork>>> writeRound, Func<TWork, string> leaseOf, Func<List<TWork>, string> giveUp)
    {
        for (var round = 0; work.Count > 0; round++)
        {
            if (round == MaxRounds)
            {
                _scan.Warn(giveUp(work));
                foreach (var w in work)
                {
                    _scan.Unsettle(leaseOf(w));
                }

                return;
            }

            work = await writeRound(work).ConfigureAwait(false);
        }
    }

    /// <summary>Updates items under their ETags; a conflicted item is re-read and <paramref name="reapply"/> decides whether it still needs the change (null: no longer).</summary>
    /// <returns>How many items were updated.</returns>
    public async Task<int> UpdateAsync<T>(IPartitionedStore<T> store, List<T> items, Func<T, T?> reapply, Func<T, string> leaseOf, string what, CancellationToken cancellationToken)
        where T : class, IStoredItem
    {
        var updated = 0;
        await RunAsync(
            items,
            async round =>
            {
                var results = await store.UpdateManyAsync(_scan.District, round, cancellationToken).ConfigureAwait(false);
                var next = new List<T>();
                for (var i = 0; i < results.Count; i++)
                {
                    if (results[i].Outcome == WriteOutcome.Updated)
                    {
                        updated++;
                        continue;
                    }

                    var fresh = await store.GetAsync(_scan.District, round[i].Key, cancellationToken).ConfigureAwait(false);
                    if (fresh is not null && reapply(fresh) is { } again)
                    {
                        next.Add(again);
                    }
                }

                return next;
            },
            leaseOf,
            left => $"{what}: {left.Count} item(s) still conflicted after {MaxRounds} rounds; the next scan retries them (first: {left[0].Key})").ConfigureAwait(false);
        return updated;
    }
}
