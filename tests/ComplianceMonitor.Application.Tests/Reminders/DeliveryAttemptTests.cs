using ComplianceMonitor.Application.Contacts;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;

namespace ComplianceMonitor.Application.Tests.Reminders;

public sealed class DeliveryAttemptTests
{
    [Fact]
    public void NewId_SameInstant_SortsByTimeAndDiffers()
    {
        var at = new DateTimeOffset(2026, 6, 23, 2, 3, 4, 567, TimeSpan.Zero).AddTicks(8901);
        var a = DeliveryAttempt.NewId(at);
        var b = DeliveryAttempt.NewId(at);
        var later = DeliveryAttempt.NewId(at.AddTicks(1));

        Assert.Matches("^20260623T0203045678901Z-[0-9a-f]{8}$", a);
        Assert.NotEqual(a, b);
        Assert.True(string.CompareOrdinal(a[..23], later[..23]) < 0);
    }

    [Fact]
    public void NewId_BeijingOffset_IsWrittenInUtc() =>
        Assert.StartsWith("20260623T0000000000000Z-", DeliveryAttempt.NewId(new DateTimeOffset(2026, 6, 23, 8, 0, 0, TimeSpan.FromHours(8))), StringComparison.Ordinal);

    [Theory]
    [InlineData(DeliveryFlags.None, "")]
    [InlineData(DeliveryFlags.Recovered, "recovered")]
    [InlineData(DeliveryFlags.PossibleDuplicate, "possibleDuplicate")]
    [InlineData(DeliveryFlags.Recovered | DeliveryFlags.PossibleDuplicate, "recovered,possibleDuplicate")]
    public void WireFlags_RoundTrip(DeliveryFlags flags, string wire)
    {
        Assert.Equal(wire, DeliveryAttempt.Wire(flags));
        Assert.True(DeliveryAttempt.TryParseFlags(wire, out var parsed));
        Assert.Equal(flags, parsed);
    }

    [Fact]
    public void TryParseFlags_UnknownPart_IsFalse() => Assert.False(DeliveryAttempt.TryParseFlags("recovered,maybe", out _));

    [Fact]
    public void WireOutcome_EveryOutcome_RoundTripsWithDistinctNames()
    {
        var names = Enum.GetValues<DeliveryOutcome>().Select(o =>
        {
            var wire = DeliveryAttempt.Wire(o);
            Assert.True(DeliveryAttempt.TryParseOutcome(wire, out var back));
            Assert.Equal(o, back);
            return wire;
        }).ToList();

        Assert.Equal(["accepted", "transient", "permanent", "held", "suppressed", "superseded", "abandoned", "unknown", "paused"], names);
        Assert.False(DeliveryAttempt.TryParseOutcome("Accepted", out _));
    }

    [Fact]
    public void HasProviderAnswer_OnlyForProviderOutcomes()
    {
        var attempt = new DeliveryAttempt
        {
            AttemptId = "a",
            DistrictCode = "110111",
            OutboxId = "o",
            LeaseId = "l",
            Stage = "D-7",
            Channel = ComplianceMonitor.Application.Reminders.OutboxChannel.Email,
            MaskedRecipient = "z***@example.com",
            Attempt = 1,
            StartedAt = DateTimeOffset.Parse("2026-06-23T02:00:00Z", CultureInfo.InvariantCulture),
        };

        Assert.False(attempt.HasProviderAnswer);
        Assert.Equal(
            [true, true, true, false, false, false, false, false, true],
            Enum.GetValues<DeliveryOutcome>().Select(o => (attempt with { Outcome = o }).HasProviderAnswer));
    }

    [Fact]
    public void Then_TwoPasses_SumsCountsAndKeepsLaterWaiting()
    {
        var first = new DispatchSummary { Examined = 3, Sent = 1, Retrying = 2, Waiting = 2, NextDueAt = DateTimeOffset.UnixEpoch };
        var second = new DispatchSummary { Examined = 2, Sent = 2, Recovered = 1, PossibleDuplicates = 1, Waiting = 0 };

        var total = first.Then(second);

        Assert.Equal(new DispatchSummary { Examined = 5, Sent = 3, Retrying = 2, Recovered = 1, PossibleDuplicates = 1, Waiting = 0, NextDueAt = null }, total);
    }
}
