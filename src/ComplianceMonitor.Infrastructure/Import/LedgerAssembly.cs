using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>Finishes a CSV or workbook import: duplicate ids, validation of every lease, errors in file order, all or nothing.</summary>
internal static class LedgerAssembly
{
    /// <summary>Validates every draft and builds the result; records only when there is no error anywhere.</summary>
    /// <param name="drafts">The leases in file order.</param>
    /// <param name="fileErrors">Problems found outside the leases' rows (headers, sheets, unlinked child rows).</param>
    /// <param name="rowsRead">Non-empty data rows read.</param>
    /// <param name="sourceOrder">Sources (sheets) in the order their errors are listed; others come after, by name.</param>
    public static LedgerReadResult Complete(
        IReadOnlyList<LeaseDraft> drafts, IReadOnlyList<ImportError> fileErrors, int rowsRead, IReadOnlyList<string> sourceOrder)
    {
        var firstById = new Dictionary<string, LeaseDraft>(StringComparer.Ordinal);
        foreach (var draft in drafts.Where(d => !string.IsNullOrEmpty(d.LeaseId)))
        {
            if (firstById.TryGetValue(draft.LeaseId!, out var first))
            {
                draft.RowError("leaseId", $"租赁编号「{draft.LeaseId}」重复，{first.RowPrefix}已有同一编号");
            }
            else
            {
                firstById[draft.LeaseId!] = draft;
            }
        }

        var records = new List<LeaseRecord>(drafts.Count);
        var errors = new List<ImportError>(fileErrors);
        foreach (var draft in drafts)
        {
            var (record, draftErrors) = draft.Validate();
            errors.AddRange(draftErrors);
            if (record is not null)
            {
                records.Add(record);
            }
        }

        // Stable sort: within one sheet row, cell problems keep column order and come before the record reader's.
        var ordered = errors
            .OrderBy(e => e.Row is null ? 0 : 1)
            .ThenBy(e => Rank(sourceOrder, e.Source))
            .ThenBy(e => e.Source, StringComparer.Ordinal)
            .ThenBy(e => e.Row ?? 0)
            .ToList();
        return new LedgerReadResult(ordered.Count == 0 ? records : [], ordered, rowsRead);
    }

    private static int Rank(IReadOnlyList<string> order, string source)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (string.Equals(order[i], source, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return order.Count;
    }
}
