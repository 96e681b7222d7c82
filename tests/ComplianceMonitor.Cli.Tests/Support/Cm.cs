using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Cli.Tests.Support;

/// <summary>What one in-process run of <c>cm</c> produced.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output parsed as JSON.</summary>
    public JsonElement Json()
    {
        using var doc = JsonDocument.Parse(Stdout);
        return doc.RootElement.Clone();
    }
}

/// <summary>Runs <see cref="CliApp"/> in-process with captured streams and a fake clock.</summary>
internal static class Cm
{
    /// <summary>The instant used when a test does not care about "now": 2026-11-26 10:00 Beijing time.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Settings made of exactly <paramref name="values"/> (never the process environment).</summary>
    public static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    /// <summary>
    /// A context over the given streams and clock whose settings (<see cref="CliContext.Configuration"/>, the one way settings
    /// reach a command) are <paramref name="settings"/>, by default none: the process environment is never read.
    /// </summary>
    public static CliContext Context(TextWriter output, TextWriter error, TimeProvider time, IConfiguration? settings = null, TextReader? input = null) =>
        new(input ?? TextReader.Null, output, error, time) { Configuration = settings ?? Settings() };

    public static async Task<CliRun> RunAsync(string[] args, string stdin = "", TimeProvider? time = null)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, input, output, error, time ?? new FakeTimeProvider(DefaultNow));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>cm check --lease FILE --as-of 2026-11-26 --format json</c>.</summary>
    public static Task<CliRun> CheckLedgerAsync(string file, string asOf = "2026-11-26", string format = "json") =>
        RunAsync(["check", "--lease", file, "--as-of", asOf, "--format", format]);
}
