using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// RENT_ARREARS, 三（六）: "未按约定时间和方式足额缴纳租金的，由所在区政府组织相关部门按照法律法规和履约监管协议进行处置" - rent is
/// paid on time and in full; an instalment not paid by its due day is in arrears.
/// </summary>
/// <remarks>
/// <para>One finding per instalment whose due day is before the day and that is not fully paid after the rent payments
/// known on the day (paid on or before it) are allocated to the instalments oldest due day first
/// (<see cref="RentLedger"/>); "not fully paid" means an outstanding amount of at least one fen after rounding.</para>
/// <para>Skipped when the schedule is not recorded (policy revision 2, change 7; the result's warnings say so).</para>
/// <para>Deadline: the due day, fixed (deadlines.md rule 4), so the status is always overdue.</para>
/// <para>Amount: what is outstanding on that instalment. Responsible: the land user. Subject: <c>rent:</c> + the due day
/// (with <c>#2</c>, <c>#3</c>… for further instalments due the same day).</para>
/// </remarks>
public sealed class RentArrearsRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.RENT_ARREARS;

    /// <inheritdoc/>
    public string Basis => "三（六）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        if (!lease.RentScheduleRecorded)
        {
            return;
        }

        var asOf = context.AsOf;
        var schedule = lease.RentSchedule;
        var dueTotal = 0m;
        for (var i = 0; i < schedule.Count; i++)
        {
            if (schedule[i].DueOn < asOf)
            {
                dueTotal += schedule[i].AmountYuan;
            }
        }

        if (dueTotal <= 0m)
        {
            return;
        }

        // The instalments already due are the oldest ones, so if the payments cover their total, none is in arrears.
        var paid = RentLedger.PaidAsOf(lease.RentPayments, asOf);
        if (dueTotal <= paid)
        {
            return;
        }

        var inOrder = RentLedger.IsInDueOrder(schedule);
        var running = 0m;
        for (var i = 0; i < schedule.Count; i++)
        {
            var s = schedule[i];
            var before = inOrder ? running : RentLedger.AmountBefore(schedule, i);
            running += s.AmountYuan;
            if (s.DueOn >= asOf)
            {
                continue;
            }

            var outstanding = s.AmountYuan - RentLedger.Allocated(paid, before, s.AmountYuan);
            if (Money.Round(outstanding) > 0m)
            {
                findings.Add(Build(s, i, schedule, outstanding, context));
            }
        }
    }

    private Finding Build(RentInstalment instalment, int index, IReadOnlyList<RentInstalment> schedule, decimal outstanding, RuleContext context)
    {
        var ordinal = 1;
        for (var j = 0; j < index; j++)
        {
            if (schedule[j].DueOn == instalment.DueOn)
            {
                ordinal++;
            }
        }

        var deadline = DeadlineCalculator.Fixed(instalment.DueOn);
        var period = instalment.Period == RentPeriod.Renewal ? "续租期" : "租赁期";
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"应于{RuleText.Deadline(instalment.DueOn)}缴纳的{period}租金{Money.Format(instalment.AmountYuan)}尚欠{Money.Format(outstanding)}：请立即足额缴纳，{RuleText.Days(deadline.Day, context.AsOf)}。");
        return context.Obligation(this, deadline, Responsible.LandUser, outstanding, message, RuleText.Subject("rent", instalment.DueOn, ordinal));
    }
}
