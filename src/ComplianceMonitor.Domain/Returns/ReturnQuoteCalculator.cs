using System.Globalization;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Returns;

/// <summary>Computes the refund quote of a voluntary return (三（七）): the rent paid for the remaining time, less damages, plus or minus the buildings.</summary>
/// <remarks>
/// <para>Each rent instalment pays for a period: from its due day (the first one of a term from the term's start) to the
/// day before the next later due day of the same term (the last one to the term's end: the lease end, or the renewal's
/// end). Rent payments made on or before the return day are allocated to instalments oldest first (deadlines.md rule 4).</para>
/// <para>For each instalment whose period has begun or that has payments: rent for the days used = amount × days used ÷
/// days in the period (days used counted from the period's start to the return day, inclusive), and its line is
/// paid − rent for the days used: positive is refunded, negative is still owed for the days used. Then the agreed damages
/// (−), the appraised building value (+) or the demolition cost (−), which exclude each other.</para>
/// <para>Each line is rounded to the fen (half away from zero) as shown; the total is the sum of the lines as shown, so
/// the quote adds up on paper.</para>
/// </remarks>
public static class ReturnQuoteCalculator
{
    /// <summary>The quote for <paramref name="lease"/>, or the problems with the inputs (each naming its field).</summary>
    public static (ReturnQuote? Quote, IReadOnlyList<ValidationError> Errors) Quote(LeaseRecord lease, ReturnQuoteInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = new List<ValidationError>();
        var end = lease.EffectiveLeaseEnd;
        var day = inputs.ReturnDay;
        if (day < lease.LeaseStart || day >= end)
        {
            errors.Add(new ValidationError(lease.LeaseId, "returnDay",
                $"must be within the lease, from {FieldFormats.FormatDate(lease.LeaseStart)} to the day before {FieldFormats.FormatDate(end)} (退还日应在租赁期内)"));
        }

        CheckAmount(errors, lease.LeaseId, "liquidatedDamagesYuan", inputs.LiquidatedDamagesYuan);
        CheckAmount(errors, lease.LeaseId, "appraisedBuildingValueYuan", inputs.AppraisedBuildingValueYuan);
        CheckAmount(errors, lease.LeaseId, "demolitionCostYuan", inputs.DemolitionCostYuan);
        if (inputs.AppraisedBuildingValueYuan is > 0m && inputs.DemolitionCostYuan is > 0m)
        {
            errors.Add(new ValidationError(lease.LeaseId, "demolitionCostYuan",
                "must not be given with appraisedBuildingValueYuan: usable buildings are compensated, otherwise demolished (地上建筑物补偿与拆除费用只能择一)"));
        }

        if (lease.RentSchedule.Count == 0)
        {
            errors.Add(new ValidationError(lease.LeaseId, "rentSchedule", "has no instalments: the quote needs the rent schedule (未记录租金计划，无法计算退还租金)"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var lines = new List<ReturnQuoteLine>();
        var paidPool = 0m;
        foreach (var p in lease.RentPayments)
        {
            if (p.PaidOn <= day)
            {
                paidPool += p.AmountYuan;
            }
        }

        // Allocation order: due day, then schedule order (stable sort).
        var ordered = lease.RentSchedule.Select((s, i) => (s, i)).OrderBy(x => x.s.DueOn).ThenBy(x => x.i).Select(x => x.s).ToList();
        var before = 0m;
        foreach (var s in ordered)
        {
            var allocated = Math.Clamp(paidPool - before, 0m, s.AmountYuan);
            before += s.AmountYuan;
            var (start, last) = PeriodOf(lease, ordered, s);
            var periodDays = last.DayNumber - start.DayNumber + 1;
            var usedDays = Math.Clamp(day.DayNumber - start.DayNumber + 1, 0, periodDays);
            if (allocated == 0m && usedDays == 0)
            {
                continue;
            }

            var usedRent = s.AmountYuan * usedDays / periodDays;
            var balance = Money.Round(allocated - usedRent);
            var term = s.Period == RentPeriod.Renewal ? "续租期" : "租赁期";
            var label = Text($"{term}租金（应缴日{D(s.DueOn)}，覆盖{D(start)}至{D(last)}，共{periodDays}天）");
            var formula = Text($"已缴{Money.Format(allocated)} − 应缴{Money.Format(s.AmountYuan)} × 已使用{usedDays}天 ÷ {periodDays}天（{Money.Format(usedRent)}） = {Signed(balance)}");
            lines.Add(new ReturnQuoteLine(label, balance, formula));
        }

        if (inputs.LiquidatedDamagesYuan is { } damages and > 0m)
        {
            var d = Money.Round(damages);
            lines.Add(new ReturnQuoteLine("扣除约定违约金", -d, Text($"− {Money.Format(d)}（履约监管协议约定）")));
        }

        if (inputs.AppraisedBuildingValueYuan is { } building and > 0m)
        {
            var b = Money.Round(building);
            lines.Add(new ReturnQuoteLine("地上建筑物补偿（评估价）", b, Text($"+ {Money.Format(b)}（重置价格结合成新评估）")));
        }

        if (inputs.DemolitionCostYuan is { } demolition and > 0m)
        {
            var c = Money.Round(demolition);
            lines.Add(new ReturnQuoteLine("扣除拆除费用", -c, Text($"− {Money.Format(c)}（土地使用权人未自行拆除）")));
        }

        var total = lines.Sum(l => l.AmountYuan);
        var notes = new List<string>
        {
            total >= 0m ? "合计为正：应退还土地使用权人" : "合计为负：土地使用权人应补缴",
            "各行金额四舍五入到分，合计为各行之和",
            Text($"退还日{D(day)}当日计入已使用天数"),
        };
        return (new ReturnQuote(lease.LeaseId, day, lines, total, notes), []);
    }

    /// <summary>The period an instalment pays for: from its due day (the term's first from the term's start) to the day before the next later due day of its term (the last to the term's end).</summary>
    private static (DateOnly Start, DateOnly Last) PeriodOf(LeaseRecord lease, List<RentInstalment> ordered, RentInstalment s)
    {
        var termStart = s.Period == RentPeriod.Renewal ? lease.LeaseEnd.AddDays(1) : lease.LeaseStart;
        var termEnd = s.Period == RentPeriod.Renewal ? lease.EffectiveLeaseEnd : lease.LeaseEnd;
        DateOnly? firstDue = null;
        DateOnly? nextDue = null;
        foreach (var o in ordered)
        {
            if (o.Period != s.Period)
            {
                continue;
            }

            firstDue ??= o.DueOn;
            if (o.DueOn > s.DueOn && nextDue is null)
            {
                nextDue = o.DueOn;
            }
        }

        var start = s.DueOn == firstDue ? termStart : s.DueOn;
        var last = nextDue is { } n ? n.AddDays(-1) : termEnd;
        if (last < start)
        {
            last = start;
        }

        return (start, last);
    }

    private static void CheckAmount(List<ValidationError> errors, string leaseId, string field, decimal? amount)
    {
        if (amount is { } a && (a < 0m || decimal.Round(a, 2) != a))
        {
            errors.Add(new ValidationError(leaseId, field, "must be 0 or more with at most two decimals (金额应为非负数，最多两位小数)"));
        }
    }

    private static string Signed(decimal amount) => amount < 0m ? "−" + Money.Format(-amount) : Money.Format(amount);

    private static string D(DateOnly day) => FieldFormats.FormatDate(day);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
