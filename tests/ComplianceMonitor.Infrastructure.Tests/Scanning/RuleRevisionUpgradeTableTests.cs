using Azure.Data.Tables;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tests.Reminders;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.RuleRevisionUpgrade;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.ScanLeases;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// Upgrading a district scanned under revision 1 (issue 8, part 4) through the Table stores on Azurite, with the real
/// SendGrid and Twilio senders against WireMock: the same stored ledger under revision 1, then revision 2.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class RuleRevisionUpgradeTableTests(AzuriteFixture azurite)
{
    private static readonly DateOnly UpgradeDay = new(2026, 6, 24);

    [Fact]
    public async Task ScanDistrictAsync_StoredLedgerScannedUnderRevision1ThenRevision2_RuleRevisedStoredAndWithdrawnSmsNeverReachesTwilio()
    {
        var scan = new ScanHost(azurite);
        using var dispatch = new DispatchHost(azurite, scan.Prefix, scan.Time.GetUtcNow());
        dispatch.SendGridAccepts();
        dispatch.TwilioAccepts();
        await scan.BulkLoadAsync(Ledger());

        // Revision 1 on 2026-06-23 at 05:30 Beijing; the dispatcher sends the 4 emails and holds the 4 SMS until 08:00.
        var v1 = await scan.ScanAsync(Day, engine: Revision1Engine());
        Assert.Equal((4, 8, 2, 1), (v1.AlertsCreated, v1.OutboxQueued, v1.TasksOpened, v1.RuleRevision));
        var early = await dispatch.CreateSut().RunOnceAsync();
        Assert.Equal((8, 4, 4), (early.Examined, early.Sent, early.Held));

        // The alerts as a build before revisions stored them: no Revision property. They read as revision 1.
        var alertsTable = await scan.Factory.GetTableClientAsync(MonitoringTables.Alerts);
        await foreach (var e in alertsTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Fangshan}")))
        {
            Assert.Equal(1, e.GetInt32("Revision"));
            e.Remove("Revision");
            await alertsTable.UpdateEntityAsync(e, e.ETag, TableUpdateMode.Replace);
        }

        Assert.All(await scan.AlertsAsync(), a => Assert.Equal((1, (AlertResolution?)null), (a.Revision, a.Resolution)));

        // Revision 2 on 2026-06-24 at 05:30 Beijing.
        scan.Time.SetUtcNow(new DateTimeOffset(2026, 6, 23, 21, 30, 0, TimeSpan.Zero));
        var v2 = await scan.ScanAsync(UpgradeDay);

        Assert.Equal((1, 1, 1, 0, 1, 0), (v2.AlertsResolved, v2.AlertsRuleRevised, v2.OutboxWithdrawn, v2.OutboxSuperseded, v2.TasksResolved, v2.OutboxQueued));
        var stored = await scan.Runs.GetAsync(Fangshan, v2.RunId);
        Assert.Equal((1, 1, 2, 1), (stored!.AlertsRuleRevised, stored.OutboxWithdrawn, stored.RuleRevision, stored.AlertsResolved));

        // The entity says why: Resolution ruleRevised, last seen under revision 1; the alerts still produced were rewritten under 2.
        var revisedEntity = (await alertsTable.GetEntityAsync<TableEntity>(Fangshan, RevisedKey)).Value;
        Assert.Equal(("resolved", "ruleRevised", 1, "2026-06-24"), (revisedEntity.GetString("State"), revisedEntity.GetString("Resolution"), revisedEntity.GetInt32("Revision"), revisedEntity.GetString("ResolvedOn")));
        var alerts = (await scan.AlertsAsync()).ToDictionary(a => a.Key);
        Assert.Equal(AlertResolution.RuleRevised, alerts[RevisedKey].Resolution);
        Assert.All(alerts.Values.Where(a => a.State == AlertState.Open), a => Assert.Equal(2, a.Revision));
        Assert.Equal(4, alerts.Values.Count(a => a.State == AlertState.Open));
        Assert.Equal(FindingStatus.Upcoming, alerts["FS-N|ASSESSMENT_APPLICATION|2028-03-31"].Status);

        var outbox = (await scan.OutboxAsync()).Where(e => e.AlertKey == RevisedKey).ToDictionary(e => e.Channel);
        Assert.Equal((OutboxStatus.Withdrawn, RuleRevision.WithdrawnReason(2)), (outbox[OutboxChannel.Sms].Status, outbox[OutboxChannel.Sms].StatusReason));
        Assert.Equal(OutboxStatus.Sent, outbox[OutboxChannel.Email].Status);
        var task = Assert.Single(await scan.TasksAsync(), t => t.Id == RevisedKey);
        Assert.Equal((TaskState.Resolved, EnforcementTask.SystemActor, RuleRevision.TaskNote), (task.State, task.History[^1].By, task.History[^1].Note));

        // 08:00 Beijing: the three SMS still wanted go to Twilio; FS-N's withdrawn one never does; no email goes again.
        dispatch.Time.SetUtcNow(new DateTimeOffset(2026, 6, 24, 0, 0, 0, TimeSpan.Zero));
        var open = await dispatch.CreateSut().RunOnceAsync();
        Assert.Equal((3, 3), (open.Examined, open.Sent));
        Assert.Equal(3, dispatch.TwilioLog().Count);
        Assert.DoesNotContain(dispatch.TwilioLog(), e => DispatchHost.Form(e.RequestMessage.Body!)["Body"].Contains("FS-N", StringComparison.Ordinal));
        Assert.Equal(4, dispatch.SendGridLog().Count);
        Assert.Equal(OutboxStatus.Withdrawn, (await scan.OutboxAsync()).Single(e => e.Id == outbox[OutboxChannel.Sms].Id).Status);
    }

    [Fact]
    public async Task AlertStore_ResolvedAlertStoredBeforeResolutions_ReadsAsObligationMetUnderRevision1AndABadResolutionNamesTheField()
    {
        var scan = new ScanHost(azurite);
        await scan.BulkLoadAsync([Plain("FS-A"), Plain("FS-B")]);
        await scan.ScanAsync(Day);
        var table = await scan.Factory.GetTableClientAsync(MonitoringTables.Alerts);
        var legacy = (await table.GetEntityAsync<TableEntity>(Fangshan, "FS-A|ASSESSMENT_APPLICATION|2026-06-30")).Value;
        legacy.Remove("Revision");
        legacy["State"] = "resolved";
        legacy["ResolvedOn"] = "2026-06-25";
        await table.UpdateEntityAsync(legacy, legacy.ETag, TableUpdateMode.Replace);
        var bad = (await table.GetEntityAsync<TableEntity>(Fangshan, "FS-B|ASSESSMENT_APPLICATION|2026-06-30")).Value;
        bad["Resolution"] = "forgotten";
        bad["State"] = "resolved";
        await table.UpdateEntityAsync(bad, bad.ETag, TableUpdateMode.Replace);

        var read = await scan.Alerts.GetAsync(Fangshan, "FS-A|ASSESSMENT_APPLICATION|2026-06-30");
        var items = new List<ComplianceMonitor.Application.Storage.StoreReadItem<Alert>>();
        await foreach (var item in scan.Alerts.ListAsync(Fangshan))
        {
            items.Add(item);
        }

        Assert.Equal((AlertState.Resolved, AlertResolution.ObligationMet, 1), (read!.State, read.Resolution, read.Revision));
        var unreadable = Assert.Single(items, i => i.Item is null);
        Assert.Equal("FS-B|ASSESSMENT_APPLICATION|2026-06-30", unreadable.Key);
        Assert.Contains("Resolution", unreadable.Error, StringComparison.Ordinal);
    }
}
