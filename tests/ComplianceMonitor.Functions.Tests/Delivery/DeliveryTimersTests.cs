using ComplianceMonitor.Functions.Delivery;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace ComplianceMonitor.Functions.Tests.Delivery;

[Collection("azurite")]
public sealed class DeliveryTimersTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Digest_FiredTwiceAndPastDue_PassesEachRunInstantToTheScheduler()
    {
        var scheduler = new Mock<IDigestScheduler>();
        var seen = new List<DateTimeOffset>();
        scheduler.Setup(s => s.RunDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback((DateTimeOffset now, CancellationToken _) => seen.Add(now))
            .Returns(Task.CompletedTask);
        using var host = FunctionsTestHost.Create(azurite, Now, s => s.AddSingleton(scheduler.Object));
        var timers = host.Create<DeliveryTimers>();

        await timers.DigestAsync(new TimerInfo { IsPastDue = true }, host.Context());
        host.Time.Advance(TimeSpan.FromSeconds(3));
        await timers.DigestAsync(new TimerInfo(), host.Context());

        Assert.Equal([Now, Now.AddSeconds(3)], seen);
        var fired = host.Logs.WithEvent(5000);
        Assert.Equal(2, fired.Count);
        Assert.Equal(new DateOnly(2026, 3, 6), fired[0].State["BeijingDate"]);
        Assert.Equal(true, fired[0].State["IsPastDue"]);
    }

    [Fact]
    public async Task Dispatch_Fired_RunsTheDispatcherOnce()
    {
        var runner = new Mock<IDispatchRunner>();
        runner.Setup(r => r.RunOnceAsync(It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        using var host = FunctionsTestHost.Create(azurite, Now, s => s.AddSingleton(runner.Object));

        await host.Create<DeliveryTimers>().DispatchAsync(new TimerInfo(), host.Context());

        runner.Verify(r => r.RunOnceAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Dispatch_ServiceFails_ExceptionReachesTheHost()
    {
        var runner = new Mock<IDispatchRunner>();
        runner.Setup(r => r.RunOnceAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("storage timed out"));
        using var host = FunctionsTestHost.Create(azurite, Now, s => s.AddSingleton(runner.Object));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => host.Create<DeliveryTimers>().DispatchAsync(new TimerInfo(), host.Context()));

        Assert.Equal("storage timed out", ex.Message);
    }

    [Fact]
    public async Task Timers_NoServicesRegistered_LogAnErrorEachRunAndDoNothing()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var timers = host.Create<DeliveryTimers>();

        await timers.DispatchAsync(new TimerInfo(), host.Context());
        await timers.DigestAsync(new TimerInfo(), host.Context());

        var notWired = host.Logs.WithEvent(5001);
        Assert.Equal(["IDispatchRunner", "IDigestScheduler"], notWired.Select(e => e.State["Service"]));
        Assert.All(notWired, e => Assert.Equal(LogLevel.Error, e.Level));
    }
}
