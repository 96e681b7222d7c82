using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Infrastructure.Leases;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Import;
using ComplianceMonitor.Infrastructure.Storage;
using Spectre.Console;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>A lease store opened for one command, with what must be released afterwards (e.g. a local Azurite).</summary>
/// <param name="Store">The store to write to.</param>
/// <param name="Description">Where the data goes, for a person; never a secret.</param>
/// <param name="Owner">Released when the command ends; null when there is nothing to release.</param>
/// <param name="History">Where each write records who made it and when (the same storage as <paramref name="Store"/>).</param>
public sealed record OpenedLeaseStore(ILeaseStore Store, string Description, IAsyncDisposable? Owner, ILeaseHistoryStore History) : IAsyncDisposable
{
    /// <summary>
    /// Opens the configured storage (<c>ComplianceStorage__ConnectionString</c>, or the service URIs with managed
    /// identity), or, when nothing is configured, a local Azurite whose data is kept in <c>&lt;repo&gt;/.azurite</c>.
    /// </summary>
    public static async Task<OpenedLeaseStore> OpenDefaultAsync(CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = await StorageSession.OpenAsync(TableStorageOptions.FromEnvironment(), log: context.Stderr.WriteLine, cancellationToken: cancellationToken);
        try
        {
            var factory = new TableClientFactory(session.Options);
            return new OpenedLeaseStore(new TableLeaseStore(factory), session.Description, session, new TableLeaseHistoryStore(factory));
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// <c>cm import --ledger FILE [--format json|text] [--dry-run] [--no-progress]</c>: imports a district ledger (JSON, CSV or the
/// Excel workbook) into the lease store, all or nothing per file.
/// </summary>
/// <remarks>
/// <para>Nothing is written when any row is invalid or a lease id is already stored under another district: every
/// problem is listed (<c>{ "errors": [ { "source", "row", "leaseId", "field", "message" } ] }</c>) and the exit code
/// is 2. Otherwise every lease is upserted; a lease whose content is unchanged is not rewritten, so importing the
/// same file again changes nothing. The output counts created, updated and unchanged leases.</para>
/// <para>A storage failure while writing (exit 1) can leave part of a valid file written; importing the file again
/// completes it, since writes are idempotent.</para>
/// <para>Storage: <c>ComplianceStorage__ConnectionString</c> (or <c>__TableServiceUri</c>); when nothing is configured
/// a local Azurite is started for the run with its data in <c>&lt;repo&gt;/.azurite</c>.</para>
/// </remarks>
public sealed class ImportCommand : ICliCommand
{
    /// <summary>Files at least this large show a progress bar on an interactive terminal.</summary>
    public const long ProgressThresholdBytes = 256 * 1024;

    private const int WriteParallelism = 8;

    private readonly Func<CliContext, CancellationToken, Task<OpenedLeaseStore>> _openStore;
    private readonly LedgerReader _reader;
    private readonly bool? _forceProgress;

    /// <summary>Creates the command over the configured storage (<see cref="OpenedLeaseStore.OpenDefaultAsync"/>).</summary>
    public ImportCommand()
        : this(OpenedLeaseStore.OpenDefaultAsync)
    {
    }

    /// <summary>Creates the command over a given way to open the lease store (tests pass an Azurite-backed store).</summary>
    /// <param name="openStore">Opens the store; called only once the file is valid and not for a dry run.</param>
    /// <param name="forceProgress">True to always draw the progress bar on standard error, false never, null to decide by terminal and file size.</param>
    public ImportCommand(Func<CliContext, CancellationToken, Task<OpenedLeaseStore>> openStore, bool? forceProgress = null)
    {
        ArgumentNullException.ThrowIfNull(openStore);
        _openStore = openStore;
        _reader = new LedgerReader();
        _forceProgress = forceProgress;
    }

    /// <inheritdoc />
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ledger = CommonOptions.Ledger("The ledger file: .xlsx (the district's workbook), .csv or .json (one record or an array).");
        var file = new Argument<string?>("FILE") { Description = "The ledger file (former spelling of --ledger).", Arity = ArgumentArity.ZeroOrOne, Hidden = true };
        var format = CommonOptions.Format();
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Validate only: read and check the file, write nothing.",
        };
        var noProgress = new Option<bool>("--no-progress")
        {
            Description = "Never draw a progress bar.",
        };
        var command = new Command("import", "Import a district's lease ledger (JSON, CSV or Excel) into storage, all or nothing.")
        {
            ledger,
            file,
            format,
            dryRun,
            noProgress,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(ledger) is not null && r.GetValue(file) is not null)
            {
                r.AddError("--ledger: give the file once (--ledger FILE, or FILE alone as before).");
            }
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetValue(ledger) ?? parseResult.GetValue(file) ?? string.Empty,
            parseResult.GetValue(format) ?? OutputFormats.Json,
            parseResult.GetValue(dryRun),
            parseResult.GetValue(noProgress),
            cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(CliContext context, string path, string format, bool dryRun, bool noProgress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            await context.Stderr.WriteLineAsync("error: --ledger FILE is required: the ledger file to import (.xlsx, .csv or .json).");
            return ExitCodes.InvalidInput;
        }

        if (Directory.Exists(path))
        {
            await context.Stderr.WriteLineAsync($"error: --ledger '{path}' is a directory, not a ledger file.");
            return ExitCodes.InvalidInput;
        }

        if (!File.Exists(path))
        {
            await context.Stderr.WriteLineAsync($"error: --ledger '{path}' was not found (looked in {Path.GetFullPath(path)}).");
            return ExitCodes.InvalidInput;
        }

        var source = Path.GetFileName(path);
        var showProgress = _forceProgress ?? (!noProgress && IsInteractiveStderr(context) && new FileInfo(path).Length >= ProgressThresholdBytes);
        if (noProgress)
        {
            showProgress = false;
        }

        var progress = showProgress ? CreateProgressConsole(context) : null;

        // 1. Read and validate the whole file: nothing is written unless every row is valid.
        LedgerReadResult read;
        try
        {
            read = progress is null
                ? await _reader.ReadAsync(path, null, cancellationToken)
                : await NewProgress(context, progress).StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("读取台账", autoStart: true, maxValue: 1);
                    task.IsIndeterminate = true;
                    var result = await _reader.ReadAsync(path, new DirectProgress<LedgerProgress>(p =>
                    {
                        if (p.TotalRows is { } total && total > 0)
                        {
                            task.IsIndeterminate = false;
                            task.MaxValue = total;
                        }

                        task.Value = p.RowsRead;
                    }), cancellationToken);
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                    return result;
                });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Stderr.WriteLineAsync($"error: --ledger '{path}' cannot be read: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        if (!read.IsValid)
        {
            WriteErrors(context.Stdout, format, read.Errors);
            await context.Stderr.WriteLineAsync($"{read.Errors.Count} error(s) in {source}; nothing was written.");
            return ExitCodes.InvalidInput;
        }

        if (dryRun)
        {
            WriteSummary(context.Stdout, format, new ImportSummary(source, read.RowsRead, read.Records.Count, 0, 0, 0, DryRun: true));
            await context.Stderr.WriteLineAsync($"{source}: {read.Records.Count} valid lease(s); dry run, nothing was written.");
            return ExitCodes.Ok;
        }

        await using var opened = await _openStore(context, cancellationToken);
        await context.Stderr.WriteLineAsync($"Importing {read.Records.Count} lease(s) from {source} into {opened.Description}.");

        // 2. Leases never move between districts: find every such conflict before writing anything.
        var conflicts = await FindDistrictConflictsAsync(opened.Store, read.Records, source, cancellationToken);
        if (conflicts.Count > 0)
        {
            WriteErrors(context.Stdout, format, conflicts);
            await context.Stderr.WriteLineAsync($"{conflicts.Count} error(s) in {source}; nothing was written.");
            return ExitCodes.InvalidInput;
        }

        // 3. Write every lease (each change recorded with who and when); unchanged ones cost reads and no write.
        var writer = new LeaseWriter(opened.Store, new LeaseEventService(opened.Store), opened.History, context.Time);
        var counts = new int[3];
        var written = 0;
        async Task WriteAllAsync(Action? onOne)
        {
            await Parallel.ForEachAsync(read.Records, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken }, async (record, ct) =>
            {
                var outcome = await writer.UpsertAsync(record, CliActor.Current, "cli import", ct);
                Interlocked.Increment(ref counts[(int)outcome]);
                Interlocked.Increment(ref written);
                onOne?.Invoke();
            });
        }

        try
        {
            if (progress is null)
            {
                await WriteAllAsync(null);
            }
            else
            {
                await NewProgress(context, progress).StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("写入存储", autoStart: true, maxValue: Math.Max(1, read.Records.Count));
                    await WriteAllAsync(() => task.Increment(1));
                });
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var cause = e is AggregateException { InnerExceptions.Count: > 0 } agg ? agg.InnerExceptions[0] : e;
            if (cause is LeaseDistrictConflictException conflict)
            {
                // Another district claimed the id after the check above (the claim is atomic): refused, never taken over.
                WriteErrors(context.Stdout, format, [new ImportError(source, null, conflict.LeaseId, "districtCode", conflict.Message)]);
                await context.Stderr.WriteLineAsync(
                    $"error: lease {conflict.LeaseId} was claimed by district {conflict.StoredDistrict} while {source} was being written; {Volatile.Read(ref written)} of {read.Records.Count} lease(s) were written. Fix the file and import it again.");
                return ExitCodes.InvalidInput;
            }

            await context.Stderr.WriteLineAsync(
                $"error: writing {source} failed after {Volatile.Read(ref written)} of {read.Records.Count} lease(s): {cause.Message}");
            await context.Stderr.WriteLineAsync("Importing the same file again completes it: leases already written are left unchanged.");
            return ExitCodes.Failure;
        }

        var summary = new ImportSummary(
            source,
            read.RowsRead,
            read.Records.Count,
            counts[(int)UpsertOutcome.Created],
            counts[(int)UpsertOutcome.Updated],
            counts[(int)UpsertOutcome.Unchanged],
            DryRun: false);
        WriteSummary(context.Stdout, format, summary);
        await context.Stdout.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>Every lease of the file whose id is already stored under another district (or cannot be read there).</summary>
    private static async Task<List<ImportError>> FindDistrictConflictsAsync(ILeaseStore store, IReadOnlyList<LeaseRecord> records, string source, CancellationToken cancellationToken)
    {
        // One paged read per district finds the leases already where the file puts them (the common re-import case);
        // only the others need a lookup by id across districts.
        var present = new HashSet<(string District, string LeaseId)>();
        foreach (var district in records.Select(r => r.DistrictCode).Distinct(StringComparer.Ordinal))
        {
            await foreach (var item in store.ReadDistrictAsync(district, cancellationToken))
            {
                present.Add((district, item.LeaseId));
            }
        }

        var errors = new System.Collections.Concurrent.ConcurrentBag<(int Index, ImportError Error)>();
        var toLookUp = records.Select((r, i) => (Record: r, Index: i)).Where(x => !present.Contains((x.Record.DistrictCode, x.Record.LeaseId))).ToList();
        await Parallel.ForEachAsync(toLookUp, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken }, async (x, ct) =>
        {
            try
            {
                var stored = await store.FindAsync(x.Record.LeaseId, ct);
                if (stored is not null && !string.Equals(stored.Record.DistrictCode, x.Record.DistrictCode, StringComparison.Ordinal))
                {
                    errors.Add((x.Index, new ImportError(source, null, x.Record.LeaseId, "districtCode",
                        $"租约 {x.Record.LeaseId} 已登记在行政区 {stored.Record.DistrictCode}，不能导入到 {x.Record.DistrictCode}：租约编号全市唯一，租约不能在区之间移动")));
                }
            }
            catch (InvalidDataException e)
            {
                errors.Add((x.Index, new ImportError(source, null, x.Record.LeaseId, "leaseId",
                    $"租约 {x.Record.LeaseId} 已存储在其他行政区但无法读取，请先处理该记录：{e.Message}")));
            }
        });

        return [.. errors.OrderBy(e => e.Index).Select(e => e.Error)];
    }

    private static void WriteErrors(TextWriter output, string format, IReadOnlyList<ImportError> errors)
    {
        if (format == OutputFormats.Text)
        {
            foreach (var error in errors)
            {
                var where = error.Row is { } row ? $"{error.Source}:{row}" : error.Source;
                output.WriteLine($"{where} {error.LeaseId ?? "-"} {error.Field}: {error.Message}");
            }

            return;
        }

        output.WriteLine(Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            foreach (var error in errors)
            {
                writer.WriteStartObject();
                writer.WriteString("source", error.Source);
                if (error.Row is { } row)
                {
                    writer.WriteNumber("row", row);
                }
                else
                {
                    writer.WriteNull("row");
                }

                if (error.LeaseId is null)
                {
                    writer.WriteNull("leaseId");
                }
                else
                {
                    writer.WriteString("leaseId", error.LeaseId);
                }

                writer.WriteString("field", error.Field);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));
    }

    private static void WriteSummary(TextWriter output, string format, ImportSummary summary)
    {
        if (format == OutputFormats.Text)
        {
            output.WriteLine(summary.DryRun
                ? $"{summary.File}：{summary.Records} 条租约全部有效（试运行，未写入）。"
                : $"{summary.File}：{summary.Records} 条租约；新增 {summary.Created}，更新 {summary.Updated}，未变 {summary.Unchanged}。");
            return;
        }

        output.WriteLine(Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("file", summary.File);
            writer.WriteNumber("rowsRead", summary.RowsRead);
            writer.WriteNumber("records", summary.Records);
            writer.WriteBoolean("dryRun", summary.DryRun);
            writer.WriteNumber("created", summary.Created);
            writer.WriteNumber("updated", summary.Updated);
            writer.WriteNumber("unchanged", summary.Unchanged);
            writer.WriteEndObject();
        }));
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CheckResultJson.WriterOptions()))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static bool IsInteractiveStderr(CliContext context) =>
        ReferenceEquals(context.Stderr, Console.Error) && !Console.IsErrorRedirected;

    private static IAnsiConsole CreateProgressConsole(CliContext context) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(context.Stderr),
        Interactive = IsInteractiveStderr(context) ? InteractionSupport.Yes : InteractionSupport.No,
        Ansi = IsInteractiveStderr(context) ? AnsiSupport.Detect : AnsiSupport.No,
    });

    /// <summary>A progress display: cleared when done on a terminal; otherwise (redirected) its final state stays as a log line.</summary>
    private static Progress NewProgress(CliContext context, IAnsiConsole console) =>
        console.Progress().AutoClear(IsInteractiveStderr(context)).Columns(ProgressColumns());

    private static ProgressColumn[] ProgressColumns() =>
        [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn()];

    private sealed record ImportSummary(string File, int RowsRead, int Records, int Created, int Updated, int Unchanged, bool DryRun);

    /// <summary>Reports synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class DirectProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
