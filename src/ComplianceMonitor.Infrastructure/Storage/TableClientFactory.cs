using ComplianceMonitor.Infrastructure.Leases;
using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace ComplianceMonitor.Infrastructure.Storage;

/// <summary>
/// Creates <see cref="TableClient"/>s (and <see cref="QueueClient"/>s) for the configured storage: names carry the
/// optional <see cref="TableStorageOptions.TablePrefix"/>, each table/queue is created if missing once per factory, and
/// every HTTP attempt is counted by <see cref="Counter"/>. One factory per process (it is thread-safe).
/// </summary>
public sealed class TableClientFactory
{
    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient? _queues;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _created = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _createdQueues = new(StringComparer.Ordinal);

    /// <summary>Creates the factory.</summary>
    /// <param name="options">Connection string, or service URIs used with <paramref name="credential"/> (default <see cref="DefaultAzureCredential"/>).</param>
    /// <param name="counter">Counts requests; a new counter when null.</param>
    /// <param name="credential">The token credential for URI-based configuration; ignored with a connection string.</param>
    /// <param name="configure">Extra client configuration (e.g. a test policy); applied to table and queue options.</param>
    public TableClientFactory(TableStorageOptions options, RequestCounter? counter = null, TokenCredential? credential = null, Action<Azure.Core.ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Counter = counter ?? new RequestCounter();
        _prefix = options.TablePrefix ?? string.Empty;

        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(Counter.CreatePolicy(), HttpPipelinePosition.PerRetry);
        configure?.Invoke(tableOptions);

        // Azure Functions queue triggers expect Base64 message bodies by default.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(Counter.CreatePolicy(), HttpPipelinePosition.PerRetry);
        configure?.Invoke(queueOptions);

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            _tables = new TableServiceClient(options.ConnectionString, tableOptions);
            _queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        }
        else
        {
            var token = credential ?? new DefaultAzureCredential();
            _tables = new TableServiceClient(options.TableServiceUri!, token, tableOptions);
            _queues = options.QueueServiceUri is { } queueUri ? new QueueServiceClient(queueUri, token, queueOptions) : null;
        }
    }

    /// <summary>The storage these clients reach (validated).</summary>
    public TableStorageOptions Options { get; }

    /// <summary>Counts every storage request made through this factory's clients.</summary>
    public RequestCounter Counter { get; }

    /// <summary>The table service client (requests are counted).</summary>
    public TableServiceClient ServiceClient => _tables;

    /// <summary>The full table name for <paramref name="baseName"/>: prefix + base name, validated.</summary>
    public string TableName(string baseName)
    {
        var name = _prefix + baseName;
        return TableNaming.IsValidTableName(name)
            ? name
            : throw new ArgumentException($"'{name}' is not a valid table name (3-63 letters and digits, starting with a letter).", nameof(baseName));
    }

    /// <summary>The full queue name for <paramref name="baseName"/>: lowercase prefix + base name.</summary>
    public string QueueName(string baseName) => (_prefix + baseName).ToLowerInvariant();

    /// <summary>A client for table <paramref name="baseName"/> (prefixed), creating the table if missing on first use.</summary>
    public async Task<TableClient> GetTableClientAsync(string baseName, CancellationToken cancellationToken = default)
    {
        var name = TableName(baseName);
        var lazy = _created.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateTableAsync(n)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Do not cache a failure: the next call tries again.
            _created.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, lazy));
            throw;
        }
    }

    /// <summary>A client for queue <paramref name="baseName"/> (prefixed, lowercase, Base64 messages), creating it if missing on first use.</summary>
    public async Task<QueueClient> GetQueueClientAsync(string baseName, CancellationToken cancellationToken = default)
    {
        var queues = _queues ?? throw new InvalidOperationException(
            $"Queues are not configured: set {TableStorageOptions.SectionName}__ConnectionString or {TableStorageOptions.SectionName}__QueueServiceUri.");
        var name = QueueName(baseName);
        var lazy = _createdQueues.GetOrAdd(name, n => new Lazy<Task<QueueClient>>(async () =>
        {
            var client = queues.GetQueueClient(n);
            await client.CreateIfNotExistsAsync().ConfigureAwait(false);
            return client;
        }));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _createdQueues.TryRemove(new KeyValuePair<string, Lazy<Task<QueueClient>>>(name, lazy));
            throw;
        }
    }

    private async Task<TableClient> CreateTableAsync(string name)
    {
        var client = _tables.GetTableClient(name);
        try
        {
            await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Created concurrently by another process (TableAlreadyExists / TableBeingDeleted surfaces on use).
        }

        return client;
    }
}
