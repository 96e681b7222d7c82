using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Infrastructure.Tests.Scanning.ScanLeases;

namespace ComplianceMonitor.Infrastructure.Tests.Scanning;

/// <summary>The ledger and the revision-1 engine of the upgrade tests: the same stored leases, scanned under revision 1, then under revision 2.</summary>
/// <remarks>
/// The product carries only revision 2's rules, so revision 1 is the catalogue with ASSESSMENT_APPLICATION replaced by
/// <see cref="Revision1AssessmentApplicationRule"/>, which reads a renewal as revision 1 did (issue 8: "an approved renewal
/// recorded as approvedYears: 2 without newLeaseEnd leaves the lease end where it was: a critical overdue assessment and an
/// enforcement task"). Every other rule is the same in both engines, so whatever differs between the two scans is that change.
/// </remarks>
internal static class RuleRevisionUpgrade
{
    /// <summary>A lease ending 2026-09-30 whose renewal by 2 years was applied for on 2026-03-01 and approved on 2026-04-15, recorded without newLeaseEnd.</summary>
    /// <remarks>
    /// Revision 1: ASSESSMENT_APPLICATION due 2026-03-31, overdue (84 days on <see cref="ScanLeases.Day"/>), reminder OD+84 and a task.
    /// Revision 2 (change 2): the lease ends 2028-09-30, so the application is due 2028-03-31: the 2026-03-31 alert is gone.
    /// </remarks>
    public static LeaseRecord RenewedWithoutNewEnd(string leaseId) => Overdue(leaseId) with
    {
        Renewal = new Renewal { AppliedOn = new DateOnly(2026, 3, 1), ApprovedOn = new DateOnly(2026, 4, 15), ApprovedYears = 2 },
    };

    /// <summary>The stored ledger of the upgrade: FS-A (plain), FS-D (mortgaged), FS-N (renewed without a new end).</summary>
    public static LeaseRecord[] Ledger() => [Plain("FS-A"), Mortgaged("FS-D"), RenewedWithoutNewEnd("FS-N")];

    /// <summary>The alert key of FS-N's revision-1 assessment application.</summary>
    public const string RevisedKey = "FS-N|ASSESSMENT_APPLICATION|2026-03-31";

    /// <summary>The engine as revision 1 read the guideline (see remarks of the class), reporting revision 1.</summary>
    public static RuleEngine Revision1Engine() => new(
        RuleCatalog.All.Select(r => r.Code == RuleCode.ASSESSMENT_APPLICATION ? new Revision1AssessmentApplicationRule() : r),
        PolicyCatalog.Default,
        WorkingDayCalendar.Default,
        revision: 1);

    /// <summary>ASSESSMENT_APPLICATION as revision 1 read it: an approved renewal recorded with approvedYears and no newLeaseEnd left the lease end where it was.</summary>
    private sealed class Revision1AssessmentApplicationRule : IRule
    {
        private readonly AssessmentApplicationRule _revision2 = new();

        public RuleCode Code => RuleCode.ASSESSMENT_APPLICATION;

        public string Basis => _revision2.Basis;

        public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings) =>
            _revision2.Evaluate(
                lease.Renewal is { ApprovedOn: not null, NewLeaseEnd: null } ? lease with { Renewal = Renewal.Empty } : lease,
                context,
                findings);
    }
}
