using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Tests.Records;

public class LeaseRecordJsonTests
{
    [Fact]
    public void Serialize_RecordsMdExample_WritesTheSpecTextCompact()
    {
        var record = LeaseJson.Valid().ReadValid();

        Assert.Equal(Minify(LeaseJson.RecordsMdExample), LeaseRecordJson.Serialize(record));
    }

    [Fact]
    public void Serialize_CompleteRecord_WritesItsCanonicalTextBack()
    {
        var record = LeaseJson.CompleteRecord().ReadValid();

        Assert.Equal(Minify(LeaseJson.Complete), LeaseRecordJson.Serialize(record));
    }

    [Theory]
    [InlineData("basePriceYuan", "30935000", "\"basePriceYuan\":30935000.00,")]
    [InlineData("basePriceYuan", "30935000.5", "\"basePriceYuan\":30935000.50,")]
    [InlineData("basePriceYuan", "1.230", "\"basePriceYuan\":1.23,")]
    [InlineData("basePriceYuan", "3.0935E7", "\"basePriceYuan\":30935000.00,")]
    [InlineData("parcel.areaSqm", "35000", "\"areaSqm\":35000,")]
    [InlineData("parcel.areaSqm", "0.125", "\"areaSqm\":0.125,")]
    public void Serialize_Numbers_WritesMoneyWithTwoDecimals(string path, string rawJson, string expected)
    {
        var record = LeaseJson.Valid().With(path, rawJson).ReadValid();

        Assert.Contains(expected, LeaseRecordJson.Serialize(record), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_AbsentOptionals_WritesNullsEmptyArraysAndEmptyObjects()
    {
        var record = LeaseJson.Valid()
            .Apply("-parcel.areaSqm ; -parcel.landUse ; -parcel.industryType ; -landUser.contactName ; -landUser.email ; -rentSchedule ; -rentPayments ; -assessment ; -transfer ; -renewal ; -events ; -exit")
            .ReadValid();

        var json = LeaseRecordJson.Serialize(record);

        Assert.Equal(
            Minify("""
                {
                  "leaseId": "FS-2024-0001", "districtCode": "110111",
                  "parcel": { "code": "FS00-0105-0012", "name": "窦店镇工业地块", "areaSqm": null, "landUse": null, "industryType": null },
                  "supplyMode": "new",
                  "landUser": { "name": "北京某某科技有限公司", "creditCode": "91110111MA01ABCD1Q", "contactName": null, "email": null, "mobile": "13800138000" },
                  "basePriceYuan": 30935000.00, "leaseYears": 5, "totalYears": 20, "leaseStart": "2024-03-01", "leaseEnd": "2029-02-28",
                  "majorProjectApproval": null, "constructionCompletedOn": null, "rentSchedule": null, "rentPayments": [],
                  "assessment": { "appliedOn": null, "result": null, "decidedOn": null, "noticeReceivedOn": null },
                  "transfer": { "appliedOn": null, "contractSignedOn": null, "pricePayments": [], "registeredOn": null },
                  "renewal": { "appliedOn": null, "approvedOn": null, "refusedOn": null, "approvedYears": null, "newLeaseEnd": null },
                  "events": [], "exit": { "completedOn": null }
                }
                """),
            json);
    }

    [Fact]
    public void Serialize_RecordBuiltInCode_WritesEnumWireNamesAndDates()
    {
        var record = LeaseJson.Valid().ReadValid() with
        {
            SupplyMode = SupplyMode.Existing,
            Events = [new LeaseEvent(LeaseEventType.IndustryChange, new DateOnly(2026, 1, 2), null)],
            Assessment = new Assessment { Result = AssessmentResult.Failed, DecidedOn = new DateOnly(2028, 12, 1) },
            RentSchedule = [new RentInstalment(new DateOnly(2031, 3, 1), 1m, RentPeriod.Renewal)],
        };

        var json = LeaseRecordJson.Serialize(record);

        Assert.Contains("\"supplyMode\":\"existing\"", json, StringComparison.Ordinal);
        Assert.Contains("\"events\":[{\"type\":\"industryChange\",\"on\":\"2026-01-02\",\"ref\":null}]", json, StringComparison.Ordinal);
        Assert.Contains("\"assessment\":{\"appliedOn\":null,\"result\":\"failed\",\"decidedOn\":\"2028-12-01\",\"noticeReceivedOn\":null}", json, StringComparison.Ordinal);
        Assert.Contains("\"rentSchedule\":[{\"dueOn\":\"2031-03-01\",\"amountYuan\":1.00,\"period\":\"renewal\"}]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Indented_IsTheSameJson()
    {
        var record = LeaseJson.CompleteRecord().ReadValid();

        var indented = LeaseRecordJson.Serialize(record, indented: true);

        Assert.Contains("\n", indented, StringComparison.Ordinal);
        Assert.Equal(LeaseRecordJson.Serialize(record), Minify(indented));
    }

    [Fact]
    public void Write_ToCallersWriter_WritesOneObject()
    {
        var record = LeaseJson.Valid().ReadValid();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            LeaseRecordJson.Write(writer, record);
            writer.WriteEndArray();
        }

        Assert.Equal("[" + Minify(LeaseJson.RecordsMdExample) + "]", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Write_NullArguments_Throw()
    {
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);

        Assert.Throws<ArgumentNullException>(() => LeaseRecordJson.Write(writer, null!));
        Assert.Throws<ArgumentNullException>(() => LeaseRecordJson.Write(null!, LeaseJson.Valid().ReadValid()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-majorProjectApproval ; -events ; -landUser.mobile")]
    [InlineData("assessment.result=\"failed\" ; assessment.decidedOn=\"2028-12-01\" ; exit.completedOn=\"2029-01-15\"")]
    public void ReadWriteRead_GivesTheSameRecord(string edits)
    {
        var first = LeaseJson.Valid().Apply(edits).ReadValid();

        var written = LeaseRecordJson.Serialize(first);
        var again = LeaseRecordReader.ReadMany(written);

        Assert.True(again.IsValid, string.Join(Environment.NewLine, again.Errors));
        var second = Assert.Single(again.Records);
        Assert.Equal(written, LeaseRecordJson.Serialize(second));
        Assert.Equal(first.Parcel, second.Parcel);
        Assert.Equal(first.LandUser, second.LandUser);
        Assert.Equal(first.Assessment, second.Assessment);
        Assert.Equal(first.Exit, second.Exit);
        Assert.Equal(first.RentSchedule, second.RentSchedule);
        Assert.Equal(first.Events, second.Events);
    }

    [Fact]
    public void ReadWriteRead_CompleteRecord_GivesTheSameRecord()
    {
        var first = LeaseJson.CompleteRecord().ReadValid();

        var second = Assert.Single(LeaseRecordReader.ReadMany(LeaseRecordJson.Serialize(first)).Records);

        Assert.Equal(LeaseRecordJson.Serialize(first), LeaseRecordJson.Serialize(second));
        Assert.Equal(first.MajorProjectApproval, second.MajorProjectApproval);
        Assert.Equal(first.Renewal, second.Renewal);
        Assert.Equal(first.Transfer.PricePayments, second.Transfer.PricePayments);
        Assert.Equal(first.RentPayments, second.RentPayments);
    }

    /// <summary>Rewrites JSON compactly, numbers as written and Chinese unescaped, as the record writer does.</summary>
    internal static string Minify(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
