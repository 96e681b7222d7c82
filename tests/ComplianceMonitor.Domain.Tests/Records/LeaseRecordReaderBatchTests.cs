using System.Text.Json;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Tests.Records;

[Trait("Category", "unit")]
public class LeaseRecordReaderBatchTests
{
    private static LeaseJson Lease(string id) => LeaseJson.Valid().With("leaseId", JsonSerializer.Serialize(id));

    [Fact]
    public void ReadMany_SingleObject_GivesOneRecordNotArray()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Valid().ToJson());

        Assert.True(result.IsValid);
        Assert.False(result.WasArray);
        Assert.Equal(["FS-2024-0001"], result.Records.Select(r => r.LeaseId));
    }

    [Fact]
    public void ReadMany_Array_GivesRecordsInOrder()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Array(Lease("B-2"), Lease("A-1"), Lease("C-3")));

        Assert.True(result.IsValid);
        Assert.True(result.WasArray);
        Assert.Empty(result.Errors);
        Assert.Equal(["B-2", "A-1", "C-3"], result.Records.Select(r => r.LeaseId));
    }

    [Fact]
    public void ReadMany_EmptyArray_IsValidAndEmpty()
    {
        var result = LeaseRecordReader.ReadMany("[]");

        Assert.True(result.IsValid);
        Assert.True(result.WasArray);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void ReadMany_DuplicateLeaseId_ReportsLaterOccurrencesAndReturnsNoRecords()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Array(Lease("A-1"), Lease("B-2"), Lease("A-1"), Lease("B-2"), Lease("A-1")));

        Assert.False(result.IsValid);
        Assert.Empty(result.Records);
        Assert.Equal(
            [
                new ValidationError("A-1", "leaseId", "duplicate leaseId 'A-1' at index 2, also at index 0 (租赁编号在本批中重复)"),
                new ValidationError("B-2", "leaseId", "duplicate leaseId 'B-2' at index 3, also at index 1 (租赁编号在本批中重复)"),
                new ValidationError("A-1", "leaseId", "duplicate leaseId 'A-1' at index 4, also at index 0 (租赁编号在本批中重复)"),
            ],
            result.Errors);
    }

    [Fact]
    public void ReadMany_LeaseIdsDifferingOnlyInCase_AreDistinct()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Array(Lease("fs-1"), Lease("FS-1")));

        Assert.True(result.IsValid);
        Assert.Equal(2, result.Records.Count);
    }

    [Fact]
    public void ReadMany_DuplicateOfAnInvalidRecord_ReportsBothProblems()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Array(Lease("A-1"), Lease("A-1").With("leaseYears", "0")));

        Assert.Equal(
            [
                new ValidationError("A-1", "leaseYears", "must be at least 1 (应为正整数)"),
                new ValidationError("A-1", "leaseId", "duplicate leaseId 'A-1' at index 1, also at index 0 (租赁编号在本批中重复)"),
            ],
            result.Errors);
    }

    [Fact]
    public void ReadMany_OneInvalidRecord_ReportsItByLeaseIdWithRelativePathsAndReturnsNoRecords()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Array(
            Lease("A-1"),
            Lease("B-2").With("landUser.creditCode", "\"91110111MA01ABCD1X\"").With("rentSchedule[0].amountYuan", "0")));

        Assert.True(result.WasArray);
        Assert.Empty(result.Records);
        Assert.Equal(
            [
                new ValidationError("B-2", "landUser.creditCode", "check character should be 'Q', not 'X' (校验码应为Q)"),
                new ValidationError("B-2", "rentSchedule[0].amountYuan", "must be greater than 0 (应大于0)"),
            ],
            result.Errors);
    }

    [Fact]
    public void ReadMany_RecordWithUnreadableLeaseId_PrefixesPathsWithIndex()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Array(
            Lease("A-1"),
            LeaseJson.Valid().Without("leaseId").With("leaseEnd", "\"2029-02-30\""),
            Lease("bad id!")));

        Assert.Equal(
            [
                new ValidationError(null, "[1].leaseId", "is required (必填)"),
                new ValidationError(null, "[1].leaseEnd", "'2029-02-30' is not a calendar date (日期不存在)"),
                new ValidationError(null, "[2].leaseId", "must be 1-64 letters, digits, '-' or '_' (租赁编号应为1-64位字母、数字、-或_)"),
            ],
            result.Errors);
    }

    [Fact]
    public void ReadMany_UnknownPropertyInRecordWithoutLeaseId_PrefixesNestedPath()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Array(LeaseJson.Valid().With("leaseId", "7").With("landUser.phone", "\"1\"")));

        Assert.Equal(
            [
                new ValidationError(null, "[0].leaseId", "must be a string, not a number (应为字符串)"),
                new ValidationError(null, "[0].landUser.phone", "unknown property 'phone' (未知字段'phone')"),
            ],
            result.Errors);
    }

    [Theory]
    [InlineData("5", "must be an object, not a number (应为对象)")]
    [InlineData("null", "must be an object, not null (应为对象)")]
    [InlineData("[]", "must be an object, not an array (应为对象)")]
    public void ReadMany_ArrayElementNotAnObject_ReportsIndex(string element, string message)
    {
        var json = $"[{LeaseJson.Valid().ToJson()},{element}]";

        var result = LeaseRecordReader.ReadMany(json);

        Assert.Equal([new ValidationError(null, "[1]", message)], result.Errors);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void ReadMany_SingleInvalidObject_HasNoIndexPrefix()
    {
        var result = LeaseRecordReader.ReadMany(LeaseJson.Valid().Without("leaseId").With("supplyMode", "\"old\"").ToJson());

        Assert.False(result.WasArray);
        Assert.Equal([new ValidationError(null, "leaseId", "is required (必填)"), new ValidationError(null, "supplyMode", "must be one of new, existing, not 'old' (取值应为new, existing之一)")], result.Errors);
    }

    [Theory]
    [InlineData("\"FS-2024-0001\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void ReadMany_TopLevelNeitherObjectNorArray_ReportsDollar(string json)
    {
        var result = LeaseRecordReader.ReadMany(json);

        Assert.Equal([new ValidationError(null, "$", "must be a lease record object or an array of them (应为租赁记录对象或其数组)")], result.Errors);
        Assert.Empty(result.Records);
        Assert.False(result.WasArray);
    }

    [Theory]
    [InlineData("{\"leaseId\": }", "malformed JSON at line 1, byte 13: '}' is an invalid start of a value. (JSON格式错误)")]
    [InlineData("{\n  \"leaseId\": \"A-1\",\n}", "malformed JSON at line 3, byte 1: The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options. (JSON格式错误)")]
    [InlineData("", "malformed JSON at line 1, byte 1: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true. (JSON格式错误)")]
    [InlineData("[{}", "malformed JSON at line 1, byte 4: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. (JSON格式错误)")]
    [InlineData("{} // note", "malformed JSON at line 1, byte 4: '/' is invalid after a single JSON value. Expected end of data. (JSON格式错误)")]
    public void ReadMany_MalformedJson_ReportsDollarWithPosition(string json, string message)
    {
        var result = LeaseRecordReader.ReadMany(json);

        Assert.Equal([new ValidationError(null, "$", message)], result.Errors);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void ReadMany_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => LeaseRecordReader.ReadMany((string)null!));
    }

    [Fact]
    public void ReadMany_Element_MatchesTextOverload()
    {
        var json = LeaseJson.Array(Lease("A-1"), Lease("A-1"));
        using var document = JsonDocument.Parse(json);

        var fromElement = LeaseRecordReader.ReadMany(document.RootElement);
        var fromText = LeaseRecordReader.ReadMany(json);

        Assert.Equal(fromText.Errors, fromElement.Errors);
        Assert.Equal(fromText.WasArray, fromElement.WasArray);
    }
}
