using System.Text.Json;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Records;

/// <summary>The outcome of reading one record: the record when valid, else every problem found.</summary>
public sealed record RecordReadResult(LeaseRecord? Record, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>Whether the record is valid.</summary>
    public bool IsValid => Record is not null && Errors.Count == 0;
}

/// <summary>The outcome of reading one record or an array of them; <see cref="Records"/> is empty when any is invalid.</summary>
public sealed record BatchReadResult(IReadOnlyList<LeaseRecord> Records, IReadOnlyList<ValidationError> Errors, bool WasArray)
{
    /// <summary>Whether every record is valid.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Reads lease records from the wire JSON (records.md), validating every field and listing every problem.</summary>
public static class LeaseRecordReader
{
    /// <summary>Reads and validates one record.</summary>
    public static RecordReadResult Read(JsonElement element) => throw new NotImplementedException("being built");

    /// <summary>Reads one record or an array of records; leaseIds must be unique within the batch.</summary>
    public static BatchReadResult ReadMany(JsonElement element) => throw new NotImplementedException("being built");

    /// <summary>Parses JSON text (one record or an array); malformed JSON is reported as an error on field <c>$</c>.</summary>
    public static BatchReadResult ReadMany(string json) => throw new NotImplementedException("being built");
}
