namespace ComplianceMonitor.Cli;

/// <summary>Who a CLI write is recorded as: <c>cli:{user}@{machine}</c> (the operating-system account running <c>cm</c>).</summary>
public static class CliActor
{
    /// <summary>The actor of this process.</summary>
    public static string Current { get; } = $"cli:{Safe(Environment.UserName)}@{Safe(Environment.MachineName)}";

    private static string Safe(string? value) => string.IsNullOrWhiteSpace(value) ? "unknown" : value.Trim();
}
