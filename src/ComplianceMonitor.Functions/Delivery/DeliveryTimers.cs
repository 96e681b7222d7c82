using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Domain.Calendar;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions.Delivery;

/// <summary>The dispatch and digest timers (Flows 2 and 3): thin triggers over the delivery services.</summary>
/// <remarks>
/// Schedules are NCRONTAB in UTC from app settings (<c>DISPATCH_SCHEDULE</c>, <c>DIGEST_SCHEDULE</c>). A timer may fire
/// twice or late (past due); both services are idempotent (each outbox entry is sent once per stage and channel; each
/// district's digest once per due occurrence), and the digest scheduler is given the run instant so that a late run still
/// sends what came due.
/// </remarks>
public sealed class DeliveryTimers
{
    private readonly DispatchService _dispatch;
    private readonly DigestScheduler _digests;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryTimers> _logger;

    /// <summary>Creates the timers over the dispatcher and the digest scheduler.</summary>
    public DeliveryTimers(TimeProvider time, ILogger<DeliveryTimers> logger, DispatchService dispatch, DigestScheduler digests)
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
        await _digests.RunDueAsync(now, context.CancellationToken);
    }
}
