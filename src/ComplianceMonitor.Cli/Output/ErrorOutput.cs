using System.Text;
using System.Text.Json;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Cli.Output;

/// <summary>Writes validation errors: <c>{ "errors": [ { "leaseId", "field", "message" } ] }</c> or one line per error.</summary>
public static class ErrorOutput
{
    /// <summary>What the text form shows for an error whose lease id could not be read.</summary>
    public const string UnknownLeaseId = "-";

    /// <summary>Writes the errors object of the contract (records.md), indented, followed by a newline.</summary>
    public static void WriteJson(TextWriter output, IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CheckResultJson.WriterOptions()))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            foreach (var error in errors)
            {
                writer.WriteStartObject();
                if (error.LeaseId is null)
                {
                    writer.WriteNull("leaseId");
                }
                else
                {
                    writer.WriteString("leaseId", error.LeaseId);
                }

                writer.WriteString("field", error.Field);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>Writes one line per error: <c>leaseId field: message</c> (<c>-</c> when the lease id is unknown).</summary>
    public static void WriteText(TextWriter output, IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            output.WriteLine($"{error.LeaseId ?? UnknownLeaseId} {error.Field}: {error.Message}");
        }
    }
}
