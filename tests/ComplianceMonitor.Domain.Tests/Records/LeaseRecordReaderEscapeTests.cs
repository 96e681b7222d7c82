using System.Text.RegularExpressions;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Tests.Records;

/// <summary>The reader's UTF-8 fast paths (property names, dates) must not change what escaped JSON means.</summary>
[Trait("Category", "unit")]
public class LeaseRecordReaderEscapeTests
{
    [Fact]
    public void ReadMany_EscapedPropertyNameAndDate_ReadLikeTheirPlainForms()
    {
        var plain = LeaseJson.Valid().ToJson();
        var escaped = Regex.Replace(plain, "\"leaseStart\":\"([0-9]{4})-", "\"lease\\u0053tart\":\"$1\\u002d");
        Assert.NotEqual(plain, escaped);

        var expected = Assert.Single(LeaseRecordReader.ReadMany(plain).Records);
        var result = LeaseRecordReader.ReadMany(escaped);

        Assert.Empty(result.Errors);
        var record = Assert.Single(result.Records);
        Assert.Equal(expected.LeaseStart, record.LeaseStart);
        Assert.Equal(expected.LeaseEnd, record.LeaseEnd);
    }

    [Fact]
    public void ReadMany_UnknownPropertyNearAKnownOne_ReportedByItsName()
    {
        var json = LeaseJson.Valid().ToJson().Replace("\"leaseStart\":", "\"leaseStarts\":", StringComparison.Ordinal);

        var result = LeaseRecordReader.ReadMany(json);

        Assert.Contains(result.Errors, e => e.Field == "leaseStarts" && e.Message.StartsWith("unknown property 'leaseStarts'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "leaseStart");
    }
}
