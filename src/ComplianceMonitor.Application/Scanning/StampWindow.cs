using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>
/// The last day a lease's fingerprint stays what it is on the scan's day: the lease is evaluated on each following day, up to
/// <see cref="ScanStamp.WindowDays"/> days, until its fingerprint differs or a finding carries a warning.
/// </summary>
internal sealed class StampWindow(ScanDependencies deps, DateOnly asOf)
{
    private readonly RuleContext?[] _contexts = new RuleContext?[ScanStamp.WindowDays + 1];
    private readonly List<Finding> _findings = new(4);

    /// <summary>The last day, from the scan's day on, on which <paramref name="record"/>'s fingerprint is <paramref name="fingerprint"/>.</summary>
    public DateOnly Through(LeaseRecord record, string fingerprint)
    {
        for (var k = 1; k <= ScanStamp.WindowDays; k++)
        {
            var day = asOf.AddDays(k);
            _findings.Clear();
            try
            {
                deps.Engine.Evaluate(record, _contexts[k] ??= deps.Engine.ContextFor(day), _findings);
            }
            catch (Exception)
            {
                // That day's scan will evaluate the lease (and quarantine it if it still throws).
                return day.AddDays(-1);
            }

            if (_findings.Any(f => f.Warnings.Count > 0)
                || !string.Equals(ScanState.Compute(deps.ScanStateSeed, deps.Cadence, record, _findings, day), fingerprint, StringComparison.Ordinal))
            {
                return day.AddDays(-1);
            }
        }

        return asOf.AddDays(ScanStamp.WindowDays);
    }
}
