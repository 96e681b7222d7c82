using System.Text.Json.Nodes;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Testing.Records;

namespace ComplianceMonitor.Functions.Tests.Support;

/// <summary>Wire JSON of sample leases (records.md), optionally edited.</summary>
public static class TestRecords
{
    /// <summary>The sample lease <paramref name="leaseId"/> of <paramref name="districtCode"/> (lease 2024-03-01..2029-02-28).</summary>
    public static LeaseRecord Lease(string leaseId = "FS-2024-0001", string districtCode = "110111") =>
        SampleLeases.Create(leaseId, districtCode);

    /// <summary>The wire JSON of a record, edited by <paramref name="edit"/>.</summary>
    public static string Json(LeaseRecord record, Action<JsonObject>? edit = null)
    {
        var node = JsonNode.Parse(LeaseRecordJson.Serialize(record))!.AsObject();
        edit?.Invoke(node);
        return node.ToJsonString();
    }

    /// <summary>A JSON array of the records' wire JSON.</summary>
    public static string Array(params LeaseRecord[] records) =>
        "[" + string.Join(",", records.Select(r => LeaseRecordJson.Serialize(r))) + "]";
}
