using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Tests.Records;

/// <summary>records.md, policy revision 2: <c>renewal.refusedOn</c>, the renewal's consistency, and rentSchedule absent vs <c>[]</c>.</summary>
[Trait("Category", "unit")]
public class LeaseRecordReaderRenewalTests
{
    private const string Id = LeaseJson.LeaseId;

    [Fact]
    public void Read_RefusedOn_Accepted()
    {
        var record = LeaseJson.Valid().Apply("renewal.appliedOn=\"2028-08-01\" ; renewal.refusedOn=\"2028-09-01\"").ReadValid();

        Assert.Equal(new DateOnly(2028, 9, 1), record.Renewal.RefusedOn);
        Assert.Null(record.Renewal.ApprovedOn);
        Assert.Equal(record.LeaseEnd, record.EffectiveLeaseEnd);
    }

    [Fact]
    public void Read_StoredBeforeRevision2_NoRefusedOnProperty_StillReads()
    {
        var record = LeaseJson.Valid().Without("renewal.refusedOn").Apply("renewal.appliedOn=\"2028-08-01\"").ReadValid();

        Assert.Null(record.Renewal.RefusedOn);
        Assert.Contains("\"refusedOn\":null", LeaseRecordJson.Serialize(record), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("renewal.appliedOn=\"2028-08-01\" ; renewal.approvedOn=\"2028-09-01\" ; renewal.refusedOn=\"2028-09-02\"", "renewal.refusedOn",
        "must not be recorded together with approvedOn: a renewal is approved or refused (续租不能既批准又拒绝)")]
    [InlineData("renewal.appliedOn=\"2028-08-01\" ; renewal.approvedOn=\"2028-07-31\"", "renewal.approvedOn",
        "must not be before appliedOn 2028-08-01 (续租决定日期不得早于申请日期)")]
    [InlineData("renewal.appliedOn=\"2028-08-01\" ; renewal.refusedOn=\"2028-07-31\"", "renewal.refusedOn",
        "must not be before appliedOn 2028-08-01 (续租决定日期不得早于申请日期)")]
    [InlineData("renewal.approvedOn=\"2028-09-01\" ; renewal.approvedYears=0", "renewal.approvedYears", "must be at least 1 (应为正整数)")]
    [InlineData("renewal.approvedOn=\"2028-09-01\" ; renewal.approvedYears=2 ; renewal.newLeaseEnd=\"2031-03-01\"", "renewal.newLeaseEnd",
        "must be 2031-02-28, the last day of 2 year(s) after leaseEnd, as approvedYears says (续租截止日应与批准年期一致：2031-02-28)")]
    [InlineData("renewal.refusedOn=\"2028-13-01\"", "renewal.refusedOn", "'2028-13-01' is not a calendar date (日期不存在)")]
    public void Read_InconsistentRenewal_ErrorNamesTheField(string edits, string field, string message)
    {
        var result = LeaseJson.Valid().Apply(edits).Read();

        Assert.Equal([new ValidationError(Id, field, message)], result.Errors);
        Assert.Null(result.Record);
    }

    [Theory]
    [InlineData("renewal.appliedOn=\"2028-08-01\" ; renewal.approvedOn=\"2028-08-01\" ; renewal.approvedYears=2 ; renewal.newLeaseEnd=\"2031-02-28\"")]
    [InlineData("renewal.appliedOn=\"2028-08-01\" ; renewal.refusedOn=\"2028-08-01\"")]
    [InlineData("renewal.approvedOn=\"2028-09-01\" ; renewal.approvedYears=2")]
    public void Read_ConsistentRenewal_Valid(string edits) => LeaseJson.Valid().Apply(edits).ReadValid();

    [Fact]
    public void Read_LeaseEndingFeb28BeforeLeapYear_TwoYearsEndOnFeb29()
    {
        var result = LeaseJson.Valid()
            .Apply("leaseStart=\"2021-03-01\" ; leaseEnd=\"2026-02-28\" ; renewal.approvedOn=\"2025-09-01\" ; renewal.approvedYears=2 ; renewal.newLeaseEnd=\"2028-02-29\"")
            .ReadValid();

        Assert.Equal(new DateOnly(2028, 2, 29), result.EffectiveLeaseEnd);
    }

    [Fact]
    public void Read_ApprovedYearsWithoutNewEnd_EffectiveEndMoves()
    {
        var record = LeaseJson.Valid().Apply("renewal.approvedOn=\"2028-09-01\" ; renewal.approvedYears=2").ReadValid();

        Assert.Equal(new DateOnly(2031, 2, 28), record.EffectiveLeaseEnd);
    }

    [Theory]
    [InlineData("-rentSchedule", false)]
    [InlineData("rentSchedule=null", false)]
    [InlineData("rentSchedule=[]", true)]
    public void Read_RentSchedule_AbsentOrNullIsNotRecorded_EmptyIsRecorded(string edits, bool recorded)
    {
        var record = LeaseJson.Valid().Apply(edits).ReadValid();

        Assert.Equal(recorded, record.RentScheduleRecorded);
        Assert.Empty(record.RentSchedule);
        var back = LeaseRecordReader.ReadMany(LeaseRecordJson.Serialize(record)).Records.Single();
        Assert.Equal(recorded, back.RentScheduleRecorded);
        Assert.Contains(recorded ? "\"rentSchedule\":[]" : "\"rentSchedule\":null", LeaseRecordJson.Serialize(record), StringComparison.Ordinal);
    }
}
