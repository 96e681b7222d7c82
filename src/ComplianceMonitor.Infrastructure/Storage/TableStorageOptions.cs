using ComplianceMonitor.Infrastructure.Leases;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>
/// Where the product's tables and queues live: configuration section <c>ComplianceStorage</c>
/// (<c>ComplianceStorage__ConnectionString</c>, or <c>ComplianceStorage__TableServiceUri</c> +
/// <c>ComplianceStorage__QueueServiceUri</c> with managed identity through <c>DefaultAzureCredential</c>).
/// </summary>
public sealed class TableStorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "ComplianceStorage";

    /// <summary>A storage connection string (local Azurite, or an account key); wins over the URIs when set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table service endpoint (e.g. <c>https://ACCOUNT.table.core.windows.net</c>) used with a token credential.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The queue service endpoint (e.g. <c>https://ACCOUNT.queue.core.windows.net</c>) used with a token credential.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>
    /// Optional prefix put before every table and queue name (letters and digits, starting with a letter, lowercase
    /// when queues are used); tests give each test its own prefix.
    /// </summary>
    public string? TablePrefix { get; set; }

    /// <summary>Whether any storage is configured (a connection string or a table service URI).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || TableServiceUri is not null;

    /// <summary>
    /// Reads the options through a configuration lookup taking <c>:</c>-separated keys
    /// (e.g. <c>configuration["ComplianceStorage:ConnectionString"]</c>).
    /// </summary>
    public static TableStorageOptions From(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        string? Get(string name) => lookup($"{SectionName}:{name}") is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        return new TableStorageOptions
        {
            ConnectionString = Get(nameof(ConnectionString)),
            TableServiceUri = ParseUri(Get(nameof(TableServiceUri)), nameof(TableServiceUri)),
            QueueServiceUri = ParseUri(Get(nameof(QueueServiceUri)), nameof(QueueServiceUri)),
            TablePrefix = Get(nameof(TablePrefix)),
        };
    }

    /// <summary>Reads the options from environment variables (<c>ComplianceStorage__ConnectionString</c> etc.).</summary>
    public static TableStorageOptions FromEnvironment() =>
        From(key => Environment.GetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal)));

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the setting when the options cannot work.</summary>
    public void Validate()
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {SectionName}__ConnectionString, or {SectionName}__TableServiceUri and {SectionName}__QueueServiceUri.");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            CheckAbsolute(TableServiceUri, nameof(TableServiceUri));
            if (QueueServiceUri is not null)
            {
                CheckAbsolute(QueueServiceUri, nameof(QueueServiceUri));
            }
        }

        if (TablePrefix is { Length: > 0 } prefix && !TableNaming.IsValidPrefix(prefix))
        {
            throw new InvalidOperationException(
                $"{SectionName}__{nameof(TablePrefix)} '{prefix}' is invalid: use up to 40 letters and digits, starting with a letter.");
        }
    }

    private static void CheckAbsolute(Uri? uri, string name)
    {
        if (uri is null || !uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"{SectionName}__{name} must be an absolute http(s) URI.");
        }
    }

    private static Uri? ParseUri(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{SectionName}__{name} '{text}' is not an absolute URI.");
    }
}
