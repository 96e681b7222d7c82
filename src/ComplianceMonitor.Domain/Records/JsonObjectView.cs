using System.Runtime.InteropServices;
using System.Text.Json;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Records;

/// <summary>A JSON object of the wire contract: its known properties by name, each read with its rules, errors sent to an <see cref="ErrorSink"/>.</summary>
/// <remarks>
/// Opening a view reports unknown and repeated properties once. A property that is absent or
/// <c>null</c> is "not recorded": the readers return null and, for a required property, report it.
/// A reader that reports an error also returns null, so callers check cross-field rules only on
/// values that were read.
/// </remarks>
internal sealed class JsonObjectView
{
    private readonly ErrorSink sink;
    private readonly Dictionary<string, JsonElement> properties;
    private readonly string basePath;
    private readonly int index;
    private string? path;

    private JsonObjectView(ErrorSink sink, string basePath, int index, Dictionary<string, JsonElement> properties)
    {
        this.sink = sink;
        this.basePath = basePath;
        this.index = index;
        this.properties = properties;
    }

    /// <summary>The path of this object, empty for the record itself.</summary>
    /// <remarks>Built only when asked for (errors, nested paths): valid records are read without building paths.</remarks>
    public string Path => path ??= PathFor(basePath, index);

    /// <summary>Opens <paramref name="element"/> as an object allowing only <paramref name="allowed"/> properties; null (and an error) when it is no object.</summary>
    public static JsonObjectView? Open(ErrorSink sink, JsonElement element, string path, PropertyNames allowed) =>
        Open(sink, element, path, -1, allowed);

    private static JsonObjectView? Open(ErrorSink sink, JsonElement element, string basePath, int index, PropertyNames allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            var at = PathFor(basePath, index);
            sink.Add(at.Length == 0 ? "$" : at, Messages.WrongType("an object", "应为对象", element.ValueKind));
            return null;
        }

        // Sized for the widest object of the contract so reading a record never regrows a table.
        var properties = new Dictionary<string, JsonElement>(Math.Min(allowed.Count, 24), StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            // The raw UTF-8 name matches an allowed name without allocating; escaped or unknown names take the slow path.
            var name = allowed.Match(JsonMarshal.GetRawUtf8PropertyName(property)) ?? property.Name;
            if (!allowed.Contains(name))
            {
                sink.Add(Join(PathFor(basePath, index), name), Messages.UnknownProperty(name));
            }
            else if (!properties.TryAdd(name, property.Value))
            {
                sink.Add(Join(PathFor(basePath, index), name), Messages.DuplicateProperty(name));
            }
        }

        return new JsonObjectView(sink, basePath, index, properties);
    }

    private static string PathFor(string basePath, int index) =>
        index < 0 ? basePath : string.Concat(basePath, "[", index.ToString(System.Globalization.CultureInfo.InvariantCulture), "]");

    /// <summary>Whether the property is present with a value other than <c>null</c>.</summary>
    public bool IsRecorded(string name) =>
        properties.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The path of a property of this object.</summary>
    public string PathOf(string name) => Join(Path, name);

    /// <summary>Reports an error on this object as a whole.</summary>
    public void Error(string message) => sink.Add(Path.Length == 0 ? "$" : Path, message);

    /// <summary>Reports an error on a property of this object.</summary>
    public void Error(string name, string message) => sink.Add(PathOf(name), message);

    /// <summary>A string; blank is an error for a required one.</summary>
    public string? Text(string name, bool required = false)
    {
        if (Value(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            Error(name, Messages.WrongType("a string", "应为字符串", e.ValueKind));
            return null;
        }

        var text = e.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(name, Messages.Blank);
            return null;
        }

        return text;
    }

    /// <summary>A date, exactly <c>yyyy-MM-dd</c> and a real day.</summary>
    public DateOnly? Date(string name, bool required = false)
    {
        if (Value(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            Error(name, Messages.DateFormat);
            return null;
        }

        // Fast path: a plain yyyy-MM-dd straight from the UTF-8 bytes (quotes included), without allocating a string.
        var raw = JsonMarshal.GetRawUtf8Value(e);
        if (raw.Length == 12 && TryParseUtf8Date(raw[1..11]) is { } fast)
        {
            return fast;
        }

        var text = e.GetString()!;
        if (FieldFormats.TryParseDate(text, out var date, out var wellFormed))
        {
            return date;
        }

        Error(name, wellFormed ? Messages.NotADay(text) : Messages.DateFormat);
        return null;
    }

    /// <summary>An amount of money in yuan: a JSON number, greater than 0, at most two decimals.</summary>
    public decimal? Money(string name, bool required = false)
    {
        if (Positive(name, required) is not { } amount)
        {
            return null;
        }

        if (decimal.Round(amount, 2) != amount)
        {
            Error(name, Messages.TwoDecimals);
            return null;
        }

        return amount;
    }

    /// <summary>A JSON number greater than 0.</summary>
    public decimal? Positive(string name, bool required = false)
    {
        if (Number(name, required) is not { } value)
        {
            return null;
        }

        if (value <= 0)
        {
            Error(name, Messages.Positive);
            return null;
        }

        return value;
    }

    /// <summary>A JSON number of 0 or more.</summary>
    public decimal? NonNegative(string name, bool required = false)
    {
        if (Number(name, required) is not { } value)
        {
            return null;
        }

        if (value < 0)
        {
            Error(name, Messages.NonNegative);
            return null;
        }

        return value;
    }

    /// <summary>A whole JSON number of at least 1 (<c>5</c> and <c>5.0</c> alike).</summary>
    public int? Count(string name, bool required = false)
    {
        if (Number(name, required) is not { } value)
        {
            return null;
        }

        if (decimal.Truncate(value) != value)
        {
            Error(name, Messages.WholeNumber);
            return null;
        }

        if (value < 1)
        {
            Error(name, Messages.AtLeastOne);
            return null;
        }

        if (value > int.MaxValue)
        {
            Error(name, Messages.OutOfRange);
            return null;
        }

        return (int)value;
    }

    /// <summary>One of the wire names of <paramref name="names"/>, compared exactly.</summary>
    public T? Choice<T>(string name, WireEnum<T> names, bool required = false)
        where T : struct, Enum
    {
        if (Text(name, required) is not { } text)
        {
            return null;
        }

        if (names.TryParse(text, out var value))
        {
            return value;
        }

        Error(name, Messages.OneOf(text, names.Names));
        return null;
    }

    /// <summary>A lease id: 1-64 letters, digits, <c>-</c> or <c>_</c>.</summary>
    public string? LeaseId(string name)
    {
        if (Text(name, required: true) is not { } text)
        {
            return null;
        }

        if (!FieldFormats.IsLeaseId(text))
        {
            Error(name, Messages.LeaseIdFormat);
            return null;
        }

        return text;
    }

    /// <summary>A configured jurisdiction's code.</summary>
    public string? District(string name)
    {
        if (Text(name, required: true) is not { } text)
        {
            return null;
        }

        if (!Jurisdiction.IsKnown(text))
        {
            Error(name, Messages.UnknownDistrict(text));
            return null;
        }

        return text;
    }

    /// <summary>A 统一社会信用代码 with a correct check character.</summary>
    public string? CreditCode(string name)
    {
        if (Text(name, required: true) is not { } text)
        {
            return null;
        }

        if (Validation.CreditCode.Problem(text) is { } problem)
        {
            Error(name, problem);
            return null;
        }

        return text;
    }

    /// <summary>An optional mainland mobile number.</summary>
    public string? Mobile(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (!FieldFormats.IsMobile(text))
        {
            Error(name, Messages.Mobile);
            return null;
        }

        return text;
    }

    /// <summary>An optional email address.</summary>
    public string? Email(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (!FieldFormats.IsEmail(text))
        {
            Error(name, Messages.Email);
            return null;
        }

        return text;
    }

    /// <summary>A nested object allowing only <paramref name="allowed"/> properties.</summary>
    public JsonObjectView? Object(string name, PropertyNames allowed, bool required = false) =>
        Value(name, required) is { } e ? Open(sink, e, PathOf(name), allowed) : null;

    /// <summary>An array of objects, each read by <paramref name="read"/>; absent or <c>null</c> is empty. Items that fail are left out (and reported).</summary>
    public IReadOnlyList<T> Items<T>(string name, PropertyNames allowed, Func<JsonObjectView, T?> read)
        where T : class
    {
        if (Value(name, required: false) is not { } e)
        {
            return [];
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            Error(name, Messages.WrongType("an array", "应为数组", e.ValueKind));
            return [];
        }

        var items = new List<T>(e.GetArrayLength());
        var arrayPath = PathOf(name);
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (Open(sink, item, arrayPath, i, allowed) is { } view && read(view) is { } value)
            {
                items.Add(value);
            }

            i++;
        }

        return items;
    }

    /// <summary>A real calendar day written exactly yyyy-MM-dd in ASCII, else null (the caller then takes the checked path).</summary>
    private static DateOnly? TryParseUtf8Date(ReadOnlySpan<byte> s)
    {
        if (s[4] != (byte)'-' || s[7] != (byte)'-')
        {
            return null;
        }

        var year = 0;
        var month = 0;
        var day = 0;
        for (var i = 0; i < 10; i++)
        {
            if (i is 4 or 7)
            {
                continue;
            }

            var d = s[i] - (byte)'0';
            if ((uint)d > 9)
            {
                return null;
            }

            if (i < 4)
            {
                year = (year * 10) + d;
            }
            else if (i < 7)
            {
                month = (month * 10) + d;
            }
            else
            {
                day = (day * 10) + d;
            }
        }

        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private decimal? Number(string name, bool required)
    {
        if (Value(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number)
        {
            Error(name, Messages.WrongType("a number", "应为数字", e.ValueKind));
            return null;
        }

        if (!e.TryGetDecimal(out var value))
        {
            Error(name, Messages.OutOfRange);
            return null;
        }

        return value;
    }

    private JsonElement? Value(string name, bool required)
    {
        if (properties.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        if (required)
        {
            Error(name, Messages.Required);
        }

        return null;
    }
}
