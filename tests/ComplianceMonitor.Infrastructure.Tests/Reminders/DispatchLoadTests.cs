using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Testing.Storage;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit.Abstractions;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>Many entries, flaky providers and two dispatchers at once: every entry delivered, none twice.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DispatchLoadTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private readonly DispatchHost _host = new(azurite);

    public void Dispose() => _host.Dispose();

    /// <summary>Seeds <paramref name="count"/> email entries over 10 leases (distinct recipients, hence distinct outbox ids).</summary>
    private async Task<List<OutboxEntry>> SeedManyAsync(int count)
    {
        var all = new List<OutboxEntry>(count);
        for (var l = 0; l < 10; l++)
        {
            var lease = Lease($"FS-2022-{l:D4}");
            var alert = Alert(lease);
            var entries = Enumerable.Range(0, count / 10).Select(i => Entry(alert, recipient: $"user{l:D2}{i:D4}@example.com")).ToList();
            await _host.SeedAsync(lease, alert, entries);
            all.AddRange(entries);
        }

        return all;
    }

    [Fact]
    public async Task RunOnceAsync_1000EmailsWith30PercentTransientFailures_AllDeliveredNoneTwice()
    {
        var random = new Random(20260623);
        var gate = new Lock();
        _host.Server.Given(Request.Create().WithPath(DispatchHost.SendGridPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(req =>
            {
                int roll;
                lock (gate)
                {
                    roll = random.Next(100);
                }

                return roll switch
                {
                    < 10 => DispatchHost.Answer(429, """{"errors":[{"message":"too many requests"}]}""", [("Retry-After", "1")]),
                    < 20 => DispatchHost.Answer(500, """{"errors":[{"message":"internal error"}]}""", []),
                    < 30 => DispatchHost.Answer(503, "Service Unavailable", []),
                    _ => _host.Accepted202(req),
                };
            }));
        var entries = await SeedManyAsync(1000);
        var options = DispatchHost.Options(maxAttempts: 30, parallelism: 8);
        var sut = _host.CreateSut(options with { Districts = [DispatchHost.District], MaxDelay = TimeSpan.FromMinutes(2) });

        var total = await _host.DrainAsync(sut, TimeSpan.FromMinutes(2), maxPasses: 40);

        var counts = _host.SendGridCounts();
        output.WriteLine($"requests {counts.Values.Sum(v => v.Requests)}, transient {total.Retrying}, passes ~{total.Examined}");
        Assert.Equal(1000, counts.Count);
        Assert.All(entries, e => Assert.Equal(1, counts[e.Id].Accepted));
        Assert.Equal(1000, total.Sent);
        Assert.Equal(0, total.Dead);
        Assert.Equal(counts.Values.Sum(v => v.Requests) - 1000, total.Retrying);
        Assert.InRange(total.Retrying, 300, 560); // ~30 % of ~1430 requests: the failures really happened
        var stored = await _host.OutboxAsync();
        Assert.All(stored, e => Assert.Equal(OutboxStatus.Sent, e.Status));
        var rows = await _host.AttemptsAsync();
        Assert.Equal(counts.Values.Sum(v => v.Requests), rows.Count);
        Assert.Equal(1000, rows.Count(r => r.Outcome == DeliveryOutcome.Accepted));
        Assert.DoesNotContain(rows, r => r.Flags != DeliveryFlags.None);
    }

    [Fact]
    public async Task RunOnceAsync_TwoDispatchersAtOnce_SendEachEntryOnce()
    {
        _host.Server.Given(Request.Create().WithPath(DispatchHost.SendGridPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(req => _host.Accepted202(req)).WithRandomDelay(0, 20));
        var entries = await SeedManyAsync(200);
        var options = DispatchHost.Options(parallelism: 8) with { Districts = [DispatchHost.District] };

        // Two instances: their own clients over the same tables, started together.
        var first = _host.CreateSut(options);
        var second = _host.CreateSut(options, factory: azurite.CreateFactory(_host.Prefix));
        var results = await Task.WhenAll(Task.Run(() => first.RunOnceAsync()), Task.Run(() => second.RunOnceAsync()));

        output.WriteLine($"first sent {results[0].Sent} skipped {results[0].Skipped}; second sent {results[1].Sent} skipped {results[1].Skipped}");
        var counts = _host.SendGridCounts();
        Assert.Equal(200, counts.Count);
        Assert.All(entries, e => Assert.Equal((1, 1), counts[e.Id]));
        Assert.Equal(200, results[0].Sent + results[1].Sent);
        Assert.All(await _host.OutboxAsync(), e => Assert.Equal(OutboxStatus.Sent, e.Status));
        Assert.Equal(200, (await _host.AttemptsAsync()).Count(r => r.Outcome == DeliveryOutcome.Accepted));
    }
}
