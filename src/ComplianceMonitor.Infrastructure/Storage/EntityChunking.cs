using ComplianceMonitor.Infrastructure.Leases;
using System.Globalization;
using Azure.Data.Tables;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>
/// Stores a long string (e.g. UTF-8 JSON) in one entity across numbered string properties <c>{name}_0</c>,
/// <c>{name}_1</c>, … of at most <see cref="ChunkChars"/> characters each (a string property may hold 64 KiB of
/// UTF-16), plus <c>{name}Chunks</c> holding the count. Values over <see cref="MaxChars"/> are refused, well before
/// the 1 MiB entity limit.
/// </summary>
public static class EntityChunking
{
    /// <summary>Characters per property: 32,000 UTF-16 code units = 64,000 bytes, under the 64 KiB property limit.</summary>
    public const int ChunkChars = 32_000;

    /// <summary>At most this many chunk properties.</summary>
    public const int MaxChunks = 12;

    /// <summary>The largest value stored: 384,000 characters (768,000 bytes of UTF-16), leaving room under the 1 MiB entity limit.</summary>
    public const int MaxChars = ChunkChars * MaxChunks;

    /// <summary>The property holding the chunk count.</summary>
    public static string CountProperty(string name) => name + "Chunks";

    /// <summary>The property holding chunk <paramref name="index"/>.</summary>
    public static string ChunkProperty(string name, int index) => name + "_" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every property the value may use (count + all possible chunks), for a query's select list.</summary>
    public static IReadOnlyList<string> Columns(string name) =>
        [CountProperty(name), .. Enumerable.Range(0, MaxChunks).Select(i => ChunkProperty(name, i))];

    /// <summary>Writes <paramref name="value"/> into <paramref name="entity"/>, removing chunks left from a longer earlier value.</summary>
    /// <exception cref="EntityTooLargeException">The value is longer than <see cref="MaxChars"/>.</exception>
    public static void Write(TableEntity entity, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxChars)
        {
            throw new EntityTooLargeException(value.Length, MaxChars);
        }

        var count = 0;
        for (var start = 0; start < value.Length || count == 0; count++)
        {
            var length = Math.Min(ChunkChars, value.Length - start);

            // Never split a surrogate pair across two properties.
            if (length > 0 && start + length < value.Length && char.IsHighSurrogate(value[start + length - 1]))
            {
                length--;
            }

            entity[ChunkProperty(name, count)] = value.Substring(start, length);
            start += length;
            if (count + 1 > MaxChunks)
            {
                throw new EntityTooLargeException(value.Length, MaxChars);
            }
        }

        for (var stale = count; stale < MaxChunks; stale++)
        {
            entity.Remove(ChunkProperty(name, stale));
        }

        entity[CountProperty(name)] = count;
    }

    /// <summary>Reads the value back; false with a reason when the count or a chunk is missing or malformed.</summary>
    public static bool TryRead(TableEntity entity, string name, out string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(entity);
        value = string.Empty;
        if (!entity.TryGetValue(CountProperty(name), out var countValue) || countValue is not int count)
        {
            error = $"property {CountProperty(name)} is missing or not a 32-bit integer";
            return false;
        }

        if (count < 1 || count > MaxChunks)
        {
            error = $"property {CountProperty(name)} is {count}; expected 1 to {MaxChunks}";
            return false;
        }

        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (!entity.TryGetValue(ChunkProperty(name, i), out var chunk) || chunk is not string text)
            {
                error = $"property {ChunkProperty(name, i)} is missing or not a string";
                return false;
            }

            builder.Append(text);
        }

        value = builder.ToString();
        error = null;
        return true;
    }
}

/// <summary>A value is too large to store in one entity.</summary>
public sealed class EntityTooLargeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public EntityTooLargeException(int length, int limit)
        : this(length, limit, $"The value has {length} characters; at most {limit} can be stored in one entity.")
    {
    }

    /// <summary>Creates the exception with a message naming the subject.</summary>
    public EntityTooLargeException(int length, int limit, string message)
        : base(message)
    {
        Length = length;
        Limit = limit;
    }

    /// <summary>The value's length in characters.</summary>
    public int Length { get; }

    /// <summary>The limit in characters.</summary>
    public int Limit { get; }
}
