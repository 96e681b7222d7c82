using ComplianceMonitor.Application.Scanning;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions;

/// <summary>The function app's log messages: message templates with ids and codes only, never names, emails or phone numbers.</summary>
internal static partial class FunctionsLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "{Function} fired at {InstantUtc:o} (Beijing date {BeijingDate}); past due: {IsPastDue}")]
    public static partial void TimerFired(ILogger logger, string function, DateTimeOffset instantUtc, DateOnly beijingDate, bool isPastDue);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Scan run {RunId} for {AsOf}: {Enqueued} district message(s) enqueued, {Skipped} already enqueued")]
    public static partial void FannedOut(ILogger logger, string runId, DateOnly asOf, int enqueued, int skipped);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Scan run {RunId}: district {DistrictCode} already enqueued; not sent again")]
    public static partial void FanOutSkipped(ILogger logger, string runId, string districtCode);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Scan message {MessageId}: run {RunId} of district {DistrictCode} for {AsOf} ended {Outcome}")]
    public static partial void ScanDone(ILogger logger, string messageId, string runId, string districtCode, DateOnly asOf, ScanOutcome outcome);

    [LoggerMessage(EventId = 5029, Level = LogLevel.Information, Message = "Scan message {MessageId}: run {RunId} of district {DistrictCode} closed {AlertsRuleRevised} alert(s) as rule revised (their rule changed in revision {RuleRevision}; not obligation met) and withdrew {OutboxWithdrawn} pending reminder(s)")]
    public static partial void ScanRuleRevised(ILogger logger, string messageId, string runId, string districtCode, int alertsRuleRevised, int ruleRevision, int outboxWithdrawn);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "Scan message {MessageId} rejected and moved to {PoisonQueue} without retry: {Reason}")]
    public static partial void ScanMessageRejected(ILogger logger, string messageId, string poisonQueue, string reason);

    [LoggerMessage(EventId = 5025, Level = LogLevel.Warning, Message = "Scan message {MessageId}: run {RunId} of district {DistrictCode} asks for {AsOf} but today in Beijing is {Today}; refused, nothing scanned, sent, opened or resolved")]
    public static partial void ScanMessageStale(ILogger logger, string messageId, string runId, string districtCode, DateOnly asOf, DateOnly today);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "Scan message {MessageId}: run {RunId} of district {DistrictCode} failed on attempt {Attempt} of {MaxAttempts}; the host will retry")]
    public static partial void ScanAttemptFailed(ILogger logger, Exception exception, string messageId, string runId, string districtCode, long attempt, int maxAttempts);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Critical, Message = "Scan message {MessageId}: run {RunId} of district {DistrictCode} for {AsOf} failed {Attempts} times; the host moves it to {PoisonQueue}")]
    public static partial void ScanGivingUp(ILogger logger, Exception exception, string messageId, string runId, string districtCode, DateOnly asOf, long attempts, string poisonQueue);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Error, Message = "Could not record the failure of scan run {RunId} of district {DistrictCode}")]
    public static partial void RunRecordFailed(ILogger logger, Exception exception, string runId, string districtCode);
}
