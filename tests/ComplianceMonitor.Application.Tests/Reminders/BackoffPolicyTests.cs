using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Contacts;

namespace ComplianceMonitor.Application.Tests.Reminders;

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

public sealed class SendResultStatusTests
{
    [Fact]
    public void Status_EachCase_CarriesTheProvidersAnswerNotItsText()
    {
        Assert.Null(SendResult.Accept("sg-1").Status);
        Assert.Null(SendResult.Retry("SendGrid: request timed out").Status);
        Assert.Equal(new ProviderStatus(429), SendResult.Retry("SendGrid 429: slow down", TimeSpan.FromSeconds(30), new ProviderStatus(429)).Status);
        Assert.Equal(new ProviderStatus(400, "21211"), SendResult.Fail("anything at all", new ProviderStatus(400, "21211")).Status);
        Assert.Equal(new ProviderStatus(401), SendResult.Refuse("no", new ProviderStatus(401)).Status);
    }

    [Theory]
    [InlineData(401, null, "401")]
    [InlineData(400, "21211", "400 (code 21211)")]
    public void ToString_StatusAndCode_AsShownInLogs(int http, string? code, string expected) =>
        Assert.Equal(expected, new ProviderStatus(http, code).ToString());
}
