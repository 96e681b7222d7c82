using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Contacts;

namespace ComplianceMonitor.Application.Tests.Reminders;

[Trait("Category", "unit")]
public sealed class BackoffPolicyTests
{
    private static BackoffPolicy CreateSut() => new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), TimeSpan.FromHours(24));

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)] // 3840 s capped at an hour
    [InlineData(40, 3600)]
    [InlineData(int.MaxValue, 3600)]
    public void Ceiling_FailedAttempts_DoublesUpToTheCap(int failedAttempts, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), CreateSut().Ceiling(failedAttempts));

    [Theory]
    [InlineData(0.0, 60)]
    [InlineData(0.5, 90)]
    [InlineData(0.999999, 119.99994)]
    public void Delay_ThirdFailureNoRetryAfter_IsBetweenHalfAndFullCeiling(double random, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), CreateSut().Delay(3, null, random));

    [Fact]
    public void Delay_RetryAfterLongerThanBackoff_HonoursRetryAfter() =>
        Assert.Equal(TimeSpan.FromSeconds(120), CreateSut().Delay(1, TimeSpan.FromSeconds(120), 0.5));

    [Fact]
    public void Delay_RetryAfterShorterThanBackoff_KeepsBackoff() =>
        Assert.Equal(TimeSpan.FromSeconds(45), CreateSut().Delay(2, TimeSpan.FromSeconds(5), 0.5));

    [Fact]
    public void Delay_RetryAfterBeyondMaximum_IsCutToMaximum() =>
        Assert.Equal(TimeSpan.FromHours(24), CreateSut().Delay(1, TimeSpan.FromDays(3), 0.0));

    [Fact]
    public void Delay_RandomOutsideUnitInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateSut().Delay(1, null, 1.5));

    [Fact]
    public void Ceiling_ZeroAttempts_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateSut().Ceiling(0));
}

[Trait("Category", "unit")]
public sealed class ProviderAnsweredTests
{
    [Theory]
    [InlineData("SendGrid 429: too many requests", true)]
    [InlineData("SendGrid 500: internal error", true)]
    [InlineData("Twilio 503: Service Unavailable", true)]
    [InlineData("Twilio 500 (code 20500): Internal Server Error", true)]
    [InlineData("SendGrid: request timed out", false)]
    [InlineData("Twilio: request timed out", false)]
    [InlineData("SendGrid: Connection refused (127.0.0.1:1)", false)]
    [InlineData("IOException: The response ended prematurely.", false)]
    [InlineData("SendGrid 4290: odd", false)]
    [InlineData(null, false)]
    public void ProviderAnswered_Reason_TellsWhetherTheProviderRefused(string? reason, bool expected) =>
        Assert.Equal(expected, DispatchService.ProviderAnswered(reason));
}
