using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// USE_VIOLATION, 三（六）: "土地使用权人应按合同约定的用途使用土地……对擅自改变土地用途、转换产业类型、变相进行房地产开发的，由所在区政府组织相关部门……进行处置" -
/// the land is used as the contract says; a change of use, a switch of industry type or disguised real-estate
/// development is handled by the district.
/// </summary>
/// <remarks>
/// <para>One finding per useChange, industryChange or realEstateDevelopment event known on the day (dated on or before it),
/// whenever it happened.</para>
/// <para>Violation, severity critical. Responsible: the land user (the district handles it).
/// Subject: the event type's wire name and day, e.g. <c>useChange:2025-06-10</c> (<c>#2</c>… for repeats that day).</para>
/// </remarks>
public sealed class UseViolationRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.USE_VIOLATION;

    /// <inheritdoc/>
    public string Basis => "三（六）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var events = lease.Events;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Type is LeaseEventType.UseChange or LeaseEventType.IndustryChange or LeaseEventType.RealEstateDevelopment
                && e.On <= context.AsOf)
            {
                findings.Add(Build(e, i, events));
            }
        }
    }

    private Finding Build(LeaseEvent e, int index, IReadOnlyList<LeaseEvent> events)
    {
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"{RuleText.Day(e.On)}记录{RuleText.EventName(e.Type)}{RuleText.RefNote(e.Ref)}，违反按合同约定用途使用土地的规定：由区政府组织相关部门依法依约处置，情节严重的解除合同、收回土地使用权。");
        return RuleContext.Violation(this, Severity.Critical, Responsible.LandUser, null, message, ProhibitedDispositionRule.EventSubject(e, index, events));
    }
}
