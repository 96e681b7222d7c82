using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>Decides, for one finding and its stored alert, what a scan must write. Pure: no I/O, no clock.</summary>
/// <remarks>
/// <para>A new finding becomes an open alert; a resolved alert whose finding is back is reopened; an open alert is
/// rewritten only when a stored field changes (status, severity, deadline, amount, responsible, basis, names) or a
/// reminder stage or task is recorded. A message that differs only in wording (e.g. a day count) does not cause a
/// write on its own; it is refreshed with the next write.</para>
/// <para>The current reminder stage (see <see cref="ReminderCadence"/>) is queued when no stage of the same or a
/// later order was queued: one outbox entry per channel and recipient, and the stage is recorded on the alert.
/// An overdue obligation or a violation opens the alert's enforcement task unless it already has one; a RENEWAL_DECISION
/// opens it as soon as it appears (<see cref="TaskOpening"/>).</para>
/// </remarks>
public sealed class AlertReconciler
{
    private readonly ReminderCadence _cadence;
    private readonly EnforcementTaskOptions _taskOptions;

    /// <summary>Creates a reconciler over a cadence and task options.</summary>
    public AlertReconciler(ReminderCadence cadence, EnforcementTaskOptions taskOptions)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(taskOptions);
        _cadence = cadence;
        _taskOptions = taskOptions;
    }

    /// <summary>Plans the writes for <paramref name="finding"/> of <paramref name="lease"/> on <paramref name="asOf"/>, given its stored alert (or null), under the catalogue's rule revision.</summary>
    public AlertPlan Plan(Alert? stored, LeaseRecord lease, Finding finding, DateOnly asOf, DateTimeOffset now) =>
        Plan(stored, lease, finding, asOf, now, RuleCatalog.Revision);

    /// <summary>Plans the writes for <paramref name="finding"/>, found under rule revision <paramref name="revision"/> (recorded on the alert; an alert seen under an older one is rewritten once).</summary>
    public AlertPlan Plan(Alert? stored, LeaseRecord lease, Finding finding, DateOnly asOf, DateTimeOffset now, int revision)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(finding);
        var key = AlertKey.For(lease.LeaseId, finding.Rule, finding.Subject);
        if (stored is not null && stored.Key != key)
        {
            throw new ArgumentException($"The stored alert {stored.Key} is not the alert of this finding ({key}).", nameof(stored));
        }

        var alert = Observe(stored, lease, finding, key, asOf) with { Revision = revision };
        var reopens = stored is { State: AlertState.Resolved };
        var write = stored is null || reopens
            || !alert.SameContentAs(stored with { Message = alert.Message, LastSeenOn = alert.LastSeenOn });

        ReminderStage? stageQueued = null;
        IReadOnlyList<OutboxEntry> outbox = [];
        if (_cadence.CurrentStage(finding, asOf) is { } stage && ReminderCadence.ShouldQueue(stage, alert.QueuedStages))
        {
            outbox = Reminders(lease, finding, key, stage, asOf, now);
            stageQueued = stage;
            alert = alert with { QueuedStages = [.. alert.QueuedStages, stage.Name] };
            write = true;
        }

        EnforcementTask? task = null;
        if (alert.TaskId is null
            && TaskOpening.Opens(finding, asOf)
            && Departments.For(finding.Rule) is { } department)
        {
            task = EnforcementTask.Open(alert, department, asOf, _taskOptions.DueDays, now) with { DueOn = TaskOpening.DueOn(finding, asOf, _taskOptions.DueDays) };
            alert = alert with { TaskId = task.Id };
            write = true;
        }

        // An unchanged alert stays as stored, byte for byte (no write), whatever the message's wording today.
        if (!write)
        {
            alert = stored!;
        }

        return new AlertPlan
        {
            Stored = stored,
            Alert = alert,
            StageQueued = stageQueued,
            Outbox = outbox,
            TaskToOpen = task,
            Reopens = reopens,
        };
    }

    /// <summary>The alert resolved on <paramref name="asOf"/> because its finding is gone (the obligation was met).</summary>
    public static Alert Resolve(Alert stored, DateOnly asOf) => Resolve(stored, asOf, AlertResolution.ObligationMet);

    /// <summary>The alert resolved on <paramref name="asOf"/> because its finding is gone, for <paramref name="resolution"/>.</summary>
    public static Alert Resolve(Alert stored, DateOnly asOf, AlertResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored with { State = AlertState.Resolved, ResolvedOn = asOf, Resolution = resolution };
    }

    private static Alert Observe(Alert? stored, LeaseRecord lease, Finding finding, string key, DateOnly asOf)
    {
        var baseAlert = stored ?? new Alert
        {
            DistrictCode = lease.DistrictCode,
            Key = key,
            LeaseId = lease.LeaseId,
            Rule = finding.Rule,
            Subject = finding.Subject,
            State = AlertState.Open,
            FirstSeenOn = asOf,
            LastSeenOn = asOf,
            Status = finding.Status,
            Severity = finding.Severity,
            Message = finding.Message,
            Responsible = finding.Responsible,
            Basis = finding.Basis,
        };

        var reopened = stored is { State: AlertState.Resolved };
        return baseAlert with
        {
            State = AlertState.Open,
            ResolvedOn = null,
            Resolution = null,
            LastSeenOn = asOf,
            Deadline = finding.Deadline,
            Status = finding.Status,
            Severity = finding.Severity,
            AmountYuan = finding.AmountYuan,
            Message = finding.Message,
            Responsible = finding.Responsible,
            Basis = finding.Basis,
            LandUserName = lease.LandUser.Name,
            ParcelName = lease.Parcel.Name,

            // The task of a resolved alert was closed with it: a reopened breach needs its task again.
            TaskId = reopened ? null : baseAlert.TaskId,
        };
    }

    private List<OutboxEntry> Reminders(LeaseRecord lease, Finding finding, string key, ReminderStage stage, DateOnly asOf, DateTimeOffset now)
    {
        var entries = new List<OutboxEntry>(2);
        var user = lease.LandUser;
        if (!string.IsNullOrWhiteSpace(user.Email))
        {
            entries.Add(Entry(OutboxChannel.Email, user.Email.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(user.Mobile) && _cadence.UsesSms(finding, asOf))
        {
            entries.Add(Entry(OutboxChannel.Sms, user.Mobile.Trim()));
        }

        return entries;

        OutboxEntry Entry(OutboxChannel channel, string recipient) => new()
        {
            DistrictCode = lease.DistrictCode,
            Id = AlertKey.OutboxId(key, stage.Name, channel, recipient),
            AlertKey = key,
            LeaseId = lease.LeaseId,
            Rule = finding.Rule,
            Stage = stage.Name,
            Channel = channel,
            Recipient = recipient,
            RecipientName = string.IsNullOrWhiteSpace(user.ContactName) ? user.Name : user.ContactName,
            LandUserName = user.Name,
            ParcelName = lease.Parcel.Name,
            Deadline = finding.Deadline,
            FindingStatus = finding.Status,
            DaysRemaining = finding.Deadline is { } d ? d.DayNumber - asOf.DayNumber : null,
            Severity = finding.Severity,
            AmountYuan = finding.AmountYuan,
            Basis = finding.Basis,
            Message = finding.Message,
            QueuedOn = asOf,
            CreatedAt = now,
            Status = OutboxStatus.Pending,
        };
    }
}
