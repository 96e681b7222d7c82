using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Infrastructure.Tests.Reminders;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.ScanLeases;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>
/// Drill: a scan and a dispatcher running at the same time on one district, over Azurite and the real SendGrid and
/// Twilio senders against WireMock, round after round with the scan starting at a different moment of the
/// dispatcher's passes. Every reminder the scan queues (the violation notice included, which has one stage only) is
/// sent exactly once: one provider request, one accepted attempt, its alert recording the stage.
/// </summary>
[Trait("Category", "drill")]
[Collection("azurite")]
public sealed class ScanDispatchDrillTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Rounds = 50;

    [Fact]
    public async Task ScanAndDispatchConcurrently_50Rounds_EveryStageSentExactlyOnceNoneLost()
    {
        var failures = new List<string>();
        var queued = 0;
        var passesDuringScans = 0;
        for (var round = 0; round < Rounds; round++)
        {
            using var host = new DispatchHost(azurite);
            host.SendGridAccepts();
            host.TwilioAccepts();
            foreach (var lease in new[] { Plain("FS-A"), Overdue("FS-C"), Mortgaged("FS-D"), Overdue("FS-E"), Mortgaged("FS-F") })
            {
                await host.Leases.UpsertAsync(lease);
            }

            var factory = host.Factory;
            var scanner = new ScanService(
                host.Leases, host.Alerts, new TableTaskStore(factory), new TableOutboxStore(factory), new TableRunStore(factory), new TableQuarantineStore(factory),
                RuleEngine.Default, ReminderCadence.Default, new EnforcementTaskOptions(), host.Time, NullLogger<ScanService>.Instance);
            var dispatcher = host.CreateSut(DispatchHost.Options(parallelism: 2));

            // The dispatcher passes back to back while the scan runs; the scan starts a little later each round.
            var scanDone = 0;
            var dispatching = Task.Run(async () =>
            {
                var passes = 0;
                do
                {
                    await dispatcher.RunOnceAsync();
                    passes++;
                }
                while (Volatile.Read(ref scanDone) == 0);

                return passes;
            });
            ScanRun run;
            try
            {
                await Task.Delay(round % 10 * 5);
                run = await scanner.ScanDistrictAsync(DispatchHost.District, Day, $"drill-{round:00}");
            }
            finally
            {
                Volatile.Write(ref scanDone, 1);
            }

            passesDuringScans += await dispatching;
            host.Time.Advance(TimeSpan.FromMinutes(1));
            await host.DrainAsync(dispatcher, TimeSpan.FromMinutes(1));

            var entries = await host.OutboxAsync();
            var alerts = await host.Alerts.ListAsync(DispatchHost.District).ToDictionaryAsync(i => i.Key, i => i.Item!);
            var emails = host.SendGridCounts();
            var sms = host.TwilioLog().Count;
            queued += entries.Count;
            var problems = new List<string>();
            if (run.Outcome != ScanOutcome.Succeeded || entries.Count != run.OutboxQueued || entries.Count < 8)
            {
                problems.Add($"scan {run.Outcome} queued {run.OutboxQueued}, stored {entries.Count}");
            }

            if (!entries.Any(e => e.Stage == ReminderStage.ViolationName))
            {
                problems.Add("no violation notice queued");
            }

            foreach (var e in entries)
            {
                var attempts = await host.AttemptsAsync(e.Id);
                if (e.Status != OutboxStatus.Sent)
                {
                    problems.Add($"{e.Id} {e.Status}");
                }

                if (attempts.Count != 1 || attempts[0].Outcome != DeliveryOutcome.Accepted)
                {
                    problems.Add($"{e.Id}: {attempts.Count} attempt(s) [{string.Join(", ", attempts.Select(a => a.Outcome))}]");
                }

                if (e.Channel == OutboxChannel.Email && emails.GetValueOrDefault(e.Id) != (1, 1))
                {
                    problems.Add($"{e.Id}: SendGrid saw {emails.GetValueOrDefault(e.Id).Requests} request(s)");
                }

                if (!alerts.TryGetValue(e.AlertKey, out var alert) || !alert.QueuedStages.Contains(e.Stage))
                {
                    problems.Add($"{e.Id}: the alert does not record stage {e.Stage}");
                }
            }

            var smsEntries = entries.Count(e => e.Channel == OutboxChannel.Sms);
            if (sms != smsEntries || emails.Values.Sum(c => c.Requests) != entries.Count - smsEntries)
            {
                problems.Add($"provider requests: {sms} SMS for {smsEntries} entries, {emails.Values.Sum(c => c.Requests)} emails for {entries.Count - smsEntries}");
            }

            if (problems.Count > 0)
            {
                failures.Add($"round {round}: {string.Join("; ", problems)}");
            }
        }

        output.WriteLine($"{Rounds} rounds, {queued} reminders queued and checked, {passesDuringScans} dispatch passes ran during the scans");
        Assert.True(passesDuringScans >= Rounds, $"the dispatcher must run during the scans ({passesDuringScans} passes)");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
