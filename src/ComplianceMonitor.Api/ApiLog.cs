using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Api;

/// <summary>The API's log messages (message templates; never a phone number, an email address or a person's name).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "On-demand scan {RunId} of district {DistrictCode} for {AsOf} enqueued by {Principal}")]
    public static partial void ScanRequested(ILogger logger, string runId, string districtCode, DateOnly asOf, string principal);

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
