using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// PROHIBITED_DISPOSITION, 三（六）: "土地租赁期内承租的国有建设用地使用权在完成开发建设前不得转让、转租、抵押" - during the lease and
/// before development is complete, the land-use right may not be transferred, sublet or mortgaged.
/// </summary>
/// <remarks>
/// <para>One finding per transfer, sublease or mortgage event known on the day, dated within
/// [<see cref="LeaseRecord.LeaseStart"/>, lease end in force] and before <see cref="LeaseRecord.ConstructionCompletedOn"/>
/// (or with no completion known on the day; a completion dated after the day is not yet known, which cannot change the
/// outcome since every known event precedes it). An event on the completion day itself is taken as after completion
/// (added interpretation: the guideline says "before completion"). The lease term uses the lease end in force
/// (<see cref="LeaseFacts.EffectiveLeaseEnd"/>), so a renewal approved by then extends it.</para>
/// <para>Violation, severity critical. Responsible: the land user (the district handles it).
/// Subject: the event type's wire name and day, e.g. <c>mortgage:2025-06-10</c> (<c>#2</c>… for repeats that day).</para>
/// </remarks>
public sealed class ProhibitedDispositionRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.PROHIBITED_DISPOSITION;

    /// <inheritdoc/>
    public string Basis => "三（六）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var events = lease.Events;
        if (events.Count == 0)
        {
            return;
        }

        var asOf = context.AsOf;
        var leaseEnd = LeaseFacts.EffectiveLeaseEnd(lease, asOf);
        var completedOn = lease.ConstructionCompletedOn is { } c && c <= asOf ? c : DateOnly.MaxValue;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (IsDisposition(e.Type) && e.On <= asOf && e.On >= lease.LeaseStart && e.On <= leaseEnd && e.On < completedOn)
            {
                findings.Add(Build(e, i, events));
            }
        }
    }

    private static bool IsDisposition(LeaseEventType type) =>
        type is LeaseEventType.Transfer or LeaseEventType.Sublease or LeaseEventType.Mortgage;

    private Finding Build(LeaseEvent e, int index, IReadOnlyList<LeaseEvent> events)
    {
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"租赁期内、完成开发建设前于{RuleText.Day(e.On)}{RuleText.EventName(e.Type)}土地使用权{RuleText.RefNote(e.Ref)}，违反不得转让、转租、抵押的规定：由区政府组织相关部门依法依约处置。");
        return RuleContext.Violation(this, Severity.Critical, Responsible.LandUser, null, message, EventSubject(e, index, events));
    }

    /// <summary>The subject of an event finding: <c>type:yyyy-MM-dd</c>, numbered from the second event of that type and day.</summary>
    internal static string EventSubject(LeaseEvent e, int index, IReadOnlyList<LeaseEvent> events)
    {
        var ordinal = 1;
        for (var j = 0; j < index; j++)
        {
            if (events[j].Type == e.Type && events[j].On == e.On)
            {
                ordinal++;
            }
        }

        return RuleText.Subject(WireNames.Of(e.Type), e.On, ordinal);
    }
}
