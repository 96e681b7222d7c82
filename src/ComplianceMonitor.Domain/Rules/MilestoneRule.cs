using System.Globalization;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// MILESTONE, 三（三）: "土地使用权人与区政府签订履约监管协议，约定土地使用条件和考核标准" - an agreed milestone of the performance
/// agreement (交地, 开工, 竣工, 投产, 达产) not achieved.
/// </summary>
/// <remarks>
/// <para>One finding per agreed milestone not achieved as known on the day (completion also counts from
/// <c>constructionCompletedOn</c>); a milestone achieved, even late, gives none.</para>
/// <para>Deadline: the agreed day, fixed; late from the day after, days late = day − agreed day. Reminders start
/// <see cref="AgreementParameters.MilestoneReminderLeadDays"/> before it; past
/// <see cref="AgreementParameters.MilestoneEscalationDays"/> days late a task goes to 产业主管部门 (the message says so).</para>
/// <para>Amount: when the agreement sets a late-milestone rate, the damages accrued so far, base × ‰ ÷ 1000 × days late
/// (base: the base price or the lease-period rent scheduled), the formula in the message.</para>
/// <para>Responsible: the land user. Subject: the kind and agreed day, e.g. <c>constructionStart:2024-09-01</c>.</para>
/// </remarks>
public sealed class MilestoneRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.MILESTONE;

    /// <inheritdoc/>
    public string Basis => "三（三）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        if (lease.Agreement is not { } agreement)
        {
            return;
        }

        var asOf = context.AsOf;
        foreach (var m in agreement.Milestones)
        {
            if (AgreementFacts.AchievedOn(lease, m, asOf) is not null)
            {
                continue;
            }

            var daysLate = AgreementFacts.DaysLate(m, asOf);
            var what = AgreementWireNames.Chinese(m.Kind);
            var head = $"履约监管协议{RuleText.RefNote(agreement.Ref)}约定于{RuleText.Deadline(m.AgreedOn)}{what}，尚未记录{what}";
            decimal? amount = null;
            string message;
            if (daysLate == 0)
            {
                message = string.Create(CultureInfo.InvariantCulture, $"{head}，{RuleText.Days(m.AgreedOn, asOf)}。");
            }
            else
            {
                var escalation = context.Parameters.Agreement.MilestoneEscalationDays;
                var escalated = daysLate > escalation ? $"；逾期已超过{escalation}天，由产业主管部门督办" : string.Empty;
                var damages = string.Empty;
                if (agreement.Damages is { } d)
                {
                    var baseName = AgreementFacts.DamagesBaseName(lease, d.Base);
                    if (AgreementFacts.AccruedDamages(lease, d, daysLate) is { } accrued)
                    {
                        amount = accrued;
                        damages = string.Create(CultureInfo.InvariantCulture,
                            $"；按协议累计违约金 = {baseName}{Money.Format(AgreementFacts.DamagesBaseAmount(lease, d.Base)!.Value)} × {AgreementFacts.Number(d.LateMilestonePermillePerDay)}‰ × {daysLate}天 = {Money.Format(accrued)}");
                    }
                    else
                    {
                        damages = $"；协议按{baseName}计违约金，但未记录租赁期租金计划，无法计算";
                    }
                }

                message = string.Create(CultureInfo.InvariantCulture, $"{head}，已逾期{daysLate}天{damages}{escalated}。");
            }

            findings.Add(context.Obligation(this, DeadlineCalculator.Fixed(m.AgreedOn), Responsible.LandUser, amount, message,
                RuleText.Subject(AgreementWireNames.Of(m.Kind), m.AgreedOn, 1)));
        }
    }
}
