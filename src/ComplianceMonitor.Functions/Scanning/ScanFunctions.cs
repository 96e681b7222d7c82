using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions.Scanning;

/// <summary>The daily scan (Flow 1): the timer fan-out, the per-district queue scan, and the on-demand scan over HTTP.</summary>
/// <remarks>
/// <para>"Today" is the Beijing date of the run instant (<see cref="BeijingClock"/>): the timer at 21:30 UTC (05:30 Beijing)
/// on 2026-03-05 scans for 2026-03-06. The daily run id is <c>daily-yyyyMMdd</c> of that date, so a timer that fires twice
/// (or late) produces the same messages, and <see cref="ScanFanOut"/> does not enqueue them again.</para>
/// <para>The queue scan is <see cref="ScanService.ScanDistrictAsync"/>, which records its run and is idempotent. A message
/// that cannot be read is logged, recorded as a failed run when its district and run id can be read, and put on
/// <see cref="ScanQueue.PoisonName"/> at once (no retries). A scan that fails is retried by the host up to
/// <see cref="ScanQueue.MaxDequeueCount"/> times (host.json) and then moved to the poison queue; the last attempt logs
/// that and records the failed run.</para>
/// </remarks>
public sealed class ScanFunctions
{
    private readonly ScanService _scan;
    private readonly ScanFanOut _fanOut;
    private readonly IRunStore _runs;
    private readonly TimeProvider _time;
    private readonly ILogger<ScanFunctions> _logger;

    /// <summary>Creates the functions.</summary>
    public ScanFunctions(ScanService scan, ScanFanOut fanOut, IRunStore runs, TimeProvider time, ILogger<ScanFunctions> logger)
    {
        _scan = scan;
        _fanOut = fanOut;
        _runs = runs;
        _time = time;
        _logger = logger;
    }

    /// <summary>Fans the daily scan out: one message per jurisdiction on <see cref="ScanQueue.Name"/> (<c>SCAN_SCHEDULE</c>, UTC).</summary>
    [Function("DailyScan")]
    public async Task DailyScanAsync([TimerTrigger("%SCAN_SCHEDULE%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        var now = _time.GetUtcNow();
        var asOf = BeijingClock.DateOf(now);
        FunctionsLog.TimerFired(_logger, "DailyScan", now, asOf, timer.IsPastDue);
        await _fanOut.EnqueueAsync(asOf, ScanFanOut.DailyRunId(asOf), [.. Jurisdiction.All.Select(j => j.Code)], context.CancellationToken);
    }

    /// <summary>Scans one district for one date (one fan-out message).</summary>
    [Function("ScanDistrict")]
    public async Task ScanDistrictAsync([QueueTrigger(ScanQueue.Name, Connection = ScanQueue.Connection)] string message, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var messageId = BindingText(context, "Id") ?? "(unknown)";
        var dequeueCount = BindingNumber(context, "DequeueCount") ?? 1;
        if (!ScanRequestMessage.TryParse(message, out var request, out var problems, out var district, out var runId))
        {
            var reason = string.Join("; ", problems);
            FunctionsLog.ScanMessageRejected(_logger, messageId, ScanQueue.PoisonName, reason);
            if (district is not null && runId is not null)
            {
                await RecordFailureAsync(district, runId, null, $"rejected message {messageId}: {reason}", $"moved to {ScanQueue.PoisonName}", ct);
            }

            await _fanOut.RejectAsync(message ?? string.Empty, ct);
            return;
        }

        var today = BeijingClock.DateOf(_time.GetUtcNow());
        if (request!.AsOf != today)
        {
            // Dequeued on another Beijing day (a backlog, a retry past midnight, a hand-made message): a scan for a day
            // other than today never sends, opens or resolves anything, so the message is refused and completed.
            await RefuseStaleAsync(request, today, messageId, ct);
            return;
        }

        try
        {
            // Throws ScanFailedException (failed run recorded) when the scan stops on an error.
            var run = await _scan.ScanDistrictAsync(request.DistrictCode, request.AsOf, request.RunId, ct);
            FunctionsLog.ScanDone(_logger, messageId, request.RunId, request.DistrictCode, request.AsOf, run.Outcome);
            if (run.AlertsRuleRevised > 0)
            {
                FunctionsLog.ScanRuleRevised(_logger, messageId, request.RunId, request.DistrictCode, run.AlertsRuleRevised, run.RuleRevision, run.OutboxWithdrawn);
            }

        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (dequeueCount >= ScanQueue.MaxDequeueCount)
            {
                // ScanService has recorded the failed run (ScanFailedException) unless the failure came before it could.
                var cause = ex is ScanFailedException { InnerException: { } inner } ? inner : ex;
                FunctionsLog.ScanGivingUp(_logger, cause, messageId, request!.RunId, request.DistrictCode, request.AsOf, dequeueCount, ScanQueue.PoisonName);
                await RecordFailureAsync(
                    request.DistrictCode,
                    request.RunId,
                    request.AsOf,
                    $"{cause.GetType().Name}: {cause.Message}",
                    $"gave up after {dequeueCount} attempts, message {messageId} moved to {ScanQueue.PoisonName}",
                    CancellationToken.None);
            }
            else
            {
                FunctionsLog.ScanAttemptFailed(_logger, ex, messageId, request!.RunId, request.DistrictCode, dequeueCount, ScanQueue.MaxDequeueCount);
            }

            throw;
        }
    }

    /// <summary><c>POST /api/scan</c>: requests the scan of one district (handled by <c>ComplianceMonitor.Api.Endpoints.ScanEndpoints</c>, enqueued by <see cref="QueuedScanRequests"/>).</summary>
    [Function("ScanOnDemand")]
    public Task<HttpResponseData> ScanOnDemandAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "scan")] HttpRequestData request,
        FunctionContext context) =>
        FunctionsApi.RunAsync(request, context, "ScanOnDemand");

    /// <summary>
    /// Refuses a message for a day other than today: logged, and recorded as a failed run unless the run already
    /// succeeded (a duplicate of a message that was scanned on its day changes nothing).
    /// </summary>
    private async Task RefuseStaleAsync(ScanRequestMessage request, DateOnly today, string messageId, CancellationToken cancellationToken)
    {
        FunctionsLog.ScanMessageStale(_logger, messageId, request.RunId, request.DistrictCode, request.AsOf, today);
        var existing = await _runs.GetAsync(request.DistrictCode, request.RunId, cancellationToken);
        if (existing is { Outcome: ScanOutcome.Succeeded })
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        await RecordFailureAsync(
            request.DistrictCode,
            request.RunId,
            request.AsOf,
            string.Create(inv, $"refused: message {messageId} asks for {request.AsOf:yyyy-MM-dd} but was taken from the queue on {today:yyyy-MM-dd} (Beijing)"),
            "nothing was scanned, sent, opened or resolved; a scan only runs for today (cm scan --backdate for a deliberate back-dated run)",
            cancellationToken);
    }

    /// <summary>Marks the run failed: the recorded error (else <paramref name="cause"/>) followed by <paramref name="note"/>.</summary>
    private async Task RecordFailureAsync(string district, string runId, DateOnly? asOf, string cause, string note, CancellationToken cancellationToken)
    {
        try
        {
            var now = _time.GetUtcNow();
            var existing = await _runs.GetAsync(district, runId, cancellationToken);
            var run = existing is not null
                ? existing with { Outcome = ScanOutcome.Failed, FinishedAt = now, Error = $"{(existing.Outcome == ScanOutcome.Failed && existing.Error is { } recorded ? recorded : cause)}; {note}" }
                : new ScanRun
                {
                    RunId = runId,
                    DistrictCode = district,
                    AsOf = asOf ?? BeijingClock.DateOf(now),
                    StartedAt = now,
                    FinishedAt = now,
                    Outcome = ScanOutcome.Failed,
                    Error = $"{cause}; {note}",
                };
            await _runs.PutAsync(run, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recording is best effort: the log line above already says what failed.
            FunctionsLog.RunRecordFailed(_logger, ex, runId, district);
        }
    }

    private static string? BindingText(FunctionContext context, string name) =>
        context.BindingContext?.BindingData is { } data && data.TryGetValue(name, out var value) && value is not null
            ? value.ToString()?.Trim('"')
            : null;

    private static long? BindingNumber(FunctionContext context, string name) =>
        long.TryParse(BindingText(context, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
