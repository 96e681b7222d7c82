using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

/// <summary>
/// samples/ledger.json imported through <see cref="TableLeaseStore"/>, scanned by <see cref="ScanService"/> as of Thursday
/// 2026-11-26 (samples/README.md lists each record's findings on that day), then digested from the stored state: Azurite over HTTP.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class SampleLedgerDigestTests(AzuriteFixture azurite) : IAsyncLifetime
{
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
        foreach (var record in batch.Records)
        {
            await leases.UpsertAsync(record);
        }

        var scan = new ScanService(
            leases, new TableAlertStore(_factory), new TableTaskStore(_factory), new TableOutboxStore(_factory), new TableRunStore(_factory),
            new TableQuarantineStore(_factory), RuleEngine.Default, ReminderCadence.Default, new EnforcementTaskOptions(), _time, NullLogger<ScanService>.Instance);
        foreach (var district in new[] { "110111", "110112", "110115" })
        {
            await scan.ScanDistrictAsync(district, Day, "sample-20261126");
        }

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 30, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<DigestModel> BuildAsync(string district) =>
        new DigestService(
            new TableAlertStore(_factory), new TableTaskStore(_factory), new TableOutboxStore(_factory), new TableRunStore(_factory), new TableDigestRecordStore(_factory),
            new DigestBuilder(new DigestOptions(), WorkingDayCalendar.Default), new FluidDigestRenderer(), _time).BuildAsync(district, Day);

    private static (string, RuleCode, string?) Row(DigestItem i) => (i.LeaseId, i.Rule, i.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task BuildAsync_Fangshan_OneViolationWithItsTaskAndFourAssessmentDeadlinesYearsAway()
    {
        var digest = await BuildAsync("110111");

        Assert.Equal("【房山区】先租后让合规日报 2026年11月26日（星期四）", digest.Subject);
        Assert.Equal(
            new DigestCounts
            {
                OpenAlerts = 6, New = 6, DueSoon = 0, DueToday = 0, Overdue = 0, Violations = 1, Later = 5, Info = 0,
                ActiveTasks = 1, EscalatedTasks = 0, FailedDeliveries = 0, Leases = 5, Quarantined = 0, Unreadable = 0,
            },
            digest.Counts);
        Assert.Equal(
            [
                ("FS-2024-0001", RuleCode.PROHIBITED_DISPOSITION, null),
                ("FS-2025-0003", RuleCode.RENT_DUE, "2027-04-01"), // revision 2: the next instalment, before it falls due
                ("FS-2024-0001", RuleCode.ASSESSMENT_APPLICATION, "2028-08-31"),
                ("FS-2024-0002", RuleCode.ASSESSMENT_APPLICATION, "2028-11-30"),
                ("FS-2025-0003", RuleCode.ASSESSMENT_APPLICATION, "2029-09-30"),
                ("FS-2026-0005", RuleCode.ASSESSMENT_APPLICATION, "2031-06-19"),
            ],
            digest.New.Select(Row));
        var violation = Assert.Single(digest.Violations);
        Assert.Equal((FindingStatus.Violation, Severity.Critical, "三（六）"), (violation.Status, violation.Severity, violation.Basis));
        var task = Assert.Single(digest.Tasks);
        Assert.Equal(("FS-2024-0001", RuleCode.PROHIBITED_DISPOSITION, "规划自然资源主管部门", new DateOnly(2026, 11, 26), new DateOnly(2026, 12, 11), false), (task.LeaseId, task.Rule, task.Department, task.OpenedOn, task.DueOn, task.Escalated));
        Assert.Empty(digest.DueSoon);
        Assert.Empty(digest.Overdue);
        Assert.All(digest.DeadlineWeeks, w => Assert.Equal(0, w.Deadlines));
        Assert.Equal((new DateOnly(2026, 11, 25), (DateOnly?)null), (digest.NewSince, digest.PreviousDigestDate));
        Assert.Equal((Day, ScanOutcome.Succeeded, 5, true), (digest.LastScan!.AsOf, digest.LastScan.Outcome, digest.LastScan.Leases, digest.LastScan.IsCurrent));
        Assert.Empty(digest.Notes);
    }

    [Fact]
    public async Task BuildAsync_Tongzhou_FourOverdueWithAmountsAndFiveTasks()
    {
        var digest = await BuildAsync("110112");

        Assert.Equal(
            new DigestCounts
            {
                OpenAlerts = 12, New = 12, DueSoon = 0, DueToday = 0, Overdue = 4, Violations = 1, Later = 7, Info = 0,
                ActiveTasks = 5, EscalatedTasks = 0, FailedDeliveries = 0, Leases = 6, Quarantined = 0, Unreadable = 0,
            },
            digest.Counts);
        Assert.Equal(
            [
                ("TZ-2024-0002", RuleCode.RENT_ARREARS, "2025-09-01", -451, 250_000.00m),
                ("TZ-2024-0001", RuleCode.RENT_ARREARS, "2026-05-01", -209, 800_000.00m),
                ("TZ-2024-0002", RuleCode.RENT_ARREARS, "2026-09-01", -86, 600_000.00m),
                ("TZ-2024-0003", RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, "2026-10-29", -28, 19_040_000.00m),
            ],
            digest.Overdue.Select(i => (i.LeaseId, i.Rule, i.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), i.DaysRemaining!.Value, i.AmountYuan!.Value)));
        Assert.Equal([("TZ-2025-0005", RuleCode.PROHIBITED_DISPOSITION, null)], digest.Violations.Select(Row));
        Assert.Equal(
            ["TZ-2024-0001", "TZ-2024-0002", "TZ-2024-0002", "TZ-2024-0003", "TZ-2025-0005"],
            digest.Tasks.Select(t => t.LeaseId).Order(StringComparer.Ordinal));
        Assert.All(digest.Tasks, t => Assert.Equal(("规划自然资源主管部门", new DateOnly(2026, 12, 11)), (t.Department, t.DueOn)));
    }

    [Fact]
    public async Task BuildAsync_Daxing_TwoDeadlinesWithinThirtyDaysShownInTheChart()
    {
        var digest = await BuildAsync("110115");

        Assert.Equal((6, 2, 0, 1, 3, 1), (digest.Counts.OpenAlerts, digest.Counts.DueSoon, digest.Counts.Overdue, digest.Counts.Violations, digest.Counts.Later, digest.Counts.ActiveTasks));
        Assert.Equal(
            [
                ("DX-2024-0002", RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, "2026-12-07", 11, (decimal?)27_200_000.00m),
                ("DX-2024-0001", RuleCode.ASSESSMENT_APPLICATION, "2026-12-15", 19, null),
            ],
            digest.DueSoon.Select(i => (i.LeaseId, i.Rule, i.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), i.DaysRemaining!.Value, i.AmountYuan)));
        Assert.Equal([0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], digest.DeadlineWeeks.Select(w => w.Deadlines));
        Assert.Equal([("DX-2025-0004", RuleCode.USE_VIOLATION, null)], digest.Violations.Select(Row));
        Assert.Equal("产业主管部门", Assert.Single(digest.Tasks).Department);
    }

    [Fact]
    public async Task RenderAsync_FangshanJsonAndHtml_SameDigestInBothForms()
    {
        var service = new DigestService(
            new TableAlertStore(_factory), new TableTaskStore(_factory), new TableOutboxStore(_factory), new TableRunStore(_factory), new TableDigestRecordStore(_factory),
            new DigestBuilder(new DigestOptions(), WorkingDayCalendar.Default), new FluidDigestRenderer(), _time);

        var json = await service.RenderAsync("110111", Day, DigestFormat.Json);
        var html = await service.RenderAsync("110111", Day, DigestFormat.Html);
        var text = await service.RenderAsync("110111", Day, DigestFormat.Text);

        Assert.Equal(6, DigestJson.Deserialize(json).Counts.OpenAlerts);
        Assert.Contains("<title>【房山区】先租后让合规日报 2026年11月26日（星期四）</title>", html, StringComparison.Ordinal);
        Assert.Contains("四、违规行为（共1项）\n  1. FS-2024-0001  ", text, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => service.RenderAsync("110100", Day, DigestFormat.Json));
    }
}
