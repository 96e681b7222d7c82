using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Functions.Scanning;
using ComplianceMonitor.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Functions.Tests.Scanning;

/// <summary>The fan-out use case on the in-memory markers (the table store passes the same contract over Azurite).</summary>
[Trait("Category", "unit")]
public sealed class ScanFanOutUnitTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 26);
    private static readonly string[] Districts = ["110111", "110115", "110112"];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 16, 5, 0, TimeSpan.Zero));
    private readonly InMemoryStorage _storage = new();
    private readonly RecordingQueue _queue = new();

    [Fact]
    public async Task EnqueueAsync_TimerFiresTwice_EachDistrictEnqueuedOnce()
    {
        var fanOut = NewFanOut();

        var first = await fanOut.EnqueueAsync(AsOf, ScanFanOut.DailyRunId(AsOf), Districts);
        _time.Advance(TimeSpan.FromSeconds(30));
        var second = await fanOut.EnqueueAsync(AsOf, ScanFanOut.DailyRunId(AsOf), Districts);

        Assert.Equal(Districts, first.Enqueued);
        Assert.Empty(second.Enqueued);
        Assert.Equal(Districts, second.AlreadyEnqueued);
        Assert.Equal(3, _queue.Sent.Count);
        Assert.All(_queue.Sent, body => Assert.Contains("\"runId\":\"daily-20261126\"", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnqueueAsync_FanOutDiedBetweenClaimAndSend_FreshClaimSkipped_StaleClaimSentOnce()
    {
        _queue.FailNext = true; // the first fan-out dies sending Fangshan's message
        await Assert.ThrowsAsync<InvalidOperationException>(() => NewFanOut().EnqueueAsync(AsOf, "daily-20261126", ["110111"]));

        _time.Advance(ScanFanOut.StalePending - TimeSpan.FromSeconds(1));
        var tooEarly = await NewFanOut().EnqueueAsync(AsOf, "daily-20261126", ["110111"]);
        _time.Advance(TimeSpan.FromSeconds(2));
        var takenOver = await NewFanOut().EnqueueAsync(AsOf, "daily-20261126", ["110111"]);
        var afterwards = await NewFanOut().EnqueueAsync(AsOf, "daily-20261126", ["110111"]);

        Assert.Equal((0, 1, 0), (tooEarly.Enqueued.Count, takenOver.Enqueued.Count, afterwards.Enqueued.Count));
        Assert.Single(_queue.Sent);
        Assert.True(_storage.ScanFanOut.Get("daily-20261126", "110111")!.Enqueued);
    }

    private ScanFanOut NewFanOut() => new(_storage.ScanFanOut, _queue, _time, NullLogger<ScanFanOut>.Instance);

    private sealed class RecordingQueue : IScanRequestSender
    {
        public List<string> Sent { get; } = [];

        public bool FailNext { get; set; }

        public Task<string> SendAsync(string body, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the process died");
            }

            Sent.Add(body);
            return Task.FromResult($"msg-{Sent.Count}");
        }

        public Task RejectAsync(string body, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
