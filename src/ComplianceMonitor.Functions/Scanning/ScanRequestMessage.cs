using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Functions.Scanning;

/// <summary>One fan-out message: scan <see cref="DistrictCode"/> for the Beijing date <see cref="AsOf"/> as part of run <see cref="RunId"/>.</summary>
/// <remarks>Wire form: <c>{ "districtCode": "110111", "asOf": "2026-03-06", "runId": "daily-20260306" }</c>.</remarks>
/// <param name="DistrictCode">A configured jurisdiction.</param>
/// <param name="AsOf">The Beijing date the leases are evaluated for.</param>
/// <param name="RunId">The run id (1-64 letters, digits, <c>-</c>, <c>_</c>), the same for every district of a fan-out.</param>
public sealed record ScanRequestMessage(string DistrictCode, DateOnly AsOf, string RunId)
{
    /// <summary>The message body.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("districtCode", DistrictCode);
            writer.WriteString("asOf", AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString("runId", RunId);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Whether <paramref name="runId"/> is 1-64 letters, digits, <c>-</c> or <c>_</c> (what a scan run accepts).</summary>
    public static bool IsValidRunId(string? runId) =>
        !string.IsNullOrEmpty(runId) && runId.Length <= 64 && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Reads a message body; on failure lists every problem and returns what could be read of the district and run.</summary>
    /// <param name="body">The message text.</param>
    /// <param name="message">The message when valid.</param>
    /// <param name="problems">Every problem, each naming its field.</param>
    /// <param name="districtCode">The district when it could be read (even if another field is bad), else null.</param>
    /// <param name="runId">The run id when it could be read, else null.</param>
    public static bool TryParse(string? body, out ScanRequestMessage? message, out IReadOnlyList<string> problems, out string? districtCode, out string? runId)
    {
        message = null;
        districtCode = null;
        runId = null;
        var errors = new List<string>();
        problems = errors;
        if (string.IsNullOrWhiteSpace(body))
        {
            errors.Add("$: the message is empty");
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            errors.Add($"$: not JSON ({ex.Message})");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("$: expected an object { districtCode, asOf, runId }");
                return false;
            }

            var district = Text(root, "districtCode");
            if (district is null)
            {
                errors.Add("districtCode: required");
            }
            else if (!Jurisdiction.IsKnown(district))
            {
                errors.Add($"districtCode: '{district}' is not a configured jurisdiction");
            }
            else
            {
                districtCode = district;
            }

            var asOfText = Text(root, "asOf");
            DateOnly asOf = default;
            if (asOfText is null)
            {
                errors.Add("asOf: required");
            }
            else if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
            {
                errors.Add($"asOf: '{asOfText}' is not a date yyyy-MM-dd");
            }

            var run = Text(root, "runId");
            if (run is null)
            {
                errors.Add("runId: required");
            }
            else if (!IsValidRunId(run))
            {
                errors.Add($"runId: '{Truncate(run)}' must be 1-64 letters, digits, '-' or '_'");
            }
            else
            {
                runId = run;
            }

            if (errors.Count > 0)
            {
                return false;
            }

            message = new ScanRequestMessage(districtCode!, asOf, runId!);
            return true;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
