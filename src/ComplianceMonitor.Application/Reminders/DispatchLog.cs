using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Reminders;

/// <summary>The dispatcher's log messages (message templates; recipients only ever masked).</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Dispatch pass: {Examined} examined, {Sent} sent, {Retrying} retrying, {Dead} dead, {Held} held, {Suppressed} suppressed, {Superseded} superseded, {Recovered} recovered, {PossibleDuplicates} possible duplicate(s), {Skipped} skipped, {Failed} failed, {Waiting} waiting")]
    public static partial void PassFinished(ILogger logger, int examined, int sent, int retrying, int dead, int held, int suppressed, int superseded, int recovered, int possibleDuplicates, int skipped, int failed, int waiting);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Reminder {OutboxId} could not be processed; it is left as stored and comes round again")]
    public static partial void EntryFailed(ILogger logger, Exception exception, string outboxId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "The outbox of district {DistrictCode} could not be listed; its reminders wait for the next pass, the other districts go on")]
    public static partial void DistrictUnreadable(ILogger logger, Exception exception, string districtCode);

    [LoggerMessage(EventId = 4140, Level = LogLevel.Error, Message = "Channel {Channel} paused until {Until}: the provider refused our account ({ProviderStatus}): {Reason}; its reminders stay pending (first seen on {OutboxId})")]
    public static partial void ChannelPaused(ILogger logger, OutboxChannel channel, DateTimeOffset until, string providerStatus, string reason, string outboxId);

    [LoggerMessage(EventId = 4141, Level = LogLevel.Error, Message = "Channel {Channel} is paused since {PausedAt} until {Until} ({ProviderStatus}): {Reason}; {Waiting} reminder(s) of this pass wait for it; fix the provider account (key, sender) and they go out")]
    public static partial void ChannelStillPaused(ILogger logger, OutboxChannel channel, DateTimeOffset pausedAt, DateTimeOffset until, string providerStatus, string reason, int waiting);

    [LoggerMessage(EventId = 4142, Level = LogLevel.Information, Message = "Channel {Channel} resumed: the provider accepted a reminder again")]
    public static partial void ChannelResumed(ILogger logger, OutboxChannel channel);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Outbox entry {OutboxKey} of district {DistrictCode} cannot be read: {Error}")]
    public static partial void Unreadable(ILogger logger, string districtCode, string outboxKey, string error);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Reminder {OutboxId} sent by {Channel} to {Recipient} as {ProviderMessageId} (attempt {Attempt}, flags {Flags})")]
    public static partial void Sent(ILogger logger, string outboxId, OutboxChannel channel, string recipient, string providerMessageId, int attempt, DeliveryFlags flags);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Reminder {OutboxId} by {Channel} failed on attempt {Attempt}; retry at {RetryAt}: {Reason}")]
    public static partial void Retrying(ILogger logger, string outboxId, OutboxChannel channel, int attempt, DateTimeOffset retryAt, string reason);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Error, Message = "Reminder {OutboxId} by {Channel} to {Recipient} is dead: {Reason}")]
    public static partial void Dead(ILogger logger, string outboxId, OutboxChannel channel, string recipient, string reason);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Information, Message = "Reminder {OutboxId} by {Channel} to {Recipient} held until {Until}: {Reason}")]
    public static partial void Held(ILogger logger, string outboxId, OutboxChannel channel, string recipient, DateTimeOffset until, string reason);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Information, Message = "Reminder {OutboxId} by {Channel} to {Recipient} suppressed: {Reason}")]
    public static partial void Suppressed(ILogger logger, string outboxId, OutboxChannel channel, string recipient, string reason);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Information, Message = "Reminder {OutboxId} superseded: {Reason}")]
    public static partial void Superseded(ILogger logger, string outboxId, string reason);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Debug, Message = "Reminder {OutboxId} was claimed or changed by someone else first; left alone")]
    public static partial void ClaimConflict(ILogger logger, string outboxId);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "Reminder {OutboxId}: claim {AttemptId} was lost before its outcome ({Outcome}) was recorded on the entry; the attempt row keeps it")]
    public static partial void ClaimLost(ILogger logger, string outboxId, string attemptId, DeliveryOutcome? outcome);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning, Message = "Reminder {OutboxId}: too little of the claim was left to start the send; released")]
    public static partial void Abandoned(ILogger logger, string outboxId);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning, Message = "Reminder {OutboxId}: recovering the expired claim {AttemptId} (its attempt ended {PreviousOutcome}; none = never started or still unrecorded)")]
    public static partial void Recovering(ILogger logger, string outboxId, string? attemptId, DeliveryOutcome? previousOutcome);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Warning, Message = "Reminder {OutboxId} to {Recipient} resent as {AttemptId}, flagged as a possible duplicate: the previous attempt's outcome is unknown")]
    public static partial void PossibleDuplicate(ILogger logger, string outboxId, string attemptId, string recipient);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Information, Message = "Reminder {OutboxId}: completed from the delivery log (attempt {AttemptId} ended {Outcome}); nothing resent")]
    public static partial void Completed(ILogger logger, string outboxId, string attemptId, DeliveryOutcome? outcome);
}
