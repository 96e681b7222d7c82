using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Domain.Findings;

/// <summary>Writes check results in the public JSON contract (records.md), field for field and in order.</summary>
public static class CheckResultJson
{
    /// <summary>Writer options: indented, Chinese text left readable.</summary>
    public static JsonWriterOptions WriterOptions(bool indented = true) => new()
    {
        Indented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one check result as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteString("leaseId", result.LeaseId);
        writer.WriteString("asOf", Date(result.AsOf));
        writer.WriteString("ruleSet", result.RuleSet);
        writer.WriteStartArray("findings");
        foreach (var f in result.Findings)
        {
            WriteFinding(writer, f);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("warnings");
        foreach (var w in result.Warnings)
        {
            writer.WriteStringValue(w);
        }

        writer.WriteEndArray();
        if (result.Readiness is { } readiness)
        {
            ReadinessJson.Write(writer, readiness);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one finding as a JSON object.</summary>
    public static void WriteFinding(Utf8JsonWriter writer, Finding f)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(f);
        writer.WriteStartObject();
        writer.WriteString("rule", f.Rule.ToString());
        writer.WriteString("status", WireNames.Of(f.Status));
        if (f.Deadline is { } d)
        {
            writer.WriteString("deadline", Date(d));
        }
        else
        {
            writer.WriteNull("deadline");
        }

        if (f.DaysRemaining is { } days)
        {
            writer.WriteNumber("daysRemaining", days);
        }
        else
        {
            writer.WriteNull("daysRemaining");
        }

        writer.WriteString("severity", WireNames.Of(f.Severity));
        writer.WriteString("responsible", WireNames.Of(f.Responsible));
        writer.WriteString("basis", f.Basis);
        if (f.AmountYuan is { } a)
        {
            writer.WriteNumber("amountYuan", Money.Round(a));
        }
        else
        {
            writer.WriteNull("amountYuan");
        }

        writer.WriteString("message", f.Message);
        writer.WriteEndObject();
    }

    /// <summary>Serialises one result to a string.</summary>
    public static string ToJson(CheckResult result, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(indented)))
        {
            Write(writer, result);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Formats a date as <c>yyyy-MM-dd</c>.</summary>
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
