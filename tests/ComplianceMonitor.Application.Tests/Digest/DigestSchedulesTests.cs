using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Domain.Jurisdictions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Tests.Digest;

[Trait("Category", "unit")]
public sealed class DigestSchedulesTests
{
    private static DigestSchedules CreateSut(DigestOptions options, IDigestScheduleStore? store = null, ListLogger<DigestSchedules>? log = null) =>
        new(Options.Create(options), log ?? new ListLogger<DigestSchedules>(), store);

    [Fact]
    public async Task ResolveAllAsync_NothingConfigured_EveryJurisdictionOnTheDefaultWithoutRecipients()
    {
        var all = await CreateSut(new DigestOptions()).ResolveAllAsync();

        Assert.Equal(Jurisdiction.All.Select(j => j.Code), all.Select(s => s.DistrictCode));
        Assert.All(all, s =>
        {
            Assert.Equal(("30 8 * * 1-5", DigestSettingSource.Default, 0, true), (s.CronText, s.CronSource, s.Recipients.Count, s.Enabled));
        });
    }

    [Fact]
    public async Task ResolveAllAsync_ConfigurationAndStoredOverrides_StoredWinsFieldByField()
    {
        var options = new DigestOptions { DefaultCron = "0 9 * * 1-5" };
        options.Districts["110111"] = new DistrictDigestOptions { Cron = "0 7 * * 1-5", Recipients = "a@fs.example.cn, b@fs.example.cn" };
        options.Districts["110112"] = new DistrictDigestOptions { Recipients = "c@tz.example.cn" };
        var store = new InMemoryDigestScheduleStore();
        await store.PutAsync(new StoredDigestSchedule { DistrictCode = "110112", Cron = "45 8 * * *" });
        await store.PutAsync(new StoredDigestSchedule { DistrictCode = "110113", Recipients = "d@sy.example.cn", Enabled = false });

        var all = (await CreateSut(options, store).ResolveAllAsync()).ToDictionary(s => s.DistrictCode);

        var fs = all["110111"];
        Assert.Equal(("0 7 * * 1-5", DigestSettingSource.Configuration, DigestSettingSource.Configuration), (fs.CronText, fs.CronSource, fs.RecipientsSource));
        Assert.Equal(["a@fs.example.cn", "b@fs.example.cn"], fs.Recipients.Select(r => r.Address));
        var tz = all["110112"];
        Assert.Equal(("45 8 * * *", DigestSettingSource.Stored, DigestSettingSource.Configuration), (tz.CronText, tz.CronSource, tz.RecipientsSource));
        Assert.Equal(["c@tz.example.cn"], tz.Recipients.Select(r => r.Address));
        var sy = all["110113"];
        Assert.Equal(("0 9 * * 1-5", DigestSettingSource.Default, DigestSettingSource.Stored, false), (sy.CronText, sy.CronSource, sy.RecipientsSource, sy.Enabled));
    }

    [Fact]
    public async Task ResolveAsync_StoredCronNoLongerParses_IgnoredAndLogged()
    {
        var store = new InMemoryDigestScheduleStore();
        await store.PutAsync(new StoredDigestSchedule { DistrictCode = "110111", Cron = "every morning" });
        var log = new ListLogger<DigestSchedules>();

        var schedule = await CreateSut(new DigestOptions(), store, log).ResolveAsync("110111");

        Assert.Equal(("30 8 * * 1-5", DigestSettingSource.Default), (schedule.CronText, schedule.CronSource));
        Assert.Equal(["Stored digest schedule of district 110111: cron ignored: 'every morning' has 2 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)"], log.Messages);
    }

    [Fact]
    public void Constructor_BadDistrictCron_ThrowsNamingTheKey()
    {
        var options = new DigestOptions();
        options.Districts["110111"] = new DistrictDigestOptions { Cron = "30 25 * * *" };

        var ex = Assert.Throws<FormatException>(() => CreateSut(options));

        Assert.StartsWith("Digest__Districts__110111__Cron: '30 25 * * *' is not a cron expression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryBadSetting_EachFailureNamesItsKeyAndMasksAddresses()
    {
        var options = new DigestOptions { DefaultCron = "x", ChartWeeks = 20, DueWithinDays = 0, MaxAttempts = 0 };
        options.Districts["110111"] = new DistrictDigestOptions { Recipients = "zhang.san@fangshan.example.cn, not-an-address" };
        options.Districts["999999"] = new DistrictDigestOptions { Cron = "30 8 * * *" };

        var result = new DigestOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Digest__DefaultCron: 'x' has 1 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)",
                "Digest__Districts__110111__Recipients: '***' is not an email address",
                "Digest__Districts__999999: '999999' is not a jurisdiction code",
                "Digest__DueWithinDays: 0 is outside 1-366",
                "Digest__ChartWeeks: 20 is outside 4-16",
                "Digest__MaxAttempts: 0 is outside 1-100",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new DigestOptionsValidator().Validate(null, new DigestOptions()).Succeeded);
    }

    [Fact]
    public void TryParse_RecipientsWithSpacesSemicolonsAndDuplicates_DistinctAddressesInOrder()
    {
        Assert.True(DigestRecipients.TryParse(" a@x.example.cn ;b@x.example.cn, A@x.example.cn,, ", out var list, out var error));

        Assert.Null(error);
        Assert.Equal(["a@x.example.cn", "b@x.example.cn"], list.Select(r => r.Address));
    }

    [Fact]
    public void Validate_StoredScheduleWithBadRecipient_ThrowsNamingTheField()
    {
        var stored = new StoredDigestSchedule { DistrictCode = "110111", Recipients = "wang@@example.cn" };

        var ex = Assert.Throws<FormatException>(stored.Validate);

        Assert.Equal("recipients: 'w***@example.cn' is not an email address", ex.Message);
    }
}
