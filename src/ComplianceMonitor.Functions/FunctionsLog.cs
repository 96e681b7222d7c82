using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Functions.Leases;
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

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "On-demand scan {RunId} of district {DistrictCode} for {AsOf} enqueued by {Principal}")]
    public static partial void ScanRequested(ILogger logger, string runId, string districtCode, DateOnly asOf, string principal);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Scan message {MessageId}: run {RunId} of district {DistrictCode} for {AsOf} ended {Outcome}")]
    public static partial void ScanDone(ILogger logger, string messageId, string runId, string districtCode, DateOnly asOf, ScanOutcome outcome);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "Scan message {MessageId} rejected and moved to {PoisonQueue} without retry: {Reason}")]
    public static partial void ScanMessageRejected(ILogger logger, string messageId, string poisonQueue, string reason);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "Scan message {MessageId}: run {RunId} of district {DistrictCode} failed on attempt {Attempt} of {MaxAttempts}; the host will retry")]
    public static partial void ScanAttemptFailed(ILogger logger, Exception exception, string messageId, string runId, string districtCode, long attempt, int maxAttempts);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Critical, Message = "Scan message {MessageId}: run {RunId} of district {DistrictCode} for {AsOf} failed {Attempts} times; the host moves it to {PoisonQueue}")]
    public static partial void ScanGivingUp(ILogger logger, Exception exception, string messageId, string runId, string districtCode, DateOnly asOf, long attempts, string poisonQueue);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Error, Message = "Could not record the failure of scan run {RunId} of district {DistrictCode}")]
    public static partial void RunRecordFailed(ILogger logger, Exception exception, string runId, string districtCode);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Checked {Count} posted record(s) as of {AsOf}")]
    public static partial void Checked(ILogger logger, int count, DateOnly asOf);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Information, Message = "Check refused: {ErrorCount} validation error(s)")]
    public static partial void CheckRejected(ILogger logger, int errorCount);

    [LoggerMessage(EventId = 5032, Level = LogLevel.Information, Message = "Checked lease {LeaseId} as of {AsOf}: {Findings} finding(s)")]
    public static partial void LeaseChecked(ILogger logger, string leaseId, DateOnly asOf, int findings);

    [LoggerMessage(EventId = 5040, Level = LogLevel.Information, Message = "Lease {LeaseId} of district {DistrictCode}: {Outcome}")]
    public static partial void LeaseUpserted(ILogger logger, string leaseId, string districtCode, UpsertOutcome outcome);

    [LoggerMessage(EventId = 5041, Level = LogLevel.Information, Message = "Lease {LeaseId} refused: {ErrorCount} validation error(s); nothing written")]
    public static partial void LeaseRejected(ILogger logger, string leaseId, int errorCount);

    [LoggerMessage(EventId = 5042, Level = LogLevel.Information, Message = "Lease {LeaseId}: event {EventType} on {On} {Outcome}")]
    public static partial void EventRecorded(ILogger logger, string leaseId, LeaseEventType eventType, DateOnly on, EventAppendOutcome outcome);

    [LoggerMessage(EventId = 5043, Level = LogLevel.Information, Message = "Lease {LeaseId}: event refused, {ErrorCount} validation error(s); nothing written")]
    public static partial void EventRejected(ILogger logger, string leaseId, int errorCount);

    [LoggerMessage(EventId = 5050, Level = LogLevel.Information, Message = "Task {TaskId} of district {DistrictCode}: {Action} → {State}")]
    public static partial void TaskMoved(ILogger logger, string taskId, string districtCode, string action, string state);

    [LoggerMessage(EventId = 5051, Level = LogLevel.Warning, Message = "Task {Key} could not be read and was left out of the list")]
    public static partial void TaskUnreadable(ILogger logger, string key);

    [LoggerMessage(EventId = 5060, Level = LogLevel.Information, Message = "Digest of district {DistrictCode} for {Date} previewed as {Format}")]
    public static partial void DigestPreviewed(ILogger logger, string districtCode, DateOnly date, DigestFormat format);
}
