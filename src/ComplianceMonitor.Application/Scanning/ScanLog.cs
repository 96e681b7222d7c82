using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>The scan's log messages (message templates; recipients only ever masked).</summary>
internal static partial class ScanLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Scan {RunId} of district {DistrictCode} for {AsOf} started")]
    public static partial void Started(ILogger logger, string runId, string districtCode, DateOnly asOf);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Scan {RunId} of district {DistrictCode} for {AsOf} finished: {Leases} leases, {Findings} findings, alerts {AlertsCreated} new / {AlertsUpdated} updated / {AlertsResolved} resolved ({AlertsRuleRevised} rule revised), {OutboxQueued} reminders queued / {OutboxSuperseded} superseded / {OutboxWithdrawn} withdrawn, tasks {TasksOpened} opened / {TasksResolved} resolved / {TasksEscalated} escalated / {TasksReopened} reopened / {TasksConfirmed} confirmed, {Quarantined} quarantined, rule revision {RuleRevision}")]
    public static partial void Finished(ILogger logger, string runId, string districtCode, DateOnly asOf, int leases, int findings, int alertsCreated, int alertsUpdated, int alertsResolved, int alertsRuleRevised, int outboxQueued, int outboxSuperseded, int outboxWithdrawn, int tasksOpened, int tasksResolved, int tasksEscalated, int tasksReopened, int tasksConfirmed, int quarantined, int ruleRevision);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Scan {RunId} of district {DistrictCode} for {AsOf} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string runId, string districtCode, DateOnly asOf);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Lease {LeaseId} of district {DistrictCode} quarantined: {Reason}")]
    public static partial void Quarantined(ILogger logger, string leaseId, string districtCode, string reason);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Scan of district {DistrictCode}: {Warning}")]
    public static partial void Warning(ILogger logger, string districtCode, string warning);

    [LoggerMessage(EventId = 3120, Level = LogLevel.Debug, Message = "Alert {AlertKey} opened: {Rule} {Status}")]
    public static partial void AlertOpened(ILogger logger, string alertKey, RuleCode rule, FindingStatus status);

    [LoggerMessage(EventId = 3121, Level = LogLevel.Debug, Message = "Alert {AlertKey} resolved: the finding is gone")]
    public static partial void AlertResolved(ILogger logger, string alertKey);

    [LoggerMessage(EventId = 3123, Level = LogLevel.Debug, Message = "Alert {AlertKey} resolved as rule revised: last seen under rule revision {SeenRevision}, its rule changed by revision {Revision}")]
    public static partial void AlertRuleRevised(ILogger logger, string alertKey, int seenRevision, int revision);

    [LoggerMessage(EventId = 3122, Level = LogLevel.Information, Message = "Scan of district {DistrictCode}: {Count} alert write(s) conflicted; re-reading and planning again")]
    public static partial void Conflicts(ILogger logger, string districtCode, int count);

    [LoggerMessage(EventId = 3130, Level = LogLevel.Debug, Message = "Reminder {Stage} of alert {AlertKey} queued by {Channel} to {Recipient}")]
    public static partial void ReminderQueued(ILogger logger, string stage, string alertKey, OutboxChannel channel, string recipient);

    [LoggerMessage(EventId = 3140, Level = LogLevel.Information, Message = "Task {TaskId} opened for {Department}, due {DueOn}")]
    public static partial void TaskOpened(ILogger logger, string taskId, Department department, DateOnly dueOn);

    [LoggerMessage(EventId = 3141, Level = LogLevel.Information, Message = "Task {TaskId} escalated to {CityBody}: open past {DueOn}")]
    public static partial void TaskEscalated(ILogger logger, string taskId, string cityBody, DateOnly dueOn);
}
