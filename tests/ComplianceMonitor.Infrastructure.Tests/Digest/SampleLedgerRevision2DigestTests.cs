using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
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
/// The revision-2 leases of samples/ledger.json (临空经济区（大兴） 110192) imported through <see cref="TableLeaseStore"/>, scanned by
/// <see cref="ScanService"/> as of Thursday 2026-11-26 and digested from the stored state, over Azurite: the decisions the district
/// owes (RENEWAL_DECISION, overdue ASSESSMENT_DECISION) with their tasks, and the rent coming due (RENT_DUE).
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class SampleLedgerRevision2DigestTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Linkong = "110192";
    private static readonly DateOnly Day = new(2026, 11, 26);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 21, 30, 0, TimeSpan.Zero));
    private TableClientFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = azurite.CreateFactory();
        var root = LocalAzurite.FindRepositoryRoot() ?? throw new InvalidOperationException("repository root not found");
        var batch = LeaseRecordReader.ReadMany(await File.ReadAllTextAsync(Path.Combine(root, "samples", "ledger.json")));
        Assert.True(batch.IsValid, string.Join("; ", batch.Errors.Select(e => e.ToString())));
        var leases = new TableLeaseStore(_factory);
        foreach (var record in batch.Records.Where(r => r.DistrictCode == Linkong))
        {
            await leases.UpsertAsync(record);
        }

        var scan = new ScanService(
            leases, new TableAlertStore(_factory), new TableTaskStore(_factory), new TableOutboxStore(_factory), new TableRunStore(_factory),
            new TableQuarantineStore(_factory), RuleEngine.Default, ReminderCadence.Default, new EnforcementTaskOptions(), _time, NullLogger<ScanService>.Instance);
        await scan.ScanDistrictAsync(Linkong, Day, "sample-20261126");
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 30, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private DigestService Service() =>
        new(
            new TableAlertStore(_factory), new TableTaskStore(_factory), new TableOutboxStore(_factory), new TableRunStore(_factory), new TableDigestRecordStore(_factory),
            new DigestBuilder(new DigestOptions(), WorkingDayCalendar.Default), new FluidDigestRenderer(), _time);

    private static (string, RuleCode, FindingStatus, string?, int?, decimal?) Row(DigestItem i) =>
        (i.LeaseId, i.Rule, i.Status, i.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), i.DaysRemaining, i.AmountYuan);

    [Fact]
    public async Task BuildAsync_Linkong_DecisionsTheDistrictOwesAndRentComingDue()
    {
        var digest = await Service().BuildAsync(Linkong, Day);

        Assert.Equal(
            [
                ("LK-2024-0001", RuleCode.ASSESSMENT_DECISION, FindingStatus.Overdue, "2026-02-28", -271, null),
                ("LK-2024-0306", RuleCode.ASSESSMENT_DECISION, FindingStatus.Overdue, "2026-06-30", -149, null), // passed, no written notice
                ("LK-2024-0302", RuleCode.RENEWAL_DECISION, FindingStatus.Overdue, "2026-08-31", -87, null),
                ("LK-2024-0301", RuleCode.RENEWAL_DECISION, FindingStatus.Upcoming, "2027-03-31", 125, null),
            ],
            digest.Decisions.Decisions.Select(Row));
        Assert.Equal((4, 3), (digest.Decisions.DecisionCount, digest.Decisions.DecisionsOverdue));
        Assert.All(digest.Decisions.Decisions, i => Assert.Equal((Responsible.District, "三（五）"), (i.Responsible, i.Basis)));
        Assert.All(digest.Decisions.Decisions, i => Assert.NotNull(i.TaskId));
        Assert.Equal(
            [
                ("LK-2024-0308", RuleCode.RENT_DUE, FindingStatus.Upcoming, "2026-12-10", 14, 500_000m),
                ("LK-2024-0304", RuleCode.RENT_DUE, FindingStatus.Upcoming, "2027-03-01", 95, 1_000_000m),
                ("LK-2024-0002", RuleCode.RENT_DUE, FindingStatus.Upcoming, "2027-05-01", 156, 400_000m),
            ],
            digest.Decisions.RentDue.Select(Row));
        Assert.Equal((3, 1_900_000m), (digest.Decisions.RentDueCount, digest.Decisions.RentDueTotalYuan));
        var decisionTasks = digest.Tasks
            .Where(t => t.Rule is RuleCode.RENEWAL_DECISION or RuleCode.ASSESSMENT_DECISION)
            .Select(t => (t.LeaseId, t.Rule, t.Department, t.OpenedOn, t.DueOn, t.Escalated))
            .OrderBy(t => t.LeaseId, StringComparer.Ordinal);
        Assert.Equal(
            [
                ("LK-2024-0001", RuleCode.ASSESSMENT_DECISION, "产业主管部门", Day, new DateOnly(2026, 12, 11), false),
                ("LK-2024-0301", RuleCode.RENEWAL_DECISION, "产业主管部门", Day, new DateOnly(2027, 3, 31), false),
                ("LK-2024-0302", RuleCode.RENEWAL_DECISION, "产业主管部门", Day, new DateOnly(2026, 12, 11), false),
                ("LK-2024-0306", RuleCode.ASSESSMENT_DECISION, "产业主管部门", Day, new DateOnly(2026, 12, 11), false),
            ],
            decisionTasks);
        Assert.Equal(10, digest.Counts.ActiveTasks);
    }

    [Fact]
    public async Task RenderAsync_LinkongText_ShowsBothSectionsWithTheirRows()
    {
        var text = await Service().RenderAsync(Linkong, Day, DigestFormat.Text);
        var html = await Service().RenderAsync(Linkong, Day, DigestFormat.Html);

        Assert.Contains(
            """
            七、区政府待作决定（共4项，其中3项已逾期，请临空经济区（大兴）尽快作出决定）
              1. LK-2024-0001  北京临空航宇科技有限公司 · 礼贤镇临空产业地块
                 考核结论（依据三（五），区政府办理）
                 截止2026年2月28日（周六），已逾期271天
              2. LK-2024-0306  北京礼贤复材科技有限公司 · 礼贤镇航空复材地块
                 考核结论（依据三（五），区政府办理）
                 截止2026年6月30日（周二），已逾期149天
              3. LK-2024-0302  北京礼贤航材科技有限公司 · 礼贤镇航材仓配地块
                 续租决定（依据三（五），区政府办理）
                 截止2026年8月31日（周一），已逾期87天
              4. LK-2024-0301  北京榆垡航修装备有限公司 · 榆垡镇航空维修地块
                 续租决定（依据三（五），区政府办理）
                 截止2027年3月31日（周三），还剩125天

            八、租金即将到期（共3项，合计1,900,000.00元）
              1. LK-2024-0308  北京礼贤精密零部件有限公司 · 礼贤镇存量标准厂房地块
                 租金到期（依据三（六），用地单位办理）
                 截止2026年12月10日（周四），还剩14天，金额500,000.00元
            """.ReplaceLineEndings("\n"),
            text,
            StringComparison.Ordinal);
        Assert.Contains("七、区政府待作决定", html, StringComparison.Ordinal);
        Assert.Contains("八、租金即将到期", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_DistrictWithNothingToDecideOrPay_NoEmptySections()
    {
        var text = await Service().RenderAsync("110116", Day, DigestFormat.Text); // not scanned here: nothing stored

        Assert.DoesNotContain(DigestDecisionSections.DecisionsTitle, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DigestDecisionSections.RentDueTitle, text, StringComparison.Ordinal);
    }
}
