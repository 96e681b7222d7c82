using System.Globalization;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// RENT_DUE, 三（六）: "未按约定时间和方式足额缴纳租金的，由所在区政府组织相关部门…进行处置" - rent is paid on the contract's day and in
/// full; the next instalment is listed with its day before it falls due (records.md: every open obligation is listed with its day).
/// </summary>
/// <remarks>
/// <para>Policy revision 2, change 7. One finding at most: the earliest instalment whose due day is the day or later and that is not
/// fully paid after the rent payments known on the day are allocated oldest due day first (<see cref="RentLedger"/>; "not fully
/// paid" means at least one fen outstanding after rounding). Skipped when the schedule is not recorded.</para>
/// <para>Deadline: the due day, fixed (deadlines.md rule 4), so the status is upcoming or due; the day after, RENT_ARREARS takes
/// over.</para>
/// <para>Amount: what is outstanding on that instalment. Responsible: the land user. Subject: <c>rent:</c> + the due day (with
/// <c>#2</c>, <c>#3</c>… for further instalments due the same day), the same as RENT_ARREARS gives it.</para>
/// </remarks>
public sealed class RentDueRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.RENT_DUE;

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
        var paid = RentLedger.PaidAsOf(lease.RentPayments, asOf);
        var next = -1;
        var nextOutstanding = 0m;
        for (var i = 0; i < schedule.Count; i++)
        {
            var s = schedule[i];
            if (s.DueOn < asOf || (next >= 0 && !Earlier(schedule, i, next)))
            {
                continue;
            }

            var outstanding = s.AmountYuan - RentLedger.Allocated(paid, RentLedger.AmountBefore(schedule, i), s.AmountYuan);
            if (Money.Round(outstanding) > 0m)
            {
                next = i;
                nextOutstanding = outstanding;
            }
        }

        if (next < 0)
        {
            return;
        }

        var instalment = schedule[next];
        var ordinal = 1;
        for (var j = 0; j < next; j++)
        {
            if (schedule[j].DueOn == instalment.DueOn)
            {
                ordinal++;
            }
        }

        var deadline = DeadlineCalculator.Fixed(instalment.DueOn);
        var period = instalment.Period == RentPeriod.Renewal ? "续租期" : "租赁期";
        var owedPart = nextOutstanding == instalment.AmountYuan ? string.Empty : "尚欠" + Money.Format(nextOutstanding) + "，";
        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"{period}租金{Money.Format(instalment.AmountYuan)}应于{RuleText.Deadline(instalment.DueOn)}缴纳（{owedPart}按合同约定时间足额缴纳），{RuleText.Days(deadline.Day, asOf)}。");
        findings.Add(context.Obligation(this, deadline, Responsible.LandUser, nextOutstanding, message, RuleText.Subject("rent", instalment.DueOn, ordinal)));
    }

    /// <summary>Whether instalment <paramref name="i"/> comes before instalment <paramref name="j"/> in allocation order.</summary>
    private static bool Earlier(IReadOnlyList<RentInstalment> schedule, int i, int j) =>
        schedule[i].DueOn < schedule[j].DueOn || (schedule[i].DueOn == schedule[j].DueOn && i < j);
}
