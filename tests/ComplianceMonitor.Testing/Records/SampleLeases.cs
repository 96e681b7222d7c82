using System.Globalization;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Testing.Records;

/// <summary>Valid sample lease records (records.md) for tests.</summary>
public static class SampleLeases
{
    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>
    /// A valid record: a new-supply lease of 5 of 20 years from 2024-03-01, one rent instalment paid on time, and
    /// <paramref name="extraPayments"/> further small rent payments (use hundreds to exceed 64 KiB of JSON).
    /// </summary>
    public static LeaseRecord Create(string leaseId = "FS-2024-0001", string districtCode = "110111", int extraPayments = 0, string landUserName = "北京某某科技有限公司")
    {
        var payments = new List<Payment> { new(new DateOnly(2024, 3, 1), 7_733_750.00m, "竞买保证金转租金") };
        for (var i = 0; i < extraPayments; i++)
        {
            payments.Add(new Payment(
                new DateOnly(2024, 3, 2).AddDays(i % 1500),
                1_000.00m + i + 0.25m,
                $"京房山租金缴款第{(i + 1).ToString("D6", CultureInfo.InvariantCulture)}号"));
        }

        return new LeaseRecord
        {
            LeaseId = leaseId,
            DistrictCode = districtCode,
            Parcel = new Parcel { Code = "FS00-0105-0012", Name = "窦店镇工业地块", AreaSqm = 35000.5m, LandUse = "工业用地", IndustryType = "高端制造" },
            SupplyMode = SupplyMode.New,
            LandUser = new LandUser
            {
                Name = landUserName,
                CreditCode = CreditCode("91110111MA01ABCD1"),
                ContactName = "张三",
                Email = "zhang@example.com",
                Mobile = "13800138000",
            },
            BasePriceYuan = 30_935_000.00m,
            LeaseYears = 5,
            TotalYears = 20,
            LeaseStart = new DateOnly(2024, 3, 1),
            LeaseEnd = new DateOnly(2029, 2, 28),
            RentSchedule = [new RentInstalment(new DateOnly(2024, 3, 1), 7_733_750.00m, RentPeriod.Lease)],
            RentPayments = payments,
            Events = [new LeaseEvent(LeaseEventType.Mortgage, new DateOnly(2025, 6, 10), "京(2025)房山区不动产证明第0001234号")],
        };
    }

    /// <summary>Appends the GB 32100-2015 check character to the first 17 characters of a credit code.</summary>
    public static string CreditCode(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17)
        {
            throw new ArgumentException("17 characters expected", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = CreditCodeAlphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit-code character", nameof(first17));
            }

            sum += value * CreditCodeWeights[i];
        }

        var check = 31 - (sum % 31);
        return first17 + CreditCodeAlphabet[check == 31 ? 0 : check];
    }
}
