using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceMonitor.Infrastructure.Tests.Contracts;

/// <summary>Field-by-field comparison for the contract suites: two values are equal when every property serialises alike.</summary>
/// <remarks>
/// Records with list properties (queued stages, task history, warnings) do not compare by value with <c>Equals</c>;
/// their JSON does. Instants are compared as written: the samples use UTC offsets, as the product writes them.
/// </remarks>
internal static class Fields
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static string Of<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static void Same<T>(T expected, T actual) => Assert.Equal(Of(expected), Of(actual));
}
