using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>One rule of the catalogue (policy.md): its code, its clause, and how it finds what is open or broken.</summary>
/// <remarks>
/// A rule is stateless and thread-safe. It reads the record as it stood on <see cref="RuleContext.AsOf"/>:
/// facts dated after that day (a payment, an application, an event) are not yet known.
/// </remarks>
public interface IRule
{
    /// <summary>The stable code that names the rule in every output.</summary>
    RuleCode Code { get; }

    /// <summary>The guideline clause the rule comes from, e.g. 三（五）.</summary>
    string Basis { get; }

    /// <summary>Adds this rule's findings for <paramref name="lease"/> on the context's day to <paramref name="findings"/>.</summary>
    void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings);
}
