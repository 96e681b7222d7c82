using System.Globalization;
using ComplianceMonitor.Domain;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.ScanBench;

/// <summary>
/// A synthetic, deterministic lease portfolio across all 18 jurisdictions with realistic life cycles: leases at every
/// stage (in force, assessment applied and decided, transfer signed and paid, registered, exited), rent paid in full at
/// the start or by yearly instalments (some in arrears), mortgages and use changes (some forbidden), renewals, and the
/// odd data error (term too long, rent off the formula), so that a realistic share of leases has findings.
/// </summary>
public sealed class PortfolioGenerator
{
    private static readonly (string Code, string Prefix, int Weight)[] Districts =
    [
        ("110101", "DC", 1), ("110102", "XC", 1), ("110105", "CY", 5), ("110106", "FT", 5), ("110107", "SJ", 2),
        ("110108", "HD", 5), ("110109", "MT", 3), ("110111", "FS", 10), ("110112", "TZ", 9), ("110113", "SY", 10),
        ("110114", "CP", 8), ("110115", "DX", 9), ("110116", "HR", 5), ("110117", "PG", 5), ("110118", "MY", 4),
        ("110119", "YQ", 3), (Jurisdiction.EconomicTechnologicalDevelopmentAreaCode, "JK", 10), (Jurisdiction.AirportEconomicZoneCode, "LK", 5),
    ];

    private static readonly string[] Industries = ["高端制造", "生物医药", "集成电路", "新能源汽车", "人工智能", "新材料", "智能装备", "医疗器械"];
    private static readonly string[] Towns = ["窦店镇", "马坊镇", "临空区", "亦庄", "北务镇", "宋庄镇", "沙河镇", "采育镇", "杨镇", "兴谷"];
    private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private readonly Random _random;
    private readonly DateOnly _asOf;

    /// <summary>Creates a generator; the same seed and day give the same portfolio.</summary>
    public PortfolioGenerator(int seed, DateOnly asOf)
    {
        _random = new Random(seed);
        _asOf = asOf;
    }

    /// <summary>Generates <paramref name="count"/> valid lease records.</summary>
    public IReadOnlyList<LeaseRecord> Generate(int count)
    {
        var totalWeight = Districts.Sum(d => d.Weight);
        var leases = new List<LeaseRecord>(count);
        for (var i = 0; i < count; i++)
        {
            // Every jurisdiction gets leases: the first 18 go one to each, the rest by weight.
            var district = i < Districts.Length ? Districts[i] : Pick(totalWeight);
            leases.Add(Lease(i, district.Code, district.Prefix));
        }

        return leases;
    }

    private (string Code, string Prefix, int Weight) Pick(int totalWeight)
    {
        var r = _random.Next(totalWeight);
        foreach (var d in Districts)
        {
            r -= d.Weight;
            if (r < 0)
            {
                return d;
            }
        }

        return Districts[^1];
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    private LeaseRecord Lease(int index, string district, string prefix)
    {
        var leaseYears = Chance(0.7) ? 5 : Chance(0.5) ? 3 : Chance(0.6) ? 4 : 2;
        var totalYears = Chance(0.85) ? 20 : Chance(0.6) ? 15 : Chance(0.6) ? 25 : 10;
        MajorProjectApproval? approval = totalYears > 20 && Chance(0.5)
            ? new MajorProjectApproval { Ref = $"京政函〔2023〕{Between(1, 300)}号", ApprovedOn = new DateOnly(2023, 5, 1), MaxTotalYears = 30 }
            : null;

        // Start so that the population spans the whole life: new leases, leases near assessment, and leases past their end.
        var start = _asOf.AddDays(-Between(30, (leaseYears * 365) + 420));
        var end = start.AddYears(leaseYears).AddDays(-1);
        var basePrice = Between(5_000, 80_000) * 1_000m;
        var rentTotal = Money.Round(basePrice / totalYears * leaseYears);
        if (Chance(0.01))
        {
            rentTotal += Between(1_000, 50_000); // off the formula: LEASE_RENT_AMOUNT
        }

        var (schedule, payments, rentPaid) = Rent(start, end, leaseYears, rentTotal);
        DateOnly? completed = Chance(0.65) ? Past(start.AddDays(Between(200, 700))) : null;

        var events = new List<LeaseEvent>();
        if (Chance(0.02) && Past(start.AddDays(Between(30, 500))) is { } forbidden && (completed is null || forbidden < completed))
        {
            events.Add(new LeaseEvent(LeaseEventType.Mortgage, forbidden, $"京({forbidden.Year})不动产证明第{Between(1, 99999):D7}号"));
        }

        if (completed is { } done && Chance(0.03) && Past(done.AddDays(Between(30, 400))) is { } allowed)
        {
            events.Add(new LeaseEvent(LeaseEventType.Mortgage, allowed, $"京({allowed.Year})不动产证明第{Between(1, 99999):D7}号"));
        }

        if (Chance(0.005) && Past(start.AddDays(Between(60, 900))) is { } change)
        {
            events.Add(new LeaseEvent(LeaseEventType.UseChange, change, null));
        }

        var assessment = Assessment.Empty;
        var transfer = Domain.Records.Transfer.Empty;
        var renewal = Renewal.Empty;
        var exit = Exit.Empty;
        var deadline = end.AddDays(1).AddMonths(-6).AddDays(-1);
        if (Chance(0.01) && Past(deadline.AddDays(-Between(10, 60))) is { } renewApplied)
        {
            // A renewal: applied in time, approved for 2 years at the earlier term's average annual rent.
            var approved = renewApplied.AddDays(Between(20, 60));
            renewal = new Renewal { AppliedOn = renewApplied, ApprovedOn = Past(approved), ApprovedYears = 2, NewLeaseEnd = end.AddYears(2) };
            if (renewal.ApprovedOn is not null)
            {
                var annual = Money.Round(rentTotal / leaseYears) + (Chance(0.2) ? 5_000m : 0m);
                schedule.Add(new RentInstalment(end.AddDays(1), annual * 2, RentPeriod.Renewal));
                if (end < _asOf && Chance(0.9))
                {
                    payments.Add(new Payment(end.AddDays(1), annual * 2, "续租租金"));
                }
            }
        }
        else if (_asOf > deadline.AddDays(-60) && Chance(0.85) && Past(deadline.AddDays(-Between(0, 90))) is { } applied)
        {
            assessment = assessment with { AppliedOn = applied };
            if (Chance(0.85) && Past(applied.AddDays(Between(30, 120))) is { } decided && decided <= end)
            {
                var passed = Chance(0.9);
                var notice = Past(decided.AddDays(Between(1, 7)));
                assessment = assessment with { Result = passed ? AssessmentResult.Passed : AssessmentResult.Failed, DecidedOn = decided, NoticeReceivedOn = notice };
                if (passed && notice is { } n)
                {
                    transfer = TransferAfterPass(n, end, basePrice, rentPaid);
                }
                else if (!passed && Chance(0.7) && Past(decided.AddDays(Between(10, 60))) is { } left)
                {
                    exit = new Exit { CompletedOn = left };
                }
            }
        }

        var creditCode = CreditCode(district);
        var hasEmail = Chance(0.9);
        var mobile = !hasEmail || Chance(0.85) ? "1" + Between(3, 9).ToString(CultureInfo.InvariantCulture) + Between(0, 999_999_999).ToString("D9", CultureInfo.InvariantCulture) : null;
        var town = Towns[_random.Next(Towns.Length)];
        return new LeaseRecord
        {
            LeaseId = $"{prefix}-{start.Year}-{index:D6}",
            DistrictCode = district,
            Parcel = new Parcel
            {
                Code = $"{prefix}00-{Between(1, 9999):D4}-{Between(1, 9999):D4}",
                Name = $"{town}工业地块{index % 97}号",
                AreaSqm = Between(5_000, 120_000) + 0.5m,
                LandUse = "工业用地",
                IndustryType = Industries[_random.Next(Industries.Length)],
            },
            SupplyMode = Chance(0.8) ? SupplyMode.New : SupplyMode.Existing,
            LandUser = new LandUser
            {
                Name = $"北京{town}{Industries[_random.Next(Industries.Length)]}有限公司{index}",
                CreditCode = creditCode,
                ContactName = Chance(0.9) ? "联系人" + (index % 1000).ToString(CultureInfo.InvariantCulture) : null,
                Email = hasEmail ? $"contact{index}@example.com" : null,
                Mobile = mobile,
            },
            BasePriceYuan = basePrice,
            LeaseYears = leaseYears,
            TotalYears = totalYears,
            LeaseStart = start,
            LeaseEnd = end,
            MajorProjectApproval = approval,
            ConstructionCompletedOn = completed,
            RentSchedule = schedule,
            RentPayments = payments,
            Assessment = assessment,
            Transfer = transfer,
            Renewal = renewal,
            Events = events,
            Exit = exit,
        };
    }

    private (List<RentInstalment> Schedule, List<Payment> Payments, decimal Paid) Rent(DateOnly start, DateOnly end, int years, decimal total)
    {
        var schedule = new List<RentInstalment>();
        var payments = new List<Payment>();
        var paid = 0m;
        if (Chance(0.75))
        {
            // New supply: the bid deposit turns into the whole lease-period rent on the first day.
            schedule.Add(new RentInstalment(start, total, RentPeriod.Lease));
            payments.Add(new Payment(start, total, "竞买保证金转租金"));
            return (schedule, payments, total);
        }

        var each = Money.Round(total / years);
        var arrears = Chance(0.05);
        for (var y = 0; y < years; y++)
        {
            var amount = y == years - 1 ? total - (each * (years - 1)) : each;
            var due = start.AddYears(y);
            schedule.Add(new RentInstalment(due, amount, RentPeriod.Lease));
            if (due > _asOf)
            {
                continue;
            }

            var isLatest = due.AddYears(1) > _asOf;
            if (arrears && isLatest)
            {
                if (Chance(0.5))
                {
                    var part = Money.Round(amount / 2);
                    payments.Add(new Payment(due.AddDays(Between(0, 10)), part, "部分缴纳"));
                    paid += part;
                }

                continue;
            }

            var paidOn = due.AddDays(-Between(0, 5));
            payments.Add(new Payment(paidOn, amount, $"第{y + 1}年租金"));
            paid += amount;
        }

        return (schedule, payments, paid);
    }

    private Transfer TransferAfterPass(DateOnly notice, DateOnly end, decimal basePrice, decimal rentPaid)
    {
        var price = Money.Round(basePrice - rentPaid);
        var r = _random.NextDouble();
        if (r < 0.85 && Past(notice.AddDays(Between(1, 14))) is { } signed)
        {
            var registered = end < _asOf && Chance(0.8) ? Past(end.AddDays(Between(1, 25))) : null;
            return new Transfer { AppliedOn = signed, ContractSignedOn = signed, PricePayments = [new Payment(signed, price, null)], RegisteredOn = registered };
        }

        if (r < 0.9 && Past(notice.AddDays(Between(1, 14))) is { } partly)
        {
            // Signed, but the land price not fully paid: LAND_PRICE_AMOUNT.
            return new Transfer { AppliedOn = partly, ContractSignedOn = partly, PricePayments = [new Payment(partly, Money.Round(price * 0.6m), null)] };
        }

        // Not yet signed: within the 15-day window or overdue.
        return Domain.Records.Transfer.Empty;
    }

    private DateOnly? Past(DateOnly day) => day <= _asOf ? day : null;

    private string CreditCode(string district)
    {
        var chars = new char[17];
        "91".CopyTo(chars);
        district.AsSpan(0, 6).CopyTo(chars.AsSpan(2));
        for (var i = 8; i < 17; i++)
        {
            chars[i] = CodeAlphabet[_random.Next(CodeAlphabet.Length)];
        }

        return ComplianceMonitor.Domain.Validation.CreditCode.TryComputeCheckCharacter(chars, out var check)
            ? new string(chars) + check
            : throw new InvalidOperationException("credit code generation failed");
    }
}
