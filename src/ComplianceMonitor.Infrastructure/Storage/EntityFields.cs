using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>Thrown when a stored monitoring entity cannot be read back; the message names the property.</summary>
public sealed class StoredEntityException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public StoredEntityException(string message)
        : base(message)
    {
    }
}

/// <summary>Typed reads and writes of entity properties: dates as <c>yyyy-MM-dd</c>, money as invariant decimal text, lists as JSON.</summary>
internal static class EntityFields
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static void SetDate(TableEntity e, string name, DateOnly? value)
    {
        if (value is { } d)
        {
            e[name] = Date(d);
        }
    }

    public static void SetString(TableEntity e, string name, string? value)
    {
        if (value is not null)
        {
            e[name] = value;
        }
    }

    public static void SetMoney(TableEntity e, string name, decimal? value)
    {
        if (value is { } m)
        {
            e[name] = m.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static void SetJson<T>(TableEntity e, string name, T value) =>
        EntityChunking.Write(e, name, JsonSerializer.Serialize(value, Json));

    public static string RequiredString(TableEntity e, string name) =>
        e.TryGetValue(name, out var v) && v is string s ? s : throw Missing(e, name, "a string");

    public static string? OptionalString(TableEntity e, string name) =>
        !e.TryGetValue(name, out var v) || v is null ? null : v as string ?? throw Missing(e, name, "a string");

    public static int RequiredInt(TableEntity e, string name) =>
        e.TryGetValue(name, out var v) && v is int i ? i : throw Missing(e, name, "a 32-bit integer");

    public static int? OptionalInt(TableEntity e, string name) =>
        !e.TryGetValue(name, out var v) || v is null ? null : v is int i ? i : throw Missing(e, name, "a 32-bit integer");

    public static bool OptionalBool(TableEntity e, string name) =>
        e.TryGetValue(name, out var v) && v is not null && (v is bool b ? b : throw Missing(e, name, "a boolean"));

    public static DateTimeOffset RequiredInstant(TableEntity e, string name) =>
        OptionalInstant(e, name) ?? throw Missing(e, name, "a date-time");

    public static DateTimeOffset? OptionalInstant(TableEntity e, string name) =>
        !e.TryGetValue(name, out var v) || v is null ? null
        : v is DateTimeOffset o ? o
        : v is DateTime d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc))
        : throw Missing(e, name, "a date-time");

    public static DateOnly RequiredDate(TableEntity e, string name) =>
        OptionalDate(e, name) ?? throw Missing(e, name, "a yyyy-MM-dd date");

    public static DateOnly? OptionalDate(TableEntity e, string name)
    {
        var s = OptionalString(e, name);
        if (s is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw Bad(e, name, s, "a yyyy-MM-dd date");
    }

    public static decimal? OptionalMoney(TableEntity e, string name)
    {
        var s = OptionalString(e, name);
        if (s is null)
        {
            return null;
        }

        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m)
            ? m
            : throw Bad(e, name, s, "an amount in yuan");
    }

    public static T Parse<T>(TableEntity e, string name, TryParser<T> parse, string expected)
    {
        var s = RequiredString(e, name);
        return parse(s, out var value) ? value : throw Bad(e, name, s, expected);
    }

    public static T RequiredJson<T>(TableEntity e, string name)
    {
        if (!EntityChunking.TryRead(e, name, out var json, out var error))
        {
            throw new StoredEntityException($"{Where(e)}: {error}");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new StoredEntityException($"{Where(e)}: property {name} is null");
        }
        catch (JsonException ex)
        {
            throw new StoredEntityException($"{Where(e)}: property {name} is not valid JSON: {ex.Message}");
        }
    }

    public static bool TryParseEnum<T>(string text, out T value)
        where T : struct, Enum => Enum.TryParse(text, ignoreCase: false, out value) && Enum.IsDefined(value);

    public delegate bool TryParser<T>(string text, out T value);

    private static StoredEntityException Missing(TableEntity e, string name, string expected) =>
        new($"{Where(e)}: property {name} is missing or not {expected}");

    private static StoredEntityException Bad(TableEntity e, string name, string value, string expected) =>
        new($"{Where(e)}: property {name} is '{value}', not {expected}");

    private static string Where(TableEntity e) => $"entity {e.PartitionKey}/{e.RowKey}";
}
