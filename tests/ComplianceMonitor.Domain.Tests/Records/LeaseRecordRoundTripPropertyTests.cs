using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Tests.Validation;
using CsCheck;

namespace ComplianceMonitor.Domain.Tests.Records;

/// <summary>Random valid records survive writing and reading unchanged.</summary>
public class LeaseRecordRoundTripPropertyTests
{
    private const string IdChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly Gen<DateOnly> Day =
        Gen.Int[new DateOnly(1990, 1, 1).DayNumber, new DateOnly(2090, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    private static readonly Gen<decimal> Yuan = Gen.Long[1, 99_999_999_999_99L].Select(fen => fen / 100m);

    private static readonly Gen<string?> FreeText =
        Gen.Int[0, 5].Select(i => new string?[] { null, "", "工业用地", "a \"quoted\" \\ text", "厂房 🏭", "line\nbreak" }[i]);

    private static readonly Gen<string> LeaseIdGen =
        Gen.Int[0, IdChars.Length - 1].Array[1, 64].Select(ix => new string(ix.Select(i => IdChars[i]).ToArray()));

    private static readonly Gen<Parcel> ParcelGen =
        from code in LeaseIdGen
        from area in Maybe(Gen.Long[1, 10_000_000_000].Select(v => v / 1000m))
        from landUse in FreeText
        from industry in FreeText
        select new Parcel { Code = code, Name = "地块" + code, AreaSqm = area, LandUse = landUse, IndustryType = industry };

    private static readonly Gen<LandUser> LandUserGen =
        from code in CreditCodeTests.ValidCode
        from contact in FreeText
        from which in Gen.Int[0, 2]
        from mobileTail in Gen.Long[0, 999_999_999]
        from second in Gen.Int[3, 9]
        select new LandUser
        {
            Name = "企业" + code,
            CreditCode = code,
            ContactName = contact,
            Email = which == 1 ? null : $"u{mobileTail}@example.com.cn",
            Mobile = which == 2 ? null : $"1{second}{mobileTail:D9}",
        };

    private static readonly Gen<LeaseRecord> RecordGen =
        from leaseId in LeaseIdGen
        from district in Gen.Int[0, Jurisdictions.Jurisdiction.All.Count - 1].Select(i => Jurisdictions.Jurisdiction.All[i].Code)
        from parcel in ParcelGen
        from mode in Gen.Enum<SupplyMode>()
        from landUser in LandUserGen
        from basePrice in Yuan
        from leaseYears in Gen.Int[1, 10]
        from extraYears in Gen.Int[0, 50]
        from start in Day
        from length in Gen.Int[0, 4000]
        from approval in MaybeObject(ApprovalGen)
        from completed in Maybe(Day)
        from schedule in Gen.Select(Day, Yuan, Gen.Enum<RentPeriod>(), (d, m, p) => new RentInstalment(d, m, p)).Array[0, 4]
        from payments in Gen.Select(Day, Yuan, FreeText, (d, m, r) => new Payment(d, m, r)).Array[0, 4]
        from assessment in AssessmentGen
        from transfer in TransferGen
        from renewal in RenewalGen
        from renewalDaysAfterEnd in Maybe(Gen.Int[1, 1000])
        from scheduleRecorded in Gen.Bool
        from events in Gen.Select(Gen.Enum<LeaseEventType>(), Day, FreeText, (t, d, r) => new LeaseEvent(t, d, r)).Array[0, 4]
        from exit in Maybe(Day)
        select new LeaseRecord
        {
            LeaseId = leaseId,
            DistrictCode = district,
            Parcel = parcel,
            SupplyMode = mode,
            LandUser = landUser,
            BasePriceYuan = basePrice,
            LeaseYears = leaseYears,
            TotalYears = leaseYears + extraYears,
            LeaseStart = start,
            LeaseEnd = start.AddDays(length),
            MajorProjectApproval = approval,
            ConstructionCompletedOn = completed,
            RentSchedule = scheduleRecorded ? schedule : [],
            RentScheduleRecorded = scheduleRecorded,
            RentPayments = payments,
            Assessment = assessment,
            Transfer = transfer,
            Renewal = WithEnd(renewal, start.AddDays(length), renewalDaysAfterEnd),
            Events = events,
            Exit = exit is null ? Exit.Empty : new Exit { CompletedOn = exit },
        };

    private static Gen<Assessment> AssessmentGen =>
        from applied in Maybe(Day)
        from result in Maybe(Gen.Enum<AssessmentResult>())
        from decided in Day
        from noticeAfter in Maybe(Gen.Int[0, 60])
        select result is null
            ? new Assessment { AppliedOn = applied }
            : new Assessment { AppliedOn = applied, Result = result, DecidedOn = decided, NoticeReceivedOn = noticeAfter is { } n ? decided.AddDays(n) : null };

    private static Gen<Transfer> TransferGen =>
        from applied in Maybe(Day)
        from signed in Maybe(Day)
        from payments in Gen.Select(Day, Yuan, (d, m) => new Payment(d, m, null)).Array[0, 3]
        from registered in Maybe(Day)
        select new Transfer { AppliedOn = applied, ContractSignedOn = signed, PricePayments = payments, RegisteredOn = registered };

    private static Gen<MajorProjectApproval> ApprovalGen =>
        from approvedOn in Maybe(Day)
        from maxTotalYears in Maybe(Gen.Int[1, 70])
        from reference in Gen.Int[1, 999]
        select new MajorProjectApproval { Ref = $"京政函〔2024〕{reference}号", ApprovedOn = approvedOn, MaxTotalYears = maxTotalYears };

    // The renewal's new end depends on the lease end, so the record generator sets it (WithEnd). Revision 2 consistency: approved
    // or refused (never both), neither before the application.
    private static Gen<Renewal> RenewalGen =>
        from applied in Maybe(Day)
        from decision in Gen.Int[0, 2]
        from decidedAfter in Gen.Int[0, 400]
        from decidedAlone in Day
        from years in Maybe(Gen.Int[1, 5])
        let decided = applied is { } a ? a.AddDays(decidedAfter) : decidedAlone
        select new Renewal
        {
            AppliedOn = applied,
            ApprovedOn = decision == 1 ? decided : null,
            RefusedOn = decision == 2 ? decided : null,
            ApprovedYears = years,
        };

    // With approved years the new end, when given, is the one they give; without, any day after the lease end.
    private static Renewal WithEnd(Renewal renewal, DateOnly leaseEnd, int? daysAfterEnd) => renewal with
    {
        NewLeaseEnd = daysAfterEnd is not { } days ? null
            : renewal.ApprovedYears is { } years ? ComplianceMonitor.Domain.Deadlines.DeadlineCalculator.YearsAfterEnd(leaseEnd, years)
            : leaseEnd.AddDays(days),
    };

    [Fact]
    public void WriteThenRead_RandomValidRecord_GivesTheSameRecord()
    {
        RecordGen.Sample(record =>
        {
            var written = LeaseRecordJson.Serialize(record);

            var read = LeaseRecordReader.ReadMany(written);

            Assert.True(read.IsValid, written + Environment.NewLine + string.Join(Environment.NewLine, read.Errors));
            var back = Assert.Single(read.Records);
            Assert.Equal(written, LeaseRecordJson.Serialize(back));
            Assert.Equal(record.Parcel, back.Parcel);
            Assert.Equal(record.LandUser, back.LandUser);
            Assert.Equal(record.MajorProjectApproval, back.MajorProjectApproval);
            Assert.Equal(record.Assessment, back.Assessment);
            Assert.Equal(record.Renewal, back.Renewal);
            Assert.Equal(record.RentSchedule, back.RentSchedule);
            Assert.Equal(record.RentScheduleRecorded, back.RentScheduleRecorded);
            Assert.Equal(record.RentPayments, back.RentPayments);
            Assert.Equal(record.Transfer.PricePayments, back.Transfer.PricePayments);
            Assert.Equal(record.Events, back.Events);
            Assert.Equal(record with { Parcel = back.Parcel, LandUser = back.LandUser, MajorProjectApproval = back.MajorProjectApproval, RentSchedule = back.RentSchedule, RentPayments = back.RentPayments, Assessment = back.Assessment, Transfer = back.Transfer, Renewal = back.Renewal, Events = back.Events, Exit = back.Exit }, back);
        }, iter: 300);
    }

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : struct =>
        Gen.Bool.SelectMany(present => present ? gen.Select(v => (T?)v) : Gen.Const((T?)null));

    private static Gen<T?> MaybeObject<T>(Gen<T> gen)
        where T : class =>
        Gen.Bool.SelectMany(present => present ? gen.Select(v => (T?)v) : Gen.Const((T?)null));
}
