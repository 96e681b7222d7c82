using ComplianceMonitor.Domain.Calendar;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions.Delivery;

/// <summary>The dispatch and digest timers (Flows 2 and 3): thin triggers over the delivery services.</summary>
/// <remarks>
/// Schedules are NCRONTAB in UTC from app settings (<c>DISPATCH_SCHEDULE</c>, <c>DIGEST_SCHEDULE</c>). A timer may fire
/// twice or late (past due); both services are idempotent, and the digest scheduler is given the run instant so that a
/// late run still sends what came due. Until the services are registered, each run logs an error and does nothing.
/// </remarks>
public sealed class DeliveryTimers
{
    private readonly IDispatchRunner? _dispatch;
    private readonly IDigestScheduler? _digests;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryTimers> _logger;

    /// <summary>Creates the timers; the services are optional until they are built (see README.md).</summary>
    public DeliveryTimers(TimeProvider time, ILogger<DeliveryTimers> logger, IDispatchRunner? dispatch = null, IDigestScheduler? digests = null)
    {
        _time = time;
        _logger = logger;
        _dispatch = dispatch;
        _digests = digests;
    }

    /// <summary>Sends the queued reminders (every few minutes).</summary>
    [Function("Dispatch")]
    public async Task DispatchAsync([TimerTrigger("%DISPATCH_SCHEDULE%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        var now = _time.GetUtcNow();
        var today = BeijingClock.DateOf(now);
        FunctionsLog.TimerFired(_logger, "Dispatch", now, today, timer.IsPastDue);
        if (_dispatch is null)
        {
            FunctionsLog.NotWired(_logger, "Dispatch", nameof(IDispatchRunner));
            return;
        }

        await _dispatch.RunOnceAsync(context.CancellationToken);
    }

    /// <summary>Sends the district digests that came due (every 15 minutes; each district's Cronos schedule decides).</summary>
    [Function("DigestScheduler")]
    public async Task DigestAsync([TimerTrigger("%DIGEST_SCHEDULE%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        var now = _time.GetUtcNow();
        var today = BeijingClock.DateOf(now);
        FunctionsLog.TimerFired(_logger, "DigestScheduler", now, today, timer.IsPastDue);
        if (_digests is null)
        {
            FunctionsLog.NotWired(_logger, "DigestScheduler", nameof(IDigestScheduler));
            return;
        }

        await _digests.RunDueAsync(now, context.CancellationToken);
    }
}
