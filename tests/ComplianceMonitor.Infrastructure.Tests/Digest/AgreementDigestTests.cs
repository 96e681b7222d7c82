using ComplianceMonitor.DevStorage;
using System.Globalization;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

/// <summary>
/// The digest's four performance-agreement sections (issue 12) and readiness over the sample ledger's agreement leases,
/// imported into Azurite, scanned as of Thursday 2026-11-26 and digested from the stored alerts and leases.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class AgreementDigestTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 11, 26);
    private static readonly string[] Districts = ["110113", "110114", "110116", "110117", "110191"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 21, 30, 0, TimeSpan.Zero));
    private TableClientFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = azurite.CreateFactory();
        var root = LocalAzurite.FindRepositoryRoot() ?? throw new InvalidOperationException("repository root not found");
        var batch = LeaseRecordReader.ReadMany(await File.ReadAllTextAsync(Path.Combine(root, "samples", "ledger.json")));
        Assert.True(batch.IsValid, string.Join("; ", batch.Errors.Select(e => e.ToString())));
        var leases = new TableLeaseStore(_factory);
        foreach (var record in batch.Records.Where(r => Districts.Contains(r.DistrictCode)))
        {
            await leases.UpsertAsync(record);
        }

        var scan = new ScanService(
            leases, new TableAlertStore(_factory), new TableTaskStore(_factory), new TableOutboxStore(_factory), new TableRunStore(_factory),
            new TableQuarantineStore(_factory), RuleEngine.Default, ReminderCadence.Default, new EnforcementTaskOptions(), _time, NullLogger<ScanService>.Instance);
        foreach (var district in Districts)
        {
            await scan.ScanDistrictAsync(district, Day, "sample-20261126");
        }

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 30, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private DigestService CreateService(bool withLeases = true) => withLeases
        ? new DigestService(
            new TableAlertStore(_factory), new TableTaskStore(_factory), new TableOutboxStore(_factory), new TableRunStore(_factory), new TableDigestRecordStore(_factory),
            new DigestBuilder(new DigestOptions(), WorkingDayCalendar.Default), new FluidDigestRenderer(), _time, new TableLeaseStore(_factory), RuleEngine.Default)
        : new DigestService(
            new TableAlertStore(_factory), new TableTaskStore(_factory), new TableOutboxStore(_factory), new TableRunStore(_factory), new TableDigestRecordStore(_factory),
            new DigestBuilder(new DigestOptions(), WorkingDayCalendar.Default), new FluidDigestRenderer(), _time);

    private static (string LeaseId, string Rule, string? Deadline, int? Days, decimal? Amount) Row(DigestItem i) =>
        (i.LeaseId, i.Rule.ToString(), i.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.DaysRemaining, i.AmountYuan);

    [Fact]
    public async Task Huairou_StartNotAchieved_LateMilestone514DaysWithDamages_IdleLand_ReadinessNotReported()
    {
        var digest = await CreateService().BuildAsync("110116", Day);
        var a = digest.Agreement;

        Assert.Empty(a.MilestonesDueSoon);
        Assert.Equal([("HR-2025-0201", "MILESTONE", "2025-06-30", -514, 12_336_000.00m)], a.LateMilestones.Select(Row));
        var idle = Assert.Single(a.IdleLand);
        Assert.Equal(("HR-2025-0201", "IDLE_LAND"), (idle.LeaseId, idle.Rule.ToString()));
        Assert.Equal(Domain.Findings.FindingStatus.Violation, idle.Status);
        Assert.Empty(a.NearingAssessment); // its assessment application deadline is 2029-08-28, years away
        Assert.Equal([new DigestLeaseReadiness("HR-2025-0201", ReadinessWord.NotReported)], a.Readiness);
        Assert.Equal(new DigestAgreementCounts(0, 1, 1, 0), a.Counts);
    }

    [Fact]
    public async Task Shunyi_InvestmentIntensityAt77Point5Percent_NearingItsAssessmentIn94Days_OffTrack()
    {
        var digest = await CreateService().BuildAsync("110113", Day);
        var item = Assert.Single(digest.Agreement.NearingAssessment);

        Assert.Equal(("SY-2024-0203", ReadinessWord.OffTrack, new DateOnly(2027, 2, 28), 94), (item.LeaseId, item.Readiness, item.AssessmentApplicationDeadline, item.DaysRemaining));
        Assert.Contains("投资强度达标率77.5%（2025年度），低于80%", item.Reasons);
        Assert.Equal(new DigestAgreementCounts(0, 0, 0, 1), digest.Agreement.Counts);
    }

    [Fact]
    public async Task Changping_CompletionAgreed2026_12_20_DueIn24Days_AtRisk_NotNearingItsAssessment()
    {
        var digest = await CreateService().BuildAsync("110114", Day);
        var a = digest.Agreement;

        Assert.Equal([("CP-2025-0204", "MILESTONE", "2026-12-20", 24, (decimal?)null)], a.MilestonesDueSoon.Select(Row));
        Assert.Empty(a.LateMilestones);
        Assert.Empty(a.IdleLand);
        Assert.Empty(a.NearingAssessment);
        Assert.Equal([new DigestLeaseReadiness("CP-2025-0204", ReadinessWord.AtRisk)], a.Readiness);
    }

    [Fact]
    public async Task PingguOnTrack_AndYizhuangReturned_HaveNoAgreementRows_OnlyPingguHasReadiness()
    {
        var pinggu = await CreateService().BuildAsync("110117", Day);
        var yizhuang = await CreateService().BuildAsync("110191", Day);

        Assert.Equal(new DigestAgreementCounts(0, 0, 0, 0), pinggu.Agreement.Counts);
        Assert.Equal([new DigestLeaseReadiness("PG-2024-0205", ReadinessWord.OnTrack)], pinggu.Agreement.Readiness);
        Assert.Equal(new DigestAgreementCounts(0, 0, 0, 0), yizhuang.Agreement.Counts);
        Assert.Empty(yizhuang.Agreement.Readiness);
    }

    [Fact]
    public async Task HtmlTextAndJson_ShowTheFourSections_NumberedAfterTheOthers_WithTheReadinessWord()
    {
        var service = CreateService();
        var html = await service.RenderAsync("110116", Day, DigestFormat.Html);
        var text = await service.RenderAsync("110116", Day, DigestFormat.Text);
        var json = await service.RenderAsync("110113", Day, DigestFormat.Json);

        Assert.Contains("七、30日内到期的履约节点", html, StringComparison.Ordinal);
        Assert.Contains("八、逾期未完成的履约节点", html, StringComparison.Ordinal);
        Assert.Contains("九、土地闲置", html, StringComparison.Ordinal);
        Assert.Contains("十、临近考核且未达预期的项目", html, StringComparison.Ordinal);
        Assert.Contains("履约评估：未报送", html, StringComparison.Ordinal);
        Assert.Contains("HR-2025-0201", text, StringComparison.Ordinal);
        Assert.Contains("履约评估：未报送", text, StringComparison.Ordinal);
        var model = DigestJson.Deserialize(json);
        Assert.Equal("SY-2024-0203", Assert.Single(model.Agreement.NearingAssessment).LeaseId);
        Assert.Contains("\"readiness\": \"offTrack\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheLeaseStore_TheAlertSectionsStay_ReadinessIsAbsent()
    {
        var digest = await CreateService(withLeases: false).BuildAsync("110113", Day);
        var huairou = await CreateService(withLeases: false).BuildAsync("110116", Day);

        Assert.Empty(digest.Agreement.NearingAssessment);
        Assert.Empty(digest.Agreement.Readiness);
        Assert.Equal(new DigestAgreementCounts(0, 1, 1, 0), huairou.Agreement.Counts);
    }
}
