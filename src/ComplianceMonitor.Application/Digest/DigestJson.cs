using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Digest;

/// <summary>The JSON form of a <see cref="DigestModel"/> (the HTTP preview's <c>format=json</c>).</summary>
/// <remarks>
/// camelCase names; dates <c>yyyy-MM-dd</c>; instants ISO 8601; statuses, severities, responsible parties, task states
/// and channels in their camelCase wire names (<c>overdue</c>, <c>critical</c>, <c>landUser</c>, <c>acknowledged</c>,
/// <c>sms</c>); rule codes as in the catalogue (<c>ASSESSMENT_APPLICATION</c>). Chinese text is written as is.
/// </remarks>
public static class DigestJson
{
    /// <summary>The serializer options (shared, read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The digest as indented JSON.</summary>
    public static string Serialize(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return JsonSerializer.Serialize(model, Options);
    }

    /// <summary>Reads a digest written by <see cref="Serialize"/>.</summary>
    public static DigestModel Deserialize(string json) =>
        JsonSerializer.Deserialize<DigestModel>(json, Options) ?? throw new JsonException("The JSON holds no digest.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };

        // Rule codes keep their catalogue spelling; every other enum uses its camelCase wire name.
        options.Converters.Add(new JsonStringEnumConverter<RuleCode>(namingPolicy: null, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
