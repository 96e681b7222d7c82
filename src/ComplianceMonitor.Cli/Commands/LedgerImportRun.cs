using System.Runtime.ExceptionServices;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>The ledger import of <c>cm run</c> and <c>cm serve</c>: the shared use case (<see cref="LedgerImport"/>), in ledger order, as the OS account.</summary>
internal static class LedgerImportRun
{
    /// <summary>Writes <paramref name="records"/> through <paramref name="channel"/>; a failed write surfaces as its own exception.</summary>
    public static async Task<LedgerImportCounts> WriteAsync(IServiceProvider services, IReadOnlyList<LeaseRecord> records, string channel, CancellationToken cancellationToken)
    {
        try
        {
            return await services.GetRequiredService<LedgerImport>().WriteAsync(records, CliActor.Current, channel, parallelism: 1, onWritten: null, cancellationToken);
        }
        catch (LedgerImportWriteException e) when (e.InnerException is not null)
        {
            // These commands report a failed write as the store's own error (CliApp names its type), as before.
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
