using System.Text.Json;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Domain.Returns;

/// <summary>The JSON form of a <see cref="ReturnQuote"/>, the same for <c>cm return-quote</c> and the HTTP quote.</summary>
/// <remarks><c>{ leaseId, returnDay, lines: [ { label, amountYuan, formula } ], totalYuan, notes }</c>; amounts to the fen, signed.</remarks>
public static class ReturnQuoteJson
{
    /// <summary>Writes <paramref name="quote"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, ReturnQuote quote)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(quote);
        writer.WriteStartObject();
        writer.WriteString("leaseId", quote.LeaseId);
        writer.WriteString("returnDay", CheckResultJson.Date(quote.ReturnDay));
        writer.WriteStartArray("lines");
        foreach (var line in quote.Lines)
        {
            writer.WriteStartObject();
            writer.WriteString("label", line.Label);
            writer.WriteNumber("amountYuan", line.AmountYuan);
            writer.WriteString("formula", line.Formula);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("totalYuan", quote.TotalYuan);
        writer.WriteStartArray("notes");
        foreach (var note in quote.Notes)
        {
            writer.WriteStringValue(note);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The quote as indented JSON text.</summary>
    public static string Serialize(ReturnQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CheckResultJson.WriterOptions()))
        {
            Write(writer, quote);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
