namespace ComplianceMonitor.Api.Http;

/// <summary>One entry of a problem's <c>errors</c> list: the field at fault (its JSON path) and what is wrong.</summary>
/// <param name="Field">The field path, e.g. <c>landUser.creditCode</c>, <c>asOf</c>, or <c>$</c> for the whole body.</param>
/// <param name="Message">What is wrong, for a person.</param>
/// <param name="LeaseId">The lease concerned, when known.</param>
public sealed record ProblemError(string Field, string Message, string? LeaseId = null);
