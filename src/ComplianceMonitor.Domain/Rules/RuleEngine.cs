using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>The result of checking one lease on one day (the public check contract, records.md).</summary>
/// <param name="LeaseId">The lease checked.</param>
/// <param name="AsOf">The Beijing date of the check.</param>
/// <param name="RuleSet">The id of the parameter set in effect on <paramref name="AsOf"/>.</param>
/// <param name="Findings">Every open obligation and broken rule; met obligations are absent.</param>
/// <param name="Warnings">Run-level notes, e.g. a missing year of holiday data.</param>
public sealed record CheckResult(string LeaseId, DateOnly AsOf, string RuleSet, IReadOnlyList<Finding> Findings, IReadOnlyList<string> Warnings)
{
    /// <summary>The lease's assessment readiness (agreement.md), or null when it has no agreement; additive to the contract.</summary>
    public Agreements.Readiness? Readiness { get; init; }
}

/// <summary>Evaluates every rule of the catalogue for a lease on a day.</summary>
/// <remarks>Immutable and thread-safe; one instance serves the scan, the HTTP check and the CLI.</remarks>
public sealed class RuleEngine
{
    private readonly IRule[] _rules;
    private readonly PolicyCatalog _policies;
    private readonly WorkingDayCalendar _calendar;
    private RuleContext? _lastContext;

    /// <summary>The warning a result carries when the record's rent schedule is not recorded (records.md, policy revision 2).</summary>
    public const string RentScheduleNotRecordedWarning =
        "rentSchedule not recorded: rent checks skipped (LEASE_RENT_AMOUNT, RENT_DUE, RENT_ARREARS) (未记录租金计划，未检查租金)";

    /// <summary>Creates an engine over the given rules, parameter sets and calendar, at the catalogue's current revision.</summary>
    public RuleEngine(IEnumerable<IRule> rules, PolicyCatalog policies, WorkingDayCalendar calendar)
        : this(rules, policies, calendar, RuleCatalog.Revision)
    {
    }

    /// <summary>Creates an engine over the given rules, parameter sets and calendar, reporting <paramref name="revision"/> as its rule revision.</summary>
    /// <param name="rules">The rules to evaluate.</param>
    /// <param name="policies">The parameter sets.</param>
    /// <param name="calendar">The working-day calendar.</param>
    /// <param name="revision">The revision of the rule logic the rules implement (policy.md; <see cref="RuleCatalog.Revision"/> for the product's).</param>
    public RuleEngine(IEnumerable<IRule> rules, PolicyCatalog policies, WorkingDayCalendar calendar, int revision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 1);
        Revision = revision;
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(calendar);
        _rules = rules.ToArray();
        _policies = policies;
        _calendar = calendar;
    }

    /// <summary>The engine over the product's catalogue, parameter sets and holiday data.</summary>
    public static RuleEngine Default { get; } = new(RuleCatalog.All, PolicyCatalog.Default, WorkingDayCalendar.Default);

    /// <summary>The revision of the rule logic (policy.md "Changes in revision 2"); stored on alerts and scan runs.</summary>
    public int Revision { get; }

    /// <summary>The rules this engine evaluates.</summary>
    public IReadOnlyList<IRule> Rules => _rules;

    /// <summary>The context for <paramref name="asOf"/>: the parameter set in effect that day and the calendar.</summary>
    public RuleContext ContextFor(DateOnly asOf)
    {
        // Scans evaluate many leases for one day: reuse the context rather than look the set up per lease.
        var last = _lastContext;
        if (last is not null && last.AsOf == asOf)
        {
            return last;
        }

        var context = new RuleContext(asOf, _policies.InEffectOn(asOf), _calendar);
        _lastContext = context;
        return context;
    }

    /// <summary>Checks <paramref name="lease"/> as of <paramref name="asOf"/>.</summary>
    public CheckResult Check(LeaseRecord lease, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var context = ContextFor(asOf);
        var findings = new List<Finding>(4);
        Evaluate(lease, context, findings);
        var warnings = CollectWarnings(findings);
        if (!lease.RentScheduleRecorded)
        {
            warnings = [.. warnings, RentScheduleNotRecordedWarning];
        }

        return new CheckResult(lease.LeaseId, asOf, context.Parameters.Id, findings, warnings)
        {
            Readiness = Agreements.ReadinessAssessor.Assess(lease, context),
        };
    }

    /// <summary>Adds the findings of every rule for <paramref name="lease"/> to <paramref name="findings"/> (no result object; for hot loops).</summary>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(findings);
        // 三（七）: from the acceptance of a voluntary return, only the refund follow-up applies (agreement.md).
        var returned = lease.VoluntaryReturn is not null && Agreements.AgreementFacts.ReturnAccepted(lease, context.AsOf);
        foreach (var rule in _rules)
        {
            if (!returned || rule.Code == RuleCode.RETURN_REFUND)
            {
                rule.Evaluate(lease, context, findings);
            }
        }
    }

    private static IReadOnlyList<string> CollectWarnings(List<Finding> findings)
    {
        List<string>? warnings = null;
        foreach (var f in findings)
        {
            foreach (var w in f.Warnings)
            {
                warnings ??= [];
                if (!warnings.Contains(w))
                {
                    warnings.Add(w);
                }
            }
        }

        return warnings ?? (IReadOnlyList<string>)[];
    }
}
