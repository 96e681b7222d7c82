using System.Globalization;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// IDLE_LAND, 一（二） "严防土地闲置" and 《闲置土地处置办法》(2012) arts. 2 and 14: construction not started one year after the
/// agreed start day is idle land (a fee of up to 20% of the land price may be levied); two years, and the land may be
/// taken back without compensation.
/// </summary>
/// <remarks>
/// <para>Fires from the day after the agreement's <c>constructionStart</c> day while construction has not started as known
/// on the day (the start, or a later node, achieved; or <c>constructionCompletedOn</c>).</para>
/// <para>Deadline: the one-year day, <c>AddYears(agreedStart, 1)</c> (arts. 201-202: the corresponding day, or the month's
/// last day when there is none: 2024-02-29 → 2025-02-28); upcoming until then, due on it. Past it the finding is a
/// <c>violation</c> (critical) whose message names the two-year day, <c>AddYears(agreedStart, 2)</c>, and what it means.</para>
/// <para>Responsible: the land user; the task goes to 规划自然资源主管部门. Subject: <c>idle:</c> + the agreed start day.</para>
/// </remarks>
public sealed class IdleLandRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.IDLE_LAND;

    /// <inheritdoc/>
    public string Basis => "一（二）";

    /// <summary>The one-year day of an agreed start: the same day a year later, 29 February → 28 February.</summary>
    public static DateOnly OneYearDay(DateOnly agreedStart) => agreedStart.AddYears(1);

    /// <summary>The two-year day of an agreed start.</summary>
    public static DateOnly TwoYearDay(DateOnly agreedStart) => agreedStart.AddYears(2);

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        if (lease.Agreement?.MilestoneOf(MilestoneKind.ConstructionStart) is not { } start)
        {
            return;
        }

        var asOf = context.AsOf;
        if (asOf <= start.AgreedOn || AgreementFacts.ConstructionStarted(lease, asOf))
        {
            return;
        }

        var oneYear = OneYearDay(start.AgreedOn);
        var twoYears = TwoYearDay(start.AgreedOn);
        var subject = RuleText.Subject("idle", start.AgreedOn, 1);
        if (asOf <= oneYear)
        {
            var message = string.Create(CultureInfo.InvariantCulture,
                $"约定开工日{RuleText.Day(start.AgreedOn)}已过，尚未记录开工：满一年（{RuleText.Deadline(oneYear)}）仍未动工即构成闲置土地，可按土地价款20%以下征缴土地闲置费（《闲置土地处置办法》第二条、第十四条），{RuleText.Days(oneYear, asOf)}。");
            findings.Add(context.Obligation(this, DeadlineCalculator.Fixed(oneYear), Responsible.LandUser, null, message, subject));
            return;
        }

        var text = asOf <= twoYears
            ? string.Create(CultureInfo.InvariantCulture,
                $"约定开工日{RuleText.Day(start.AgreedOn)}起满一年（{RuleText.Day(oneYear)}）仍未开工，已构成闲置土地，可按土地价款20%以下征缴土地闲置费；满两年（{RuleText.Day(twoYears)}）仍未开工的，可无偿收回土地使用权（《闲置土地处置办法》第十四条），距满两年还剩{twoYears.DayNumber - asOf.DayNumber}天。")
            : string.Create(CultureInfo.InvariantCulture,
                $"约定开工日{RuleText.Day(start.AgreedOn)}起已满两年（{RuleText.Day(twoYears)}）仍未开工，已构成闲置土地，可无偿收回土地使用权（《闲置土地处置办法》第十四条）。");
        findings.Add(RuleContext.Violation(this, Severity.Critical, Responsible.LandUser, null, text, subject));
    }
}
