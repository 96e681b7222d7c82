using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Domain.Jurisdictions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Tests.Reminders;

[Trait("Category", "unit")]
public sealed class DispatchOptionsTests
{
    private static DispatchSettings Bound(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build()
            .GetSection(DispatchSettings.SectionName).Get<DispatchSettings>() ?? new DispatchSettings();

    [Fact]
    public void Settings_Nothing_UsesDefaults()
    {
        var settings = Bound();
        Assert.True(new DispatchSettingsValidator().Validate(null, settings).Succeeded);
        var options = settings.ToOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.ClaimDuration);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MinClaimRemaining);
        Assert.Equal(10, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BaseDelay);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxDelay);
        Assert.Equal(TimeSpan.FromHours(24), options.MaxRetryAfter);
        Assert.Equal(4, options.Parallelism);
        Assert.Equal(TimeSpan.FromMinutes(15), options.ChannelPause);
        Assert.Equal(18, options.Districts.Count);
        Assert.Equal(Jurisdiction.All.Select(j => j.Code), options.Districts);
    }

    [Fact]
    public void Settings_AllKeys_AreRead()
    {
        var options = Bound(
            ("Dispatch:ClaimSeconds", "2.5"),
            ("Dispatch:MinClaimRemainingSeconds", "0.5"),
            ("Dispatch:MaxAttempts", "20"),
            ("Dispatch:BaseDelaySeconds", "0.2"),
            ("Dispatch:MaxDelaySeconds", "1"),
            ("Dispatch:MaxRetryAfterSeconds", "3"),
            ("Dispatch:Parallelism", "8"),
            ("Dispatch:ChannelPauseSeconds", "60"),
            ("Dispatch:Districts", " 110111, 110108 ")).ToOptions();

        Assert.Equal(TimeSpan.FromSeconds(2.5), options.ClaimDuration);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.MinClaimRemaining);
        Assert.Equal(20, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(0.2), options.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.MaxRetryAfter);
        Assert.Equal(8, options.Parallelism);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ChannelPause);
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
    public void Validator_BadValue_ErrorNamesTheKey(string key, string value, string expected)
    {
        var settings = Bound((key, value));

        var result = new DispatchSettingsValidator().Validate(null, settings);
        var ex = Assert.Throws<OptionsValidationException>(settings.ToOptions);

        Assert.Equal([expected], result.Failures);
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Validator_TwoUnreadableValues_NamesBoth()
    {
        var result = new DispatchSettingsValidator().Validate(null, Bound(("Dispatch:MaxAttempts", "many"), ("Dispatch:ChannelPauseSeconds", "later")));

        Assert.Equal(["Dispatch__MaxAttempts: 'many' is not a whole number", "Dispatch__ChannelPauseSeconds: 'later' is not a number of seconds (0 to 604800)"], result.Failures);
    }

    [Fact]
    public void Validate_OnTheOptions_StillThrowsTheFirstProblem()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new DispatchOptions { MaxAttempts = 0, Parallelism = 0 }.Validate());

        Assert.Equal("Dispatch__MaxAttempts: must be at least 1", ex.Message);
    }
}
