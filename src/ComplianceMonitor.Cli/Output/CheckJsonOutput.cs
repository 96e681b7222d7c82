using System.Text;
using System.Text.Json;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Cli.Output;

/// <summary>Writes check results in the public JSON contract: one object, or an array in input order.</summary>
public static class CheckJsonOutput
{
    /// <summary>Writes <paramref name="results"/> as one object (<paramref name="asArray"/> false, exactly one result) or as an array, then a newline.</summary>
    public static void Write(TextWriter output, IReadOnlyList<CheckResult> results, bool asArray)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        if (!asArray && results.Count != 1)
        {
            throw new ArgumentException($"A single result was asked for, but there are {results.Count}.", nameof(results));
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CheckResultJson.WriterOptions()))
        {
            if (asArray)
            {
                writer.WriteStartArray();
            }

            foreach (var result in results)
            {
                CheckResultJson.Write(writer, result);
            }

            if (asArray)
            {
                writer.WriteEndArray();
            }
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
