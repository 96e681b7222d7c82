using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>Runs the Bicep CLI restored by the test project's PackageDownload (NuGet cache).</summary>
internal static partial class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Returns the path of the Bicep executable, making sure it is executable.</summary>
    /// <remarks>The BICEP environment variable, when set, overrides the NuGet cache location.</remarks>
    public static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("BICEP");
        if (string.IsNullOrEmpty(path))
        {
            path = typeof(BicepCli).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BicepCliPath")
                .Value;
        }

        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at '{path}'. Restore tests/ComplianceMonitor.Functions.Tests " +
                "(PackageDownload of Azure.Bicep.CommandLine.linux-x64) or set BICEP.");
        }

        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not always keep the execute bit of files it extracts.
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }

    /// <summary>Runs the Bicep CLI with the given arguments in the given folder and waits for it.</summary>
    /// <exception cref="TimeoutException">Bicep did not finish within three minutes.</exception>
    public static BicepResult Run(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Locate())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("The Bicep CLI process did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"bicep {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s.");
        }

        process.WaitForExit();
        return new BicepResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Parses the diagnostics ("file(line,col) : Level code: message") Bicep printed.</summary>
    public static IReadOnlyList<BicepDiagnostic> ParseDiagnostics(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => DiagnosticPattern().Match(line))
            .Where(match => match.Success)
            .Select(match => new BicepDiagnostic(
                match.Groups["file"].Value,
                int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["level"].Value,
                match.Groups["code"].Value,
                match.Groups["message"].Value))
            .ToList();

    [GeneratedRegex(@"^(?<file>.+)\((?<line>\d+),(?<col>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$")]
    private static partial Regex DiagnosticPattern();
}

/// <summary>The outcome of one Bicep CLI run.</summary>
/// <param name="ExitCode">The process exit code (Bicep exits 0 on warnings).</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr (where diagnostics go).</param>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Gets the errors and warnings Bicep reported on either stream.</summary>
    public IReadOnlyList<BicepDiagnostic> ErrorsAndWarnings =>
        BicepCli.ParseDiagnostics(StandardError + "\n" + StandardOutput)
            .Where(d => d.Level is "Error" or "Warning")
            .ToList();

    /// <summary>Gets stderr lines that are not recognised diagnostics (a clean run prints none).</summary>
    public IReadOnlyList<string> UnrecognisedErrorLines =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => BicepCli.ParseDiagnostics(line).Count == 0)
            .ToList();
}

/// <summary>One Bicep diagnostic.</summary>
internal sealed record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}({Line},{Column}) : {Level} {Code}: {Message}";
}
