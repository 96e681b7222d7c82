using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Leases;
using System.CommandLine;
using System.Globalization;
using System.Text;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// <c>cm run [--ledger FILE] [--as-of DATE] [--digests DIR]</c>: the one-command local run. Opens storage, imports the
/// ledger, scans every district, dispatches the reminders once, writes each district's digest, and prints what it found
/// and what it sent (or wrote).
/// </summary>
/// <remarks>
/// <para>Storage: <c>ComplianceStorage__*</c>, or when nothing is configured a local Azurite (installed on first use,
/// data in <c>&lt;repo&gt;/.azurite</c>). Senders: SendGrid/Twilio when their keys are set, else <c>.eml</c> files and
/// <c>sms.jsonl</c> under <c>./outbox</c>. The SMS window is evaluated on the real clock: SMS outside it are held (listed)
/// for a later dispatch.</para>
/// <para>Everything is idempotent: a second run with the same ledger and date imports nothing, opens no alerts, queues and
/// sends nothing, and rewrites no digest (it says 0 new).</para>
/// <para>Only local development storage: when <c>ComplianceStorage__*</c> points at a real account (not Azurite on a
/// loopback address) the command refuses with exit 2 before importing anything. A past <c>--as-of</c> is the user's
/// explicit choice of a full back-dated run.</para>
/// <para>Exit codes: 0 done, 2 bad input or settings (nothing changed), 1 a failure on the way (see standard error).</para>
/// </remarks>
public sealed class RunCommand : ICliCommand
{
    /// <summary>The ledger used when <c>--ledger</c> is not given.</summary>
    public const string DefaultLedger = "samples/ledger.json";

    /// <summary>Where the digests go when <c>--digests</c> is not given.</summary>
    public const string DefaultDigestFolder = "artifacts/digests";

    /// <inheritdoc/>
    public Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ledger = new Option<string>("--ledger") { Description = $"The ledger to import: .xlsx (the district workbook), .csv or .json (default {DefaultLedger}).", HelpName = "FILE", DefaultValueFactory = _ => DefaultLedger };
        var asOf = CommonOptions.AsOf();
        var digests = new Option<string>("--digests") { Description = $"The folder the digests are written to (default {DefaultDigestFolder}).", HelpName = "DIR", DefaultValueFactory = _ => DefaultDigestFolder };
        var command = new Command("run", "The one-command local run: import the ledger, scan every district, dispatch, write the digests, and summarise.")
        {
            ledger,
            asOf,
            digests,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetValue(ledger) ?? DefaultLedger,
            parseResult.GetValue(asOf),
            parseResult.GetValue(digests) ?? DefaultDigestFolder,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string ledgerPath, DateOnly? asOfOption, string digestFolder, CancellationToken cancellationToken)
    {
        var output = context.Stdout;
        if (await LedgerFile.ReadAsync(context, ledgerPath, cancellationToken) is not { } records)
        {
            return ExitCodes.InvalidInput;
        }

        var asOf = asOfOption ?? BeijingClock.Today(context.Time);
        var services = MonitoringCliServices.FromContext();
        await using var storage = await services.OpenAsync(context, cancellationToken);
        if (storage is null)
        {
            return ExitCodes.InvalidInput;
        }

        if (!storage.IsLocalDevelopment(out var where))
        {
            // cm run imports a ledger (by default the sample) and sends: never into a real account by accident.
            await context.Stderr.WriteLineAsync($"error: cm run works only on local development storage (Azurite); ComplianceStorage__* points at {where}. Nothing was imported. Load a real ledger with 'cm import' and scan with 'cm scan'.");
            return ExitCodes.InvalidInput;
        }

        await output.WriteLineAsync($"storage: {storage.Description}");
        return await RunWithAsync(context, storage.Services, records, ledgerPath, asOf, digestFolder, cancellationToken);
    }

    /// <summary>
    /// The scan line of <c>cm run</c>: leases, findings, alerts, reminders and tasks summed over <paramref name="runs"/>; the tasks a
    /// person resolved that the scan reopened or confirmed follow "resolved" only when there were any (<see cref="ScanCommand.RecheckPart"/>).
    /// </summary>
    internal static string ScanLine(DateOnly asOf, IReadOnlyList<ScanRun> runs) =>
        string.Create(CultureInfo.InvariantCulture, $"scan {asOf:yyyy-MM-dd}: {runs.Sum(r => r.Leases)} lease(s) in {runs.Count(r => r.Leases > 0)} district(s), {runs.Sum(r => r.Findings)} finding(s); alerts {runs.Sum(r => r.AlertsCreated)} new, {runs.Sum(r => r.AlertsUpdated)} updated, {runs.Sum(r => r.AlertsResolved)} resolved; reminders {runs.Sum(r => r.OutboxQueued)} new queued; tasks {runs.Sum(r => r.TasksOpened)} new, {runs.Sum(r => r.TasksEscalated)} escalated, {runs.Sum(r => r.TasksResolved)} resolved{ScanCommand.RecheckPart(runs)}");

    private static async Task<int> RunWithAsync(CliContext context, IServiceProvider services, IReadOnlyList<LeaseRecord> records, string ledgerPath, DateOnly asOf, string digestFolder, CancellationToken cancellationToken)
    {
        var output = context.Stdout;
        var inv = CultureInfo.InvariantCulture;

        // 1. Import (in ledger order, each write recorded with who and when).
        var imported = await LedgerImportRun.WriteAsync(services, records, "cli run", cancellationToken);
        await output.WriteLineAsync(string.Create(inv, $"import {ledgerPath}: {records.Count} lease(s): {imported.Created} new, {imported.Updated} updated, {imported.Unchanged} unchanged"));

        // 2. Scan every district.
        var scan = services.GetRequiredService<ScanService>();
        var runId = string.Create(inv, $"cm-run-{asOf:yyyyMMdd}");
        var runs = new List<ScanRun>();
        foreach (var jurisdiction in Jurisdiction.All)
        {
            runs.Add(await scan.ScanDistrictAsync(jurisdiction.Code, asOf, runId, cancellationToken));
        }

        await output.WriteLineAsync(ScanLine(asOf, runs));
        if (runs.Sum(r => r.AlertsRuleRevised) is > 0 and var revised)
        {
            await output.WriteLineAsync(ScanCommand.RuleRevisedLine(runs, revised));
        }

        foreach (var warning in runs.SelectMany(r => r.Warnings))
        {
            await context.Stderr.WriteLineAsync($"warning: {warning}");
        }

        // What is open now, per rule and severity.
        var alertStore = services.GetRequiredService<IAlertStore>();
        var taskStore = services.GetRequiredService<ITaskStore>();
        var open = new List<Alert>();
        var tasks = new List<EnforcementTask>();
        foreach (var jurisdiction in Jurisdiction.All)
        {
            open.AddRange(await MonitoringCliServices.CollectAsync(context, alertStore.ListAsync(jurisdiction.Code, AlertState.Open, cancellationToken), cancellationToken));
            tasks.AddRange(await MonitoringCliServices.CollectAsync(context, taskStore.ListAsync(jurisdiction.Code, null, cancellationToken), cancellationToken));
        }

        await output.WriteLineAsync(string.Create(inv, $"open alerts: {open.Count}; enforcement tasks: {tasks.Count} ({tasks.Count(t => t.Escalated)} escalated)"));
        var rows = open
            .GroupBy(a => (a.Rule, a.Severity))
            .OrderBy(g => g.Key.Rule.ToString(), StringComparer.Ordinal).ThenBy(g => g.Key.Severity)
            .Select(g => new[] { g.Key.Rule.ToString(), WireNames.Of(g.Key.Severity), g.Count().ToString(inv) })
            .ToList();
        if (rows.Count > 0)
        {
            ListingOutput.WriteTable(output, ["RULE", "SEVERITY", "OPEN"], rows, rightAlignedFrom: 2);
        }

        // 3. Dispatch once (the SMS window on the real clock: SMS outside it are held for a later run).
        var selection = services.GetRequiredService<NotificationSenderSelection>();
        var before = OutboxFiles(selection);
        var summary = await services.GetRequiredService<DispatchService>().RunOnceAsync(cancellationToken);
        await output.WriteLineAsync(DispatchCommand.Describe(summary));
        var outbox = services.GetRequiredService<IOutboxStore>();
        foreach (var jurisdiction in Jurisdiction.All)
        {
            foreach (var held in await MonitoringCliServices.CollectAsync(context, outbox.ListAsync(jurisdiction.Code, [OutboxStatus.Held], cancellationToken), cancellationToken))
            {
                await output.WriteLineAsync(string.Create(inv, $"held: {held.Channel.ToString().ToLowerInvariant()} {held.LeaseId} {held.Rule} stage {held.Stage} (outside the SMS window; next attempt {(held.NextAttemptAt is { } next ? CliTimes.Minutes(next) : "not set")})"));
            }
        }

        var written = OutboxFiles(selection).Where(f => !before.TryGetValue(f.Key, out var stamp) || stamp != f.Value).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        await output.WriteLineAsync(string.Create(inv, $"sent via email={selection.Email}, sms={selection.Sms}; {written.Count} outbox file(s) new or changed"));
        foreach (var file in written)
        {
            await output.WriteLineAsync($"  {file}");
        }

        // 4. Digests of the districts with leases.
        var preview = services.GetRequiredService<IDigestPreview>();
        var folder = Path.GetFullPath(digestFolder);
        Directory.CreateDirectory(folder);
        var digestsNew = 0;
        var digestsSame = 0;
        foreach (var code in runs.Where(r => r.Leases > 0).Select(r => r.DistrictCode))
        {
            var html = await preview.RenderAsync(code, asOf, DigestFormat.Html, cancellationToken);
            var path = Path.Combine(folder, string.Create(inv, $"{code}-{asOf:yyyy-MM-dd}.html"));
            if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken) == html)
            {
                digestsSame++;
                continue;
            }

            await File.WriteAllTextAsync(path, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
            digestsNew++;
            await output.WriteLineAsync($"  {path}");
        }

        await output.WriteLineAsync(string.Create(inv, $"digests in {folder}: {digestsNew} new or changed, {digestsSame} unchanged"));
        var newThings = imported.Created + imported.Updated
            + runs.Sum(r => r.AlertsCreated + r.OutboxQueued + r.TasksOpened) + summary.Sent + written.Count + digestsNew;
        await output.WriteLineAsync(string.Create(inv, $"done: {newThings} new"));
        return summary.Failed > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>The outbox files (full path → last write) of the file senders in use.</summary>
    private static Dictionary<string, DateTime> OutboxFiles(NotificationSenderSelection selection)
    {
        var files = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var folder in new[] { selection.EmailOutboxFolder, selection.SmsOutboxFolder }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.EnumerateFiles(folder))
                {
                    files[file] = File.GetLastWriteTimeUtc(file);
                }
            }
        }

        return files;
    }
}
