using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Policy;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using static ComplianceMonitor.Domain.Tests.Rules.TestLeases;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class RuleEngineTests
{
    private static RuleEngine CreateSut() => new(RuleCatalog.All, PolicyCatalog.Default, WorkingDayCalendar.Default);

    [Fact]
    public void Check_RecordsExample_AssessmentDeadlineAndMortgage()
    {
        var lease = Standard() with { Events = [new LeaseEvent(LeaseEventType.Mortgage, D("2025-06-10"), "京(2025)房山区不动产证明第0001234号")] };

        var result = CreateSut().Check(lease, D("2026-03-06"));

        Assert.Equal("FS-2024-0001", result.LeaseId);
        Assert.Equal(D("2026-03-06"), result.AsOf);
        Assert.Equal("beijing-2024", result.RuleSet);
        Assert.Equal([RuleCode.ASSESSMENT_APPLICATION, RuleCode.PROHIBITED_DISPOSITION], result.Findings.Select(f => f.Rule));
        var a = result.Findings[0];
        Assert.Equal((FindingStatus.Upcoming, D("2028-08-31"), 909, Severity.Info, Responsible.LandUser, "三（五）"), (a.Status, a.Deadline!.Value, a.DaysRemaining!.Value, a.Severity, a.Responsible, a.Basis));
        Assert.Equal(FindingStatus.Violation, result.Findings[1].Status);
        // Whether 2028-08-31 is an off-day cannot be known without 2028 holiday data, and the output says so.
        Assert.Empty(result.Warnings); // as records.md's example shows
    }

    [Fact]
    public void Check_RecordsExampleReadFromWireJson_SameFindingsAsRecordsMd()
    {
        const string json = """
            {
              "leaseId": "FS-2024-0001", "districtCode": "110111",
              "parcel": { "code": "FS00-0105-0012", "name": "窦店镇工业地块", "areaSqm": 35000.5, "landUse": "工业用地", "industryType": "高端制造" },
              "supplyMode": "new",
              "landUser": { "name": "北京某某科技有限公司", "creditCode": "91110111MA01ABCD1Q", "contactName": "张三", "email": "zhang@example.com", "mobile": "13800138000" },
              "basePriceYuan": 30935000.00, "leaseYears": 5, "totalYears": 20,
              "leaseStart": "2024-03-01", "leaseEnd": "2029-02-28",
              "majorProjectApproval": null, "constructionCompletedOn": null,
              "rentSchedule": [ { "dueOn": "2024-03-01", "amountYuan": 7733750.00, "period": "lease" } ],
              "rentPayments": [ { "paidOn": "2024-03-01", "amountYuan": 7733750.00, "ref": "竞买保证金转租金" } ],
              "assessment": { "appliedOn": null, "result": null, "decidedOn": null, "noticeReceivedOn": null },
              "transfer": { "appliedOn": null, "contractSignedOn": null, "pricePayments": [], "registeredOn": null },
              "renewal": { "appliedOn": null, "approvedOn": null, "approvedYears": null, "newLeaseEnd": null },
              "events": [ { "type": "mortgage", "on": "2025-06-10", "ref": "京(2025)房山区不动产证明第0001234号" } ],
              "exit": { "completedOn": null }
            }
            """;
        var read = LeaseRecordReader.ReadMany(json);
        Assert.True(read.IsValid, string.Join("; ", read.Errors));

        var result = RuleEngine.Default.Check(Assert.Single(read.Records), D("2026-03-06"));
        var output = CheckResultJson.ToJson(result, indented: false);

        Assert.StartsWith("{\"leaseId\":\"FS-2024-0001\",\"asOf\":\"2026-03-06\",\"ruleSet\":\"beijing-2024\",\"findings\":[", output, StringComparison.Ordinal);
        Assert.Contains(
            "{\"rule\":\"ASSESSMENT_APPLICATION\",\"status\":\"upcoming\",\"deadline\":\"2028-08-31\",\"daysRemaining\":909,\"severity\":\"info\",\"responsible\":\"landUser\",\"basis\":\"三（五）\",\"amountYuan\":null,\"message\":",
            output,
            StringComparison.Ordinal);
        Assert.Equal([RuleCode.ASSESSMENT_APPLICATION, RuleCode.PROHIBITED_DISPOSITION], result.Findings.Select(f => f.Rule));
        Assert.Equal("mortgage:2025-06-10", result.Findings[1].Subject);
    }

    [Fact]
    public void Check_DeadlineIn2030_WarningOnFindingAndResult()
    {
        // Notice 2030-09-20 + 15 = Saturday 2030-10-05; with no 2030 data only weekends count: Monday 2030-10-07.
        var lease = Passed(D("2030-09-18"), D("2030-09-20"));

        var result = CreateSut().Check(lease, D("2030-09-20"));

        var f = Assert.Single(result.Findings, f => f.Rule == RuleCode.TRANSFER_CONTRACT_AND_PAYMENT);
        Assert.Equal(D("2030-10-07"), f.Deadline);
        Assert.Equal([DeadlineCalculator.NoHolidayDataWarning(2030)], f.Warnings);
        Assert.Equal([DeadlineCalculator.NoHolidayDataWarning(2030)], result.Warnings);
        Assert.Contains("2030", result.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SameWarningOnSeveralFindings_ListedOnce()
    {
        // Contract unsigned and land price part-paid: both transfer-window findings carry the 2030 note.
        var lease = Passed(D("2030-09-18"), D("2030-09-20")) with
        {
            Transfer = new Transfer { PricePayments = [new Payment(D("2030-09-21"), 1_000_000m, null)] },
        };

        var result = CreateSut().Check(lease, D("2030-09-25"));

        Assert.Equal([RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, RuleCode.LAND_PRICE_AMOUNT], result.Findings.Select(f => f.Rule));
        Assert.All(result.Findings, f => Assert.Equal([DeadlineCalculator.NoHolidayDataWarning(2030)], f.Warnings));
        Assert.Equal([DeadlineCalculator.NoHolidayDataWarning(2030)], result.Warnings);
    }

    [Fact]
    public void Check_CompletedLease_NoFindingsNoWarnings()
    {
        var result = CreateSut().Check(Completed(), D("2029-04-01"));

        Assert.Empty(result.Findings);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Check_OutputJson_ViolationHasNullDeadline()
    {
        var lease = Standard() with { Events = [new LeaseEvent(LeaseEventType.UseChange, D("2025-06-10"), null)] };

        var json = CheckResultJson.ToJson(CreateSut().Check(lease, D("2026-03-06")), indented: false);

        Assert.Contains("\"rule\":\"USE_VIOLATION\",\"status\":\"violation\",\"deadline\":null,\"daysRemaining\":null,\"severity\":\"critical\",\"responsible\":\"landUser\",\"basis\":\"三（六）\"", json, StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"ASSESSMENT_APPLICATION\",\"status\":\"upcoming\",\"deadline\":\"2028-08-31\",\"daysRemaining\":909,\"severity\":\"info\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NothingFires_AllocatesNothing()
    {
        var sut = CreateSut();
        var quiet = new[]
        {
            Completed(),
            Completed() with
            {
                RentSchedule = [new RentInstalment(D("2025-03-01"), 1_546_750m, RentPeriod.Lease), new RentInstalment(Start, 1_546_750m, RentPeriod.Lease), new RentInstalment(D("2026-03-01"), 1_546_750m, RentPeriod.Lease), new RentInstalment(D("2027-03-01"), 1_546_750m, RentPeriod.Lease), new RentInstalment(D("2028-03-01"), 1_546_750m, RentPeriod.Lease)],
                RentPayments = [new Payment(Start, 3_000_000m, null), new Payment(D("2025-03-01"), 4_733_750m, null)],
                ConstructionCompletedOn = D("2025-01-01"),
                Events = [new LeaseEvent(LeaseEventType.Mortgage, D("2025-06-10"), null)],
            },
        };
        var findings = new List<Finding>();
        var context = sut.ContextFor(D("2029-04-01"));
        foreach (var lease in quiet)
        {
            sut.Evaluate(lease, context, findings); // warm up (JIT, statics)
        }

        Assert.Empty(findings);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var lease in quiet)
            {
                sut.Evaluate(lease, context, findings);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Empty(findings);
    }

    [Fact]
    public void Check_ManyThreadsManyDays_SameAsSequential()
    {
        var sut = CreateSut();
        var lease = Passed(D("2025-09-20"), D("2025-09-22"));
        var days = Enumerable.Range(0, 400).Select(i => D("2025-06-01").AddDays(i)).ToArray();
        var expected = days.Select(d => CheckResultJson.ToJson(CreateSut().Check(lease, d))).ToArray();

        var actual = new string[days.Length];
        Parallel.For(0, days.Length * 4, i => actual[i % days.Length] = CheckResultJson.ToJson(sut.Check(lease, days[i % days.Length])));

        Assert.Equal(expected, actual);
    }
}
