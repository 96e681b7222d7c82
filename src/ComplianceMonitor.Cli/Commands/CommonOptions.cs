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
    public static Option<DateOnly?> AsOf(string description = "The Beijing date to check as of, yyyy-MM-dd (default: today in Beijing).") =>
        Day("--as-of", description);

    /// <summary><see cref="AsOf"/> where the day used to be <c>--date</c> (the digest): that spelling still works, hidden from help.</summary>
    public static AliasedOption<DateOnly?> AsOfOrDate(string description) => new(name => Day(name, description), "--as-of", "--date");

    /// <summary>A <c>yyyy-MM-dd</c> option named <paramref name="name"/>, parsed by <see cref="ParseDay"/>; null when not given.</summary>
    public static Option<DateOnly?> Day(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "yyyy-MM-dd",
        CustomParser = ParseDay,
    };

    /// <summary>The <c>--lease-id ID</c> option: a stored lease, by id. <c>--lease ID</c> (its former name) still works, hidden from help.</summary>
    /// <remarks><c>--lease</c> names a record file (<c>cm check --lease FILE</c>, records.md); a stored lease is <c>--lease-id</c>.</remarks>
    public static AliasedOption<string?> LeaseId(string description = "The lease id.", bool required = false) =>
        new(name => new Option<string?>(name) { Description = description, HelpName = "ID" }, "--lease-id", "--lease") { Required = required };

    /// <summary>The <c>--lease FILE</c> option: one lease record or a JSON array of them (<c>-</c> reads standard input).</summary>
    public static Option<string> LeaseFile(string description = "The lease record file: one record or a JSON array of records ('-' reads standard input).") =>
        new("--lease") { Description = description, HelpName = "FILE", Required = true };

    /// <summary>The <c>--ledger FILE</c> option: a district ledger, <c>.xlsx</c>, <c>.csv</c> or <c>.json</c> (read by <see cref="LedgerFile"/>).</summary>
    public static Option<string?> Ledger(string description) => new("--ledger") { Description = description, HelpName = "FILE" };

    /// <summary>The <c>--by NAME</c> option: who makes a change (recorded with it).</summary>
    public static Option<string?> By(string description = "Who makes the change (recorded in the audit trail).", bool required = true) =>
        new("--by") { Description = description, HelpName = "NAME", Required = required };

    /// <summary>The optional <c>--by NAME</c> of a write that is otherwise recorded as the operating-system account.</summary>
    public static Option<string?> ByOrAccount() =>
        By("Who makes the change (recorded in the lease history); default: the operating-system account running cm.", required: false);

    /// <summary>The actor of a write: <paramref name="by"/> trimmed, else <see cref="CliActor.Current"/>.</summary>
    public static string Actor(string? by) => string.IsNullOrWhiteSpace(by) ? CliActor.Current : by.Trim();

    /// <summary>A <c>yyyy-MM-dd</c> option's value; a bad one is a parse error naming the option as typed.</summary>
    internal static DateOnly? ParseDay(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        var name = result.Parent is OptionResult o ? o.IdentifierToken?.Value ?? o.Option.Name : "the date";
        result.AddError($"{name} must be a calendar date in the form yyyy-MM-dd (e.g. 2026-11-26), not '{text}'.");
        return null;
    }

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
