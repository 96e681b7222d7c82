using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Cli.Output;

/// <summary>Writes check results as aligned tables for a person at a terminal (<c>--format text</c>).</summary>
/// <remarks>
/// Per lease: a header line (lease id, district, land user, parcel, lease term), then one row per finding
/// (rule, status, deadline, days, severity, amount, message) and the lease's warnings. Columns are aligned
/// by display width, so Chinese text (two columns a character) lines up in a monospaced terminal.
/// The text form is for reading; scripts should use the JSON contract.
/// </remarks>
public static class CheckTextOutput
{
    /// <summary>What an empty cell shows.</summary>
    public const string Empty = "-";

    private const string Indent = "  ";
    private const string Gap = "  ";

    private static readonly string[] Headings = ["RULE", "STATUS", "DEADLINE", "DAYS", "SEVERITY", "AMOUNT (YUAN)", "MESSAGE"];

    // Columns aligned to the right (numbers); the others are aligned to the left.
    private static readonly bool[] RightAligned = [false, false, false, true, false, true, false];

    /// <summary>Writes the results of checking <paramref name="records"/> (same order, same count) as of <paramref name="asOf"/>.</summary>
    public static void Write(TextWriter output, IReadOnlyList<LeaseRecord> records, IReadOnlyList<CheckResult> results, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(results);
        if (records.Count != results.Count)
        {
            throw new ArgumentException($"{records.Count} records but {results.Count} results.", nameof(results));
        }

        var ruleSet = results.Count > 0 ? results[0].RuleSet : Empty;
        output.WriteLine($"Compliance check as of {Date(asOf)} (Beijing) · rule set {ruleSet} · {Plural(results.Count, "lease")}");

        var rows = results.Select(r => r.Findings.Select(Cells).ToList()).ToList();
        var widths = ColumnWidths(rows.SelectMany(r => r));
        for (var i = 0; i < results.Count; i++)
        {
            output.WriteLine();
            output.WriteLine(Header(records[i]));
            WriteFindings(output, rows[i], widths);
            foreach (var warning in results[i].Warnings)
            {
                output.WriteLine($"{Indent}warning: {warning}");
            }

            if (results[i].Readiness is { } readiness)
            {
                output.WriteLine(ReadinessText.Line(Indent, readiness));
            }
        }

        output.WriteLine();
        output.WriteLine(Summary(results));
    }

    /// <summary>The header line of one lease: id, district, land user, parcel and term.</summary>
    public static string Header(LeaseRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var district = Jurisdiction.TryGet(record.DistrictCode, out var j) && j is not null
            ? $"{j.Name} {j.Code}"
            : record.DistrictCode;
        var term = $"lease {Date(record.LeaseStart)} → {Date(record.LeaseEnd)}";
        if (record.EffectiveLeaseEnd != record.LeaseEnd)
        {
            term += $", renewed to {Date(record.EffectiveLeaseEnd)}";
        }

        return $"{record.LeaseId} · {district} · {record.LandUser.Name} · {record.Parcel.Name} {record.Parcel.Code} · {term}";
    }

    private static void WriteFindings(TextWriter output, List<string[]> rows, int[] widths)
    {
        if (rows.Count == 0)
        {
            output.WriteLine($"{Indent}no open findings (无待办事项)");
            return;
        }

        output.WriteLine(Line(Headings, widths));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths)
    {
        var parts = new string[cells.Length];
        for (var c = 0; c < cells.Length; c++)
        {
            // The last column (the message) is not padded: nothing follows it.
            parts[c] = c == cells.Length - 1
                ? cells[c]
                : RightAligned[c] ? DisplayWidth.PadLeft(cells[c], widths[c]) : DisplayWidth.PadRight(cells[c], widths[c]);
        }

        return Indent + string.Join(Gap, parts).TrimEnd();
    }

    private static int[] ColumnWidths(IEnumerable<string[]> rows)
    {
        var widths = Headings.Select(DisplayWidth.Of).ToArray();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], DisplayWidth.Of(row[c]));
            }
        }

        return widths;
    }

    private static string[] Cells(Finding f) =>
    [
        f.Rule.ToString(),
        WireNames.Of(f.Status),
        f.Deadline is { } d ? Date(d) : Empty,
        f.DaysRemaining is { } days ? days.ToString(CultureInfo.InvariantCulture) : Empty,
        WireNames.Of(f.Severity),
        f.AmountYuan is { } a ? Domain.Money.Round(a).ToString("#,##0.00", CultureInfo.InvariantCulture) : Empty,
        f.Message,
    ];

    private static string Summary(IReadOnlyList<CheckResult> results)
    {
        var findings = results.SelectMany(r => r.Findings).ToList();
        var bySeverity = string.Join(", ", Enum.GetValues<Severity>()
            .Reverse()
            .Select(s => $"{findings.Count(f => f.Severity == s)} {WireNames.Of(s)}"));
        var clean = results.Count(r => r.Findings.Count == 0);
        return $"{Plural(results.Count, "lease")} checked: {Plural(findings.Count, "finding")} ({bySeverity}); "
            + $"{Plural(clean, "lease")} with nothing open.";
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Date(DateOnly d) => CheckResultJson.Date(d);
}
