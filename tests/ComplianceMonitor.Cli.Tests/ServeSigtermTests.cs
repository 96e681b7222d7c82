using System.Diagnostics;
using ComplianceMonitor.Cli.Tests.Support;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Cli.Tests;

/// <summary>
/// <c>cm serve</c> as a service manager runs it: started as a child process (on the shared Azurite), stopped with SIGTERM
/// (<c>kill</c>, a container stop). It must end by itself and exit 0; before the fix it waited for Ctrl+C forever.
/// </summary>
[Trait("Category", "azurite")]
public sealed class ServeSigtermTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Serve_Sigterm_StopsAndExits0()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no SIGTERM there
        }

        var start = new ProcessStartInfo(CliAppTests.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in new[] { CliAppTests.BuiltCli(), "serve", "--port", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ComplianceStorage__ConnectionString"] = azurite.ConnectionString;
        start.Environment["ComplianceStorage__TablePrefix"] = AzuriteFixture.NewPrefix();

        using var process = new Process { StartInfo = start };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("Ctrl+C stops.", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Contains("console: http://", stdout.ToString(), StringComparison.Ordinal);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("cm serve was still running 30 s after SIGTERM");
            }

            Assert.True(process.ExitCode == ExitCodes.Ok, $"exit {process.ExitCode}: {stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
