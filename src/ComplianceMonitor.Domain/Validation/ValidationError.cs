namespace ComplianceMonitor.Domain.Validation;

/// <summary>One problem with an input record, naming the field by its JSON path (e.g. <c>landUser.creditCode</c>, <c>rentSchedule[2].amountYuan</c>).</summary>
/// <param name="LeaseId">The record's lease id when it could be read, else null.</param>
/// <param name="Field">The field path in the wire format (records.md).</param>
/// <param name="Message">What is wrong, for a person.</param>
public sealed record ValidationError(string? LeaseId, string Field, string Message);
