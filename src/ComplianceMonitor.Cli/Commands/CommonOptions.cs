using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>Options shared by several commands, so that they are named and parsed the same everywhere.</summary>
public static class CommonOptions
{
    /// <summary>The value of a file option that means "read standard input".</summary>
    public const string StdinMarker = "-";

    /// <summary>The <c>--as-of yyyy-MM-dd</c> option: the Beijing date to evaluate for; null when not given.</summary>
    public static Option<DateOnly?> AsOf() => new("--as-of")
    {
        Description = "The Beijing date to check as of, yyyy-MM-dd (default: today in Beijing).",
        HelpName = "yyyy-MM-dd",
        CustomParser = ParseAsOf,
    };

    /// <summary>The <c>--format json|text</c> option; json by default.</summary>
    public static Option<string> Format() => new Option<string>("--format")
    {
        Description = "Output format: json (the public contract) or text (a table for a person).",
        DefaultValueFactory = _ => OutputFormats.Json,
        HelpName = "json|text",
    }.AcceptOnlyFromAmong(OutputFormats.Json, OutputFormats.Text);

    /// <summary>The <c>--format text|json|csv</c> option of listings; text by default.</summary>
    public static Option<string> ListFormat() => new Option<string>("--format")
    {
        Description = "Output format: text (a table for a person), json, or csv (RFC 4180, a header row, one row per item).",
        DefaultValueFactory = _ => OutputFormats.Text,
        HelpName = "text|json|csv",
    }.AcceptOnlyFromAmong(OutputFormats.Text, OutputFormats.Json, OutputFormats.Csv);

    /// <summary>The <c>--xlsx FILE</c> option of listings: also write the listed rows to an Excel workbook.</summary>
    public static Option<FileInfo?> Xlsx() => new("--xlsx")
    {
        Description = "Also write the listed rows to this Excel workbook (.xlsx), the columns of the csv format.",
        HelpName = "FILE",
    };

    private static DateOnly? ParseAsOf(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"--as-of must be a calendar date in the form yyyy-MM-dd (e.g. 2026-11-26), not '{text}'.");
        return null;
    }
}

/// <summary>The output formats of <c>--format</c>.</summary>
public static class OutputFormats
{
    /// <summary>The public JSON contract (records.md).</summary>
    public const string Json = "json";

    /// <summary>Aligned tables for a person at a terminal.</summary>
    public const string Text = "text";

    /// <summary>Comma-separated values (RFC 4180), one row per item, for spreadsheets.</summary>
    public const string Csv = "csv";
}
