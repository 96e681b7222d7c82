using Azure;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Infrastructure.Tests.Reminders.DeliverySamples;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>
/// Delivery hole 3: a storage fault while listing one district must not abort the sends already in flight for another
/// district (they used to be cancelled with the pass, left <c>sending</c>, and resent later as possible duplicates).
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class DispatchIsolationTests(AzuriteFixture azurite) : IDisposable
{
    private const string FaultyDistrict = "110108";
    private readonly DispatchHost _host = new(azurite);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task RunOnceAsync_ListingOneDistrictFails_SendsInFlightElsewhereFinishOnce()
    {
        _host.SendGridAccepts();
        var lease = Lease();
        var alert = Alert(lease);
        var first = Entry(alert);
        var second = Entry(alert, recipient: "li@example.com");
        await _host.SeedAsync(lease, alert, [first, second]);
        var faulted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sut = _host.CreateSut(
            emailDecorator: new SendAfter(faulted.Task),
            outboxDecorator: inner => new FaultyListing(inner, FaultyDistrict, faulted));

        var summary = await sut.RunOnceAsync();

        Assert.True(faulted.Task.IsCompleted, "the faulty district was never listed");
        Assert.Equal((2, 2, 0, 0, 0), (summary.Examined, summary.Sent, summary.PossibleDuplicates, summary.Failed, summary.Dead));
        Assert.Equal([FaultyDistrict], summary.UnreadDistricts);
        Assert.All(await _host.OutboxAsync(), e => Assert.Equal(OutboxStatus.Sent, e.Status));
        Assert.Equal(new Dictionary<string, (int, int)> { [first.Id] = (1, 1), [second.Id] = (1, 1) }, _host.SendGridCounts());
        var rows = await _host.AttemptsAsync();
        Assert.Equal([DeliveryOutcome.Accepted, DeliveryOutcome.Accepted], rows.Select(r => r.Outcome));
        Assert.All(rows, r => Assert.Equal(DeliveryFlags.None, r.Flags));
    }

    [Fact]
    public async Task RunOnceAsync_ListingOneDistrictFails_NextPassSendsItsEntries()
    {
        _host.SendGridAccepts();
        var lease = Lease();
        var alert = Alert(lease);
        var entry = Entry(alert);
        await _host.SeedAsync(lease, alert, [entry]);
        var faulted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failing = _host.CreateSut(
            options: DispatchHost.Options() with { Districts = [DispatchHost.District] },
            outboxDecorator: inner => new FaultyListing(inner, DispatchHost.District, faulted));

        var broken = await failing.RunOnceAsync();
        var healed = await _host.CreateSut().RunOnceAsync();

        Assert.Equal((0, 0), (broken.Examined, broken.Sent));
        Assert.Equal([DispatchHost.District], broken.UnreadDistricts);
        Assert.Equal((1, 1, 0), (healed.Examined, healed.Sent, healed.UnreadDistricts.Count));
        Assert.Equal(OutboxStatus.Sent, (await _host.EntryAsync(entry.Id)).Status);
    }

    /// <summary>An outbox whose listing of one district fails like a storage outage (503), after signalling.</summary>
    private sealed class FaultyListing(IOutboxStore inner, string district, TaskCompletionSource faulted) : IOutboxStore
    {
        public Task<OutboxEntry?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default) => inner.GetAsync(districtCode, key, cancellationToken);

        public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) => inner.CreateManyAsync(districtCode, items, cancellationToken);

        public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<OutboxEntry> items, CancellationToken cancellationToken = default) => inner.UpdateManyAsync(districtCode, items, cancellationToken);

        public IAsyncEnumerable<StoreReadItem<OutboxEntry>> ListAsync(string districtCode, IReadOnlyCollection<OutboxStatus>? statuses = null, CancellationToken cancellationToken = default) =>
            districtCode == district ? Fail() : inner.ListAsync(districtCode, statuses, cancellationToken);

        private async IAsyncEnumerable<StoreReadItem<OutboxEntry>> Fail()
        {
            await Task.Yield();
            faulted.TrySetResult();
            throw new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
#pragma warning disable CS0162 // an async iterator needs a yield to be one
            yield break;
#pragma warning restore CS0162
        }
    }

    /// <summary>Holds each send until the other district's listing has failed, then lets it through.</summary>
    private sealed class SendAfter(Task fault) : IEmailSenderDecorator
    {
        public IEmailSender Wrap(IEmailSender inner) => new Sender(inner, fault);

        private sealed class Sender(IEmailSender inner, Task fault) : IEmailSender
        {
            public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
            {
                await fault.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                await Task.Delay(200, CancellationToken.None);
                return await inner.SendAsync(message, cancellationToken);
            }
        }
    }
}
