using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Testing.Records;

/// <summary>A lease, its alert and its reminders with known content, for the dispatch tests (in memory and over Azurite).</summary>
public static class ReminderSamples
{
    /// <summary>房山区.</summary>
    public const string District = "110111";

    /// <summary>2026-06-23 10:00 Beijing (a Tuesday), inside the SMS window: 7 days before the sample deadline.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 6, 23, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Lease 2022-01-01..2026-12-31, rent paid, construction completed: one finding, ASSESSMENT_APPLICATION due 2026-06-30.</summary>
    public static LeaseRecord Lease(string leaseId = "FS-2022-0001", string district = District) => SampleLeases.Create(leaseId, district) with
    {
        LeaseStart = new DateOnly(2022, 1, 1),
        LeaseEnd = new DateOnly(2026, 12, 31),
        ConstructionCompletedOn = new DateOnly(2023, 6, 30),
        RentSchedule = [new RentInstalment(new DateOnly(2022, 1, 1), 7_733_750.00m, RentPeriod.Lease)],
        RentPayments = [new Payment(new DateOnly(2022, 1, 1), 7_733_750.00m, "竞买保证金转租金")],
        Events = [],
    };

    /// <summary>The open ASSESSMENT_APPLICATION alert of <paramref name="lease"/> as the scan of 2026-06-23 writes it, stage D-7 queued.</summary>
    public static Alert Alert(LeaseRecord lease, Severity severity = Severity.Warning, FindingStatus status = FindingStatus.Upcoming)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new Alert
        {
            DistrictCode = lease.DistrictCode,
            Key = AlertKey.For(lease.LeaseId, RuleCode.ASSESSMENT_APPLICATION, "2026-06-30"),
            LeaseId = lease.LeaseId,
            Rule = RuleCode.ASSESSMENT_APPLICATION,
            Subject = "2026-06-30",
            State = AlertState.Open,
            FirstSeenOn = new DateOnly(2026, 6, 23),
            LastSeenOn = new DateOnly(2026, 6, 23),
            Deadline = new DateOnly(2026, 6, 30),
            Status = status,
            Severity = severity,
            Message = "请最迟于2026年6月30日提出考核申请",
            Responsible = Responsible.LandUser,
            Basis = "三（五）",
            LandUserName = lease.LandUser.Name,
            ParcelName = lease.Parcel.Name,
            QueuedStages = ["D-7"],
        };
    }

    /// <summary>A pending reminder of <paramref name="alert"/> queued four hours before <see cref="Morning"/> (张三, zhang@example.com or 13800138000 by default).</summary>
    public static OutboxEntry Entry(Alert alert, OutboxChannel channel = OutboxChannel.Email, string? recipient = null, string stage = "D-7")
    {
        ArgumentNullException.ThrowIfNull(alert);
        recipient ??= channel == OutboxChannel.Email ? "zhang@example.com" : "13800138000";
        return new OutboxEntry
        {
            DistrictCode = alert.DistrictCode,
            Id = AlertKey.OutboxId(alert.Key, stage, channel, recipient),
            AlertKey = alert.Key,
            LeaseId = alert.LeaseId,
            Rule = alert.Rule,
            Stage = stage,
            Channel = channel,
            Recipient = recipient,
            RecipientName = "张三",
            LandUserName = alert.LandUserName ?? "北京某某科技有限公司",
            ParcelName = alert.ParcelName,
            Deadline = alert.Deadline,
            FindingStatus = alert.Status,
            DaysRemaining = 7,
            Severity = alert.Severity,
            Basis = alert.Basis,
            Message = alert.Message,
            QueuedOn = new DateOnly(2026, 6, 23),
            CreatedAt = Morning.AddHours(-4),
            Status = OutboxStatus.Pending,
        };
    }
}
