using ComplianceMonitor.Infrastructure.Storage;
using System.Net;

namespace ComplianceMonitor.DevStorage;

/// <summary>Tells local development storage (Azurite, the storage emulator) from a real storage account.</summary>
/// <remarks>
/// Local means: <c>UseDevelopmentStorage=true</c>, or a connection string whose table endpoint is a loopback address, or a
/// <c>TableServiceUri</c> on a loopback address. Anything else (an account name without endpoints resolves to
/// <c>*.core.windows.net</c>) is a real account.
/// </remarks>
public static class LocalDevelopmentStorage
{
    /// <summary>Whether <paramref name="options"/> point at local development storage; <paramref name="where"/> names the host otherwise.</summary>
    public static bool IsLocal(TableStorageOptions options, out string where)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TableServiceUri is { } uri)
        {
            where = uri.Host;
            return IsLoopback(uri);
        }

        var connection = options.ConnectionString ?? string.Empty;
        var parts = connection.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var isDev) && isDev)
        {
            where = "UseDevelopmentStorage";
            return true;
        }

        if (parts.TryGetValue("TableEndpoint", out var endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var table))
        {
            where = table.Host;
            return IsLoopback(table);
        }

        where = parts.TryGetValue("AccountName", out var account)
            ? $"{account}.table.{(parts.TryGetValue("EndpointSuffix", out var suffix) ? suffix : "core.windows.net")}"
            : "(unknown account)";
        return false;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
