using System.Text.Json;
using ComplianceMonitor.Api.Http;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>Reads a JSON object body field by field, naming every field at fault (unknown, wrong type, missing).</summary>
internal sealed class BodyFields : IDisposable
{
    private readonly JsonDocument? _document;

    private BodyFields(JsonDocument? document) => _document = document;

    /// <summary>The errors found so far.</summary>
    public List<ProblemError> Errors { get; } = [];

    /// <summary>Parses <paramref name="json"/> as an object whose properties are among <paramref name="allowed"/>.</summary>
    public static BodyFields Parse(string json, IReadOnlyCollection<string> allowed, string shape)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            var invalid = new BodyFields(null);
            invalid.Errors.Add(new ProblemError("$", $"The body is not valid JSON: {ex.Message}"));
            return invalid;
        }

        var fields = new BodyFields(document);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            fields.Errors.Add(new ProblemError("$", $"expected an object {shape}."));
            return fields;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                fields.Errors.Add(new ProblemError(property.Name, $"unknown property (expected {string.Join(", ", allowed)})."));
            }
        }

        return fields;
    }

    /// <summary>Whether the body is an object (its fields can be read).</summary>
    public bool IsObject => _document?.RootElement.ValueKind == JsonValueKind.Object;

    /// <summary>A string field, trimmed; null when absent, null or blank (a required one adds an error).</summary>
    public string? Text(string name, bool required, int maxLength)
    {
        if (!IsObject || !_document!.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required && IsObject)
            {
                Errors.Add(new ProblemError(name, "required."));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Errors.Add(new ProblemError(name, "must be a string."));
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                Errors.Add(new ProblemError(name, "required (it is empty)."));
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            Errors.Add(new ProblemError(name, $"at most {maxLength} characters."));
            return null;
        }

        return text;
    }

    /// <summary>A yyyy-MM-dd date field; null when absent or bad (a required one adds an error).</summary>
    public DateOnly? Date(string name, bool required)
    {
        if (Text(name, required, 10 + 20) is not { } text)
        {
            return null;
        }

        if (ApiRequest.TryParseDate(text, out var date))
        {
            return date;
        }

        Errors.Add(new ProblemError(name, ApiRequest.NotADate(text)));
        return null;
    }

    /// <summary>An array of strings; null when absent (a required one adds an error).</summary>
    public IReadOnlyList<string>? Strings(string name, int maxItems, int maxLength)
    {
        if (!IsObject || !_document!.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (IsObject)
            {
                Errors.Add(new ProblemError(name, "required: a list of ids."));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(new ProblemError(name, "must be a list of strings."));
            return null;
        }

        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()) || item.GetString()!.Length > maxLength)
            {
                Errors.Add(new ProblemError(name, $"every item must be a non-empty string of at most {maxLength} characters."));
                return null;
            }

            items.Add(item.GetString()!.Trim());
        }

        if (items.Count == 0 || items.Count > maxItems)
        {
            Errors.Add(new ProblemError(name, $"give 1 to {maxItems} ids."));
            return null;
        }

        return items;
    }

    /// <inheritdoc/>
    public void Dispose() => _document?.Dispose();
}
