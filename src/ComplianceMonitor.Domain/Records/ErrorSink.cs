using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Records;

/// <summary>Collects the validation errors of one record, naming each field by its path.</summary>
/// <remarks>
/// Paths are relative to the record (<c>landUser.creditCode</c>). When the record sits in an array and
/// its lease id cannot be read, they are prefixed with the index (<c>[3].landUser.creditCode</c>, and
/// <c>[3]</c> for the record itself) so a person can still find it.
/// </remarks>
internal sealed class ErrorSink
{
    private readonly List<ValidationError> errors = [];
    private readonly string prefix;

    public ErrorSink(string? leaseId, int? index)
    {
        LeaseId = leaseId;
        prefix = leaseId is null && index is { } i ? $"[{i}]" : string.Empty;
    }

    /// <summary>The record's lease id when it could be read (a string in the lease-id format), else null.</summary>
    public string? LeaseId { get; }

    public IReadOnlyList<ValidationError> Errors => errors;

    public void Add(string path, string message)
    {
        var field = prefix.Length == 0 ? path
            : path == "$" ? prefix
            : prefix + "." + path;
        errors.Add(new ValidationError(LeaseId, field, message));
    }
}
