using System.Diagnostics;
using System.Text.Json;
using ComplianceMonitor.Cli.Tests.Support;

namespace ComplianceMonitor.Cli.Tests;

/// <summary>The <c>cm</c> command line as a whole: help, usage errors, and the real entry point.</summary>
[Trait("Category", "unit")]
public class CliAppTests
{
    [Fact]
    public async Task RunAsync_NoCommand_Exits2AndPointsToHelp()
    {
        var run = await Cm.RunAsync([]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("cm --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SubcommandUsageError_HintNamesTheWholeCommand()
    {
        var run = await Cm.RunAsync(["alerts", "list", "--no-such-option"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("Run 'cm alerts list --help' for usage.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_Exits2NamingIt()
    {
        var run = await Cm.RunAsync(["check", "--lease", RepoPaths.Ledger, "--as-at", "2026-11-26"]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("--as-at", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task RunAsync_CheckHelp_ListsTheOptionsAndExits0()
    {
        var run = await Cm.RunAsync(["check", "--help"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("--lease", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--as-of", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--format", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_Registered_HaveUniqueNames()
    {
        var context = new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, TimeProvider.System);

        var names = CliApp.Commands.Select(c => c.Create(context).Name).ToList();

        Assert.Contains("check", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Main_BuiltCliAsChildProcess_ChecksTheLedgerAndExits0()
    {
        var cm = BuiltCli();
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in new[] { cm, "check", "--lease", "samples/ledger.json", "--as-of", "2026-11-26", "--format", "json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == ExitCodes.Ok, $"exit {process.ExitCode}: {await stderr}");
        using var doc = JsonDocument.Parse(await stdout);
        Assert.Equal(53, doc.RootElement.GetArrayLength());
        Assert.Equal("FS-2024-0001", doc.RootElement[0].GetProperty("leaseId").GetString());
        Assert.Contains("三（五）", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_InvalidLeaseAsChildProcess_Exits2()
    {
        var cm = BuiltCli();
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in new[] { cm, "check", "--lease", "samples/invalid-lease.json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(ExitCodes.InvalidInput, process.ExitCode);
        using var doc = JsonDocument.Parse(await stdout);
        Assert.True(doc.RootElement.GetProperty("errors").GetArrayLength() > 0);
        Assert.Contains("nothing was checked", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_BuiltCliHelp_NamesCmAndTheWholeCommand()
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in new[] { BuiltCli(), "reminders", "history", "--help" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == ExitCodes.Ok, $"exit {process.ExitCode}: {await stderr}");
        Assert.Contains("Usage:\n  cm reminders history [options]", (await stdout).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>The built cm.dll: the copy the project reference puts next to the tests, else the CLI's own output.</summary>
    internal static string BuiltCli()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "cm.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "cm.runtimeconfig.json")))
        {
            return beside;
        }

        var own = Path.Combine(RepoPaths.Root, "src", "ComplianceMonitor.Cli", "bin", RepoPaths.Configuration, "net10.0", "cm.dll");
        Assert.True(File.Exists(own), $"cm.dll was built neither next to the tests nor at {own}");
        return own;
    }

    internal static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
