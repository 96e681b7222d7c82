using System.Security.Cryptography;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Cli.Hosting;

/// <summary>
/// Scratch tables in the storage a command opened: the same account under a random table prefix, deleted on dispose.
/// Used by <c>cm digest --ledger</c> to import, scan and build a preview without touching stored data.
/// </summary>
/// <remarks>
/// This is the one other <see cref="TableClientFactory"/> the CLI builds, and it has to be a second factory: the
/// product's stores take their table names from the factory's prefix, so a preview host whose writes must not land in
/// the real tables needs a factory of its own over the same account.
/// </remarks>
public sealed class ScratchTables : IAsyncDisposable
{
    private readonly string _prefix;

    private ScratchTables(TableClientFactory tables, string prefix)
    {
        Tables = tables;
        _prefix = prefix;
    }

    /// <summary>The scratch tables' clients (the prefix is <c>preview</c> and 8 random characters).</summary>
    public TableClientFactory Tables { get; }

    /// <summary>Scratch tables in the account of <paramref name="storage"/>.</summary>
    public static ScratchTables Over(TableClientFactory storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var prefix = "preview" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 8);
        return new ScratchTables(
            new TableClientFactory(new TableStorageOptions
            {
                ConnectionString = storage.Options.ConnectionString,
                TableServiceUri = storage.Options.TableServiceUri,
                QueueServiceUri = storage.Options.QueueServiceUri,
                TablePrefix = prefix,
            }),
            prefix);
    }

    /// <summary>Deletes the scratch tables (this run's own: the prefix is random). Never cancelled half way.</summary>
    public async ValueTask DisposeAsync()
    {
        var prefix = _prefix;
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        await foreach (var table in Tables.ServiceClient.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(end) < 0, cancellationToken: CancellationToken.None))
        {
            await Tables.ServiceClient.DeleteTableAsync(table.Name, CancellationToken.None);
        }
    }
}
