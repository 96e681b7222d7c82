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

    private readonly MonitoringCliServices _services;
    private readonly LedgerReader _reader;
    private readonly bool? _forceProgress;

    /// <summary>Creates the command over the storage and settings of the environment.</summary>
    public ImportCommand()
        : this(MonitoringCliServices.FromContext())
    {
    }

    /// <summary>Creates the command over given services (tests pass Azurite-backed storage).</summary>
    /// <param name="services">Opens storage and the host; opened only once the file is valid and not for a dry run.</param>
    /// <param name="forceProgress">True to always draw the progress bar on standard error, false never, null to decide by terminal and file size.</param>
    public ImportCommand(MonitoringCliServices services, bool? forceProgress = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
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

        await using var opened = await _services.OpenAsync(context, cancellationToken);
        if (opened is null)
        {
            return ExitCodes.InvalidInput;
        }

        await context.Stderr.WriteLineAsync($"Importing {read.Records.Count} lease(s) from {source} into {opened.Description}.");
        var import = opened.Get<LedgerImport>();

        // 2. Leases never move between districts: find every such conflict before writing anything.
        var plan = await import.PlanAsync(read.Records, LedgerImport.DefaultParallelism, cancellationToken);
        var conflicts = plan.Where(p => p.IsRefused).Select(p => Conflict(source, p)).ToList();
        if (conflicts.Count > 0)
        {
            WriteErrors(context.Stdout, format, conflicts);
            await context.Stderr.WriteLineAsync($"{conflicts.Count} error(s) in {source}; nothing was written.");
            return ExitCodes.InvalidInput;
        }

        // 3. Write every lease (each change recorded with who and when); unchanged ones cost reads and no write.
        LedgerImportCounts counts;
        try
        {
            if (progress is null)
            {
                counts = await import.WriteAsync(read.Records, CliActor.Current, "cli import", LedgerImport.DefaultParallelism, null, cancellationToken);
            }
            else
            {
                counts = await NewProgress(context, progress).StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("写入存储", autoStart: true, maxValue: Math.Max(1, read.Records.Count));
                    return await import.WriteAsync(read.Records, CliActor.Current, "cli import", LedgerImport.DefaultParallelism, () => task.Increment(1), cancellationToken);
                });
            }
        }
        catch (LedgerImportWriteException e)
        {
            if (e.InnerException is LeaseDistrictConflictException conflict)
            {
                // Another district claimed the id after the check above (the claim is atomic): refused, never taken over.
                WriteErrors(context.Stdout, format, [new ImportError(source, null, conflict.LeaseId, "districtCode", conflict.Message)]);
                await context.Stderr.WriteLineAsync(
                    $"error: lease {conflict.LeaseId} was claimed by district {conflict.StoredDistrict} while {source} was being written; {e.Written} of {read.Records.Count} lease(s) were written. Fix the file and import it again.");
                return ExitCodes.InvalidInput;
            }

            await context.Stderr.WriteLineAsync(
                $"error: writing {source} failed after {e.Written} of {read.Records.Count} lease(s): {e.InnerException?.Message}");
            await context.Stderr.WriteLineAsync("Importing the same file again completes it: leases already written are left unchanged.");
            return ExitCodes.Failure;
        }

        var summary = new ImportSummary(source, read.RowsRead, read.Records.Count, counts.Created, counts.Updated, counts.Unchanged, DryRun: false);
        WriteSummary(context.Stdout, format, summary);
        await context.Stdout.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>The error of a lease whose id is already stored under another district (or cannot be read there).</summary>
    private static ImportError Conflict(string source, LedgerImportItem item) => item.Change == LedgerImportChange.Unreadable
        ? new ImportError(source, null, item.Record.LeaseId, "leaseId", $"租约 {item.Record.LeaseId} 已存储在其他行政区但无法读取，请先处理该记录：{item.Error}")
        : new ImportError(source, null, item.Record.LeaseId, "districtCode",
            $"租约 {item.Record.LeaseId} 已登记在行政区 {item.StoredDistrict}，不能导入到 {item.Record.DistrictCode}：租约编号全市唯一，租约不能在区之间移动");

    /// <summary>Writes ledger errors: one line each (<c>file:row lease field: message</c>) as text, else a JSON <c>errors</c> array.</summary>
    internal static void WriteErrors(TextWriter output, string format, IReadOnlyList<ImportError> errors)
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
