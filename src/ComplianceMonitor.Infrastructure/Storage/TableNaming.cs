using ComplianceMonitor.Infrastructure.Leases;
using System.Text.RegularExpressions;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>Rules for Table Storage names and keys.</summary>
public static partial class TableNaming
{
    /// <summary>Whether <paramref name="name"/> is a valid table name: 3-63 letters and digits, starting with a letter.</summary>
    public static bool IsValidTableName(string? name) => name is not null && TableNameRegex().IsMatch(name);

    /// <summary>Whether <paramref name="prefix"/> can start table and queue names: 1-40 letters and digits, starting with a letter.</summary>
    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixRegex().IsMatch(prefix);

    /// <summary>
    /// Whether <paramref name="key"/> can be a PartitionKey or RowKey: at most 512 characters here (the service allows
    /// 1 KiB) and none of <c>/ \ # ?</c> or control characters, which the service forbids in keys.
    /// </summary>
    public static bool IsValidKey(string? key)
    {
        if (key is null || key.Length > 512)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNameRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,39}$")]
    private static partial Regex PrefixRegex();
}
