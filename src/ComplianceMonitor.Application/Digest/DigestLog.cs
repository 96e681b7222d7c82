using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Digest;

/// <summary>The digest's log messages (message templates; addresses only ever masked).</summary>
internal static partial class DigestLog
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "Digest of district {DistrictCode} for {Occurrence} claimed (attempt {Attempt}) by {InstanceId}")]
    public static partial void Claimed(ILogger logger, string districtCode, DateTimeOffset occurrence, int attempt, string instanceId);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Digest of district {DistrictCode} for {Occurrence} sent to {RecipientCount} recipient(s) {Recipients} on attempt {Attempt}")]
    public static partial void Sent(ILogger logger, string districtCode, DateTimeOffset occurrence, int recipientCount, string recipients, int attempt);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Digest of district {DistrictCode} for {Occurrence} failed on attempt {Attempt}; the next run retries: {Reason}")]
    public static partial void SendFailed(ILogger logger, string districtCode, DateTimeOffset occurrence, int attempt, string reason);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Error, Message = "Digest of district {DistrictCode} for {Occurrence} abandoned after attempt {Attempt}: {Reason}")]
    public static partial void Abandoned(ILogger logger, string districtCode, DateTimeOffset occurrence, int attempt, string reason);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Information, Message = "Digest of district {DistrictCode} for {Occurrence} is claimed by another run; skipped")]
    public static partial void ClaimLost(ILogger logger, string districtCode, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Warning, Message = "Digest of district {DistrictCode} for {Occurrence}: claim of {ClaimedBy} from {ClaimedAt} is stale; taking it over")]
    public static partial void StaleClaimTakenOver(ILogger logger, string districtCode, DateTimeOffset occurrence, string claimedBy, DateTimeOffset claimedAt);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Error, Message = "Digest of district {DistrictCode} for {Occurrence}: the {Status} record could not be written (changed by another run)")]
    public static partial void RecordConflict(ILogger logger, string districtCode, DateTimeOffset occurrence, string status);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Warning, Message = "Digest of district {DistrictCode} for {Occurrence} could not be built or handed over")]
    public static partial void BuildOrSendThrew(ILogger logger, Exception exception, string districtCode, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 3508, Level = LogLevel.Debug, Message = "Digest of district {DistrictCode} for {Occurrence} skipped: {Date} is an off-day")]
    public static partial void OffDaySkipped(ILogger logger, string districtCode, DateTimeOffset occurrence, DateOnly date);

    [LoggerMessage(EventId = 3509, Level = LogLevel.Error, Message = "Digest run for district {DistrictCode} failed")]
    public static partial void DistrictFailed(ILogger logger, Exception exception, string districtCode);

    [LoggerMessage(EventId = 3510, Level = LogLevel.Information, Message = "Digest run at {Now}: {Sent} sent, {Failed} failed, {Skipped} already handled")]
    public static partial void RunFinished(ILogger logger, DateTimeOffset now, int sent, int failed, int skipped);

    [LoggerMessage(EventId = 3512, Level = LogLevel.Warning, Message = "Digest of district {DistrictCode} for {Occurrence} reports channel {Channel} paused since {PausedAt} until {Until} ({ProviderStatus}): {Reason}; {Waiting} reminder(s) of the district wait for it")]
    public static partial void ChannelPauseReported(ILogger logger, string districtCode, DateTimeOffset occurrence, Reminders.OutboxChannel channel, DateTimeOffset pausedAt, DateTimeOffset until, string providerStatus, string reason, int waiting);

    [LoggerMessage(EventId = 3513, Level = LogLevel.Error, Message = "Digest of district {DistrictCode} for {Occurrence} held: the email provider refuses our account ({ProviderStatus}); retried from {NextAttemptAt} without counting against the attempts: {Reason}")]
    public static partial void HeldAccountRefused(ILogger logger, string districtCode, DateTimeOffset occurrence, string providerStatus, DateTimeOffset nextAttemptAt, string reason);

    [LoggerMessage(EventId = 3511, Level = LogLevel.Warning, Message = "Stored digest schedule of district {DistrictCode}: {Field} ignored: {Reason}")]
    public static partial void StoredScheduleIgnored(ILogger logger, string districtCode, string field, string reason);
}
