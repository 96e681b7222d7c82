using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Domain.Jurisdictions;
using Microsoft.Extensions.Configuration;

namespace ComplianceMonitor.Application.Tests.Reminders;

[Trait("Category", "unit")]
public sealed class DispatchOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void FromConfiguration_Nothing_UsesDefaults()
    {
        var options = DispatchOptions.FromConfiguration(Config());

        Assert.Equal(TimeSpan.FromMinutes(5), options.ClaimDuration);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MinClaimRemaining);
        Assert.Equal(10, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BaseDelay);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxDelay);
        Assert.Equal(TimeSpan.FromHours(24), options.MaxRetryAfter);
        Assert.Equal(4, options.Parallelism);
        Assert.Equal(18, options.Districts.Count);
        Assert.Equal(Jurisdiction.All.Select(j => j.Code), options.Districts);
    }

    [Fact]
    public void FromConfiguration_AllKeys_AreRead()
    {
        var options = DispatchOptions.FromConfiguration(Config(
            ("Dispatch:ClaimSeconds", "2.5"),
            ("Dispatch:MinClaimRemainingSeconds", "0.5"),
            ("Dispatch:MaxAttempts", "20"),
            ("Dispatch:BaseDelaySeconds", "0.2"),
            ("Dispatch:MaxDelaySeconds", "1"),
            ("Dispatch:MaxRetryAfterSeconds", "3"),
            ("Dispatch:Parallelism", "8"),
            ("Dispatch:Districts", " 110111, 110108 ")));

        Assert.Equal(TimeSpan.FromSeconds(2.5), options.ClaimDuration);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.MinClaimRemaining);
        Assert.Equal(20, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(0.2), options.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.MaxRetryAfter);
        Assert.Equal(8, options.Parallelism);
        Assert.Equal(["110111", "110108"], options.Districts);
    }

    [Theory]
    [InlineData("Dispatch:ClaimSeconds", "soon", "Dispatch__ClaimSeconds: 'soon' is not a number of seconds (0 to 604800)")]
    [InlineData("Dispatch:ClaimSeconds", "0", "Dispatch__ClaimSeconds: must be positive")]
    [InlineData("Dispatch:MinClaimRemainingSeconds", "300", "Dispatch__MinClaimRemainingSeconds: must be at least 0 and less than Dispatch__ClaimSeconds")]
    [InlineData("Dispatch:MaxAttempts", "0", "Dispatch__MaxAttempts: must be at least 1")]
    [InlineData("Dispatch:MaxAttempts", "-1", "Dispatch__MaxAttempts: '-1' is not a whole number")]
    [InlineData("Dispatch:MaxDelaySeconds", "10", "Dispatch__MaxDelaySeconds: must be at least Dispatch__BaseDelaySeconds")]
    [InlineData("Dispatch:Parallelism", "65", "Dispatch__Parallelism: must be 1-64")]
    [InlineData("Dispatch:Districts", ",", "Dispatch__Districts: must list at least one district code")]
    public void FromConfiguration_BadValue_ErrorNamesTheKey(string key, string value, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DispatchOptions.FromConfiguration(Config((key, value))));

        Assert.Equal(expected, ex.Message);
    }
}
