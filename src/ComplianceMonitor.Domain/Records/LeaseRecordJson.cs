using System.Text.Json;

namespace ComplianceMonitor.Domain.Records;

/// <summary>Writes lease records in the wire JSON (records.md); what it writes, <see cref="LeaseRecordReader"/> reads back equal.</summary>
public static class LeaseRecordJson
{
    /// <summary>Writes one record as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, LeaseRecord record) => throw new NotImplementedException("being built");

    /// <summary>Serialises one record to compact JSON text.</summary>
    public static string Serialize(LeaseRecord record) => throw new NotImplementedException("being built");
}
