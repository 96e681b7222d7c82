using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>Where one child-list item came from: a child-sheet row, or an item of a CSV list cell.</summary>
/// <param name="Source">The sheet or file name.</param>
/// <param name="Row">The spreadsheet row.</param>
/// <param name="Prefix">How the item is named in messages, e.g. <c>租金计划 第5行</c> or <c>第3行 租金计划 第2项</c>.</param>
/// <param name="Columns">The child sheet's columns, which label the item's properties in messages.</param>
internal sealed record ItemSite(string Source, int Row, string Prefix, IReadOnlyList<LedgerColumn> Columns)
{
    /// <summary>The workbook cell of each property's column (e.g. <c>amountYuan</c> → <c>C5</c>); empty for CSV items.</summary>
    public IReadOnlyDictionary<string, string> Addresses { get; init; } = new Dictionary<string, string>();

    /// <summary>The prefix followed by the label of a property and, in a workbook, its cell (e.g. <c>租金计划 第5行 金额（元）（C5）</c>).</summary>
    public string Name(string? property)
    {
        var label = property is null ? null : Columns.FirstOrDefault(c => c.WireName == property)?.Header ?? property;
        if (label is not null && property is not null && Addresses.TryGetValue(property, out var address))
        {
            label = $"{label}（{address}）";
        }

        return label is null ? Prefix : $"{Prefix} {label}";
    }
}

/// <summary>
/// One lease being assembled from ledger rows into the wire JSON, remembering where every field came from so that
/// the record reader's errors (which name wire paths) can be reported by sheet, row and column header.
/// </summary>
/// <remarks>
/// Cells whose format is wrong are reported here and left out of the JSON; the record reader's errors about the same
/// paths (e.g. "required") are then suppressed so each problem is reported once.
/// </remarks>
internal sealed partial class LeaseDraft
{
    private readonly Dictionary<string, string> _fieldNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ItemSite>> _items = new(StringComparer.Ordinal);
    private readonly List<string> _suppressed = [];
    private readonly List<(string Source, int Row, string Field, string Message)> _errors = [];

    /// <summary>Starts a lease read from <paramref name="row"/> of <paramref name="source"/>.</summary>
    public LeaseDraft(string source, int row, string rowPrefix)
    {
        Source = source;
        Row = row;
        RowPrefix = rowPrefix;
    }

    /// <summary>The sheet or file the lease row is in.</summary>
    public string Source { get; }

    /// <summary>The spreadsheet row of the lease.</summary>
    public int Row { get; }

    /// <summary>How the row is named in messages, e.g. <c>租赁台账 第3行</c>.</summary>
    public string RowPrefix { get; }

    /// <summary>The lease id as written, when there is one.</summary>
    public string? LeaseId { get; set; }

    /// <summary>The wire JSON so far; parcel and landUser always exist so their missing parts are named one by one.</summary>
    public JsonObject Json { get; } = new() { ["parcel"] = new JsonObject(), ["landUser"] = new JsonObject() };

    /// <summary>Sets a field from a cell (nothing when <paramref name="value"/> is null) and remembers its location name.</summary>
    public void SetField(string path, JsonNode? value, string locationName)
    {
        _fieldNames[path] = locationName;
        if (value is not null)
        {
            var (parent, name) = Parent(path);
            parent[name] = value;
        }
    }

    /// <summary>Reports a cell of this lease's row whose format is wrong.</summary>
    public void FieldError(string path, string locationName, string message)
    {
        _fieldNames[path] = locationName;
        _suppressed.Add(path);
        _errors.Add((Source, Row, path, $"{locationName}：{message}"));
    }

    /// <summary>Names a field that has no cell in the row (its column is absent), so the record reader's errors about it name the column to add.</summary>
    public void NameAbsentField(string path, string locationName) => _fieldNames.TryAdd(path, locationName);

    /// <summary>Suppresses the record reader's errors about a path already reported elsewhere (e.g. a missing column).</summary>
    public void Suppress(string path) => _suppressed.Add(path);

    /// <summary>Appends an item to a child list and returns its index.</summary>
    public int AddItem(string listPath, JsonObject item, ItemSite site)
    {
        var (parent, name) = Parent(listPath);
        return AddItem(parent, name, listPath, item, site);
    }

    /// <summary>
    /// Appends an item to the list <paramref name="name"/> of <paramref name="parent"/> (an item already in the JSON, such
    /// as an indicator receiving an actual) and returns its index; <paramref name="listPath"/> is that list's full path,
    /// e.g. <c>agreement.indicators[1].actuals</c>.
    /// </summary>
    public int AddItem(JsonObject parent, string name, string listPath, JsonObject item, ItemSite site)
    {
        if (parent[name] is not JsonArray list)
        {
            list = [];
            parent[name] = list;
        }

        list.Add(item);
        if (!_items.TryGetValue(listPath, out var sites))
        {
            sites = [];
            _items[listPath] = sites;
        }

        sites.Add(site);
        return list.Count - 1;
    }

    /// <summary>Reports a problem with an item (or one of its properties) and suppresses the record reader's errors about it.</summary>
    public void ItemError(string listPath, int index, string? property, ItemSite site, string message)
    {
        var path = property is null ? $"{listPath}[{index}]" : $"{listPath}[{index}].{property}";
        _suppressed.Add(path);
        _errors.Add((site.Source, site.Row, path, $"{site.Name(property)}：{message}"));
    }

    /// <summary>Reports a problem with a child row or list item that could not be attached to the record (e.g. an unknown indicator code).</summary>
    public void SiteError(ItemSite site, string field, string? property, string message) =>
        _errors.Add((site.Source, site.Row, field, $"{site.Name(property)}：{message}"));

    /// <summary>The indicator of this lease's agreement whose code is <paramref name="code"/>, with its index, or null.</summary>
    public (JsonObject Indicator, int Index)? FindIndicator(string code)
    {
        if (Json["agreement"] is JsonObject agreement && agreement["indicators"] is JsonArray indicators)
        {
            for (var i = 0; i < indicators.Count; i++)
            {
                if (indicators[i] is JsonObject indicator && indicator["code"] is JsonValue value &&
                    value.TryGetValue<string>(out var text) && string.Equals(text, code, StringComparison.Ordinal))
                {
                    return (indicator, i);
                }
            }
        }

        return null;
    }

    /// <summary>Reports a problem with the row as a whole, such as a duplicate lease id.</summary>
    public void RowError(string field, string message) => _errors.Add((Source, Row, field, $"{RowPrefix}：{message}"));

    /// <summary>
    /// Validates the assembled JSON with <see cref="LeaseRecordReader.Read"/> and returns the record (null when this
    /// lease has any problem) and every problem, located by sheet, row and column header.
    /// </summary>
    public (LeaseRecord? Record, IReadOnlyList<ImportError> Errors) Validate()
    {
        var result = LeaseRecordReader.Read(JsonSerializer.SerializeToElement(Json));
        var errors = _errors.Select(e => new ImportError(e.Source, e.Row, LeaseId, e.Field, e.Message)).ToList();
        foreach (var error in result.Errors)
        {
            var field = StripRoot(error.Field);
            if (!IsSuppressed(field))
            {
                errors.Add(Locate(error.LeaseId ?? LeaseId, field, error.Message));
            }
        }

        return (errors.Count == 0 ? result.Record : null, errors);
    }

    private ImportError Locate(string? leaseId, string field, string message)
    {
        var item = ItemPath().Match(field);
        if (item.Success &&
            _items.TryGetValue(item.Groups["list"].Value, out var sites) &&
            int.TryParse(item.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
            index < sites.Count)
        {
            var site = sites[index];
            var property = item.Groups["property"].Success ? item.Groups["property"].Value : null;
            return new ImportError(site.Source, site.Row, leaseId, field, $"{site.Name(property)}：{message}");
        }

        if (_fieldNames.TryGetValue(field, out var name))
        {
            return new ImportError(Source, Row, leaseId, field, $"{name}：{message}");
        }

        // A rule about a group of fields (e.g. "landUser") or the record as a whole: name the row and the path.
        return new ImportError(Source, Row, leaseId, field, field == "$" ? $"{RowPrefix}：{message}" : $"{RowPrefix} {field}：{message}");
    }

    private bool IsSuppressed(string field) => _suppressed.Any(s =>
        field == s ||
        (field.StartsWith(s, StringComparison.Ordinal) && field.Length > s.Length && field[s.Length] is '.' or '['));

    private static string StripRoot(string field) =>
        field.StartsWith("$.", StringComparison.Ordinal) ? field[2..] : field.Length == 0 ? "$" : field;

    private (JsonObject Parent, string Name) Parent(string path)
    {
        var parts = path.Split('.');
        var node = Json;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = [];
                node[part] = child;
            }

            node = child;
        }

        return (node, parts[^1]);
    }

    // The list is everything before the last index, so nested items (agreement.indicators[0].actuals[2].value) are found too.
    [GeneratedRegex(@"^(?<list>[A-Za-z][A-Za-z0-9.\[\]]*)\[(?<index>\d+)\](\.(?<property>[A-Za-z]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPath();
}
