using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Tests.Tasks;
using ComplianceMonitor.Application.Tests.Monitoring;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Application.Tests.Monitoring.MonitoringTestData;

namespace ComplianceMonitor.Application.Tests.Scanning;

[Trait("Category", "unit")]
public class ScanStateTests
{
    private static readonly DateOnly Deadline = new(2026, 6, 30);
    private static readonly string Seed = ScanState.Seed(ReminderCadence.Default);

    private static string Of(IReadOnlyList<Finding> findings, DateOnly today, string leaseId = "FS-2024-0001", string? seed = null, ReminderCadence? cadence = null) =>
        ScanState.Compute(seed ?? Seed, cadence ?? ReminderCadence.Default, Lease(leaseId), findings, today);

    [Fact]
    public void Compute_SameFindingsOnAnotherDayOfTheSameStage_SameFingerprint()
    {
        // D-30 is due from 30 to 15 days before the deadline: 2026-06-01 and 2026-06-10 share it.
        var a = Of([Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, new DateOnly(2026, 6, 1))], new DateOnly(2026, 6, 1));
        var b = Of([Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, new DateOnly(2026, 6, 10))], new DateOnly(2026, 6, 10));

        Assert.Equal(32, a.Length);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Compute_NextReminderStageComesDue_FingerprintChanges()
    {
        var d30 = Of([Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, new DateOnly(2026, 6, 15))], new DateOnly(2026, 6, 15));
        var d14 = Of([Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, new DateOnly(2026, 6, 16))], new DateOnly(2026, 6, 16));

        Assert.NotEqual(d30, d14);
    }

    [Fact]
    public void Compute_MessageOnlyDiffers_SameFingerprint()
    {
        var today = new DateOnly(2026, 6, 1);
        var a = Of([Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today, message: "还剩 29 天")], today);
        var b = Of([Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today, message: "还剩 30 天")], today);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Compute_FindingGoneAmountChangedOrOtherLease_FingerprintChanges()
    {
        var today = new DateOnly(2026, 6, 1);
        var one = Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today);
        var baseline = Of([one, Violation(RuleCode.PROHIBITED_DISPOSITION)], today);

        Assert.NotEqual(baseline, Of([one], today));
        Assert.NotEqual(Of([], today), Of([one], today));
        Assert.NotEqual(Of([one with { AmountYuan = 100m }], today), Of([one with { AmountYuan = 100.01m }], today));
        Assert.NotEqual(Of([one], today), Of([one], today, leaseId: "FS-2024-0002"));
    }

    [Fact]
    public void Compute_OtherCadenceOrVersionSeed_FingerprintChanges()
    {
        var today = new DateOnly(2026, 6, 1);
        var findings = new[] { Obligation(RuleCode.ASSESSMENT_APPLICATION, Deadline, today) };
        var other = new ReminderCadence([60, 30, 0], 7, [7, 3, 1, 0]);

        Assert.NotEqual(Of(findings, today), Of(findings, today, seed: ScanState.Seed(other)));
        Assert.StartsWith($"v{ScanState.Version};", Seed, StringComparison.Ordinal);
    }
}
