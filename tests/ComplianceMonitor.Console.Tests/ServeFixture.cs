using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ComplianceMonitor.Testing.Storage;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ComplianceMonitor.Console.Tests;

/// <summary>
/// One <c>cm serve</c> process (the real command line, as a user starts it) over the shared Azurite with tables of its own,
/// the sample ledger imported and scanned as of <see cref="Today"/>, and a headless chromium driven through Selenium.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    /// <summary>The day the server runs as (samples/README.md describes the sample ledger on it).</summary>
    public static readonly DateOnly Today = new(2026, 11, 26);

    private readonly AzuriteFixture _azurite = new();
    private readonly StringBuilder _output = new();
    private Process? _serve;

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The Azurite connection string the server uses.</summary>
    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>The table prefix the server uses.</summary>
    public string Prefix { get; } = AzuriteFixture.NewPrefix();

    /// <summary>The browser (one for the whole class; each test signs in again).</summary>
    public ChromeDriver Driver { get; private set; } = null!;

    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>How long start-up took (Azurite, import, scan, Kestrel, chromium).</summary>
    public TimeSpan StartUp { get; private set; }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var (chromium, chromedriver) = await EnsureChromiumAsync();
        await _azurite.InitializeAsync();
        var port = FreePort();
        var cm = Path.Combine(AppContext.BaseDirectory, "cm.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { cm, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ledger", "samples/ledger.json", "--as-of", Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ComplianceStorage__ConnectionString"] = _azurite.ConnectionString;
        start.Environment["ComplianceStorage__TablePrefix"] = Prefix;
        start.Environment.Remove("WEBSITE_INSTANCE_ID");
        _serve = Process.Start(start) ?? throw new InvalidOperationException("could not start cm serve");
        var ready = new TaskCompletionSource();
        _serve.OutputDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("console: ", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _serve.ErrorDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }
        };
        _serve.BeginOutputReadLine();
        _serve.BeginErrorReadLine();
        var exited = _serve.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromMinutes(3))) != ready.Task)
        {
            throw new InvalidOperationException("cm serve did not start:\n" + Output);
        }

        BaseUrl = $"http://127.0.0.1:{port}";
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=zh-CN");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        Driver.Manage().Timeouts().ImplicitWait = TimeSpan.Zero;
        StartUp = clock.Elapsed;
    }

    /// <summary>What the server printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        if (_serve is { HasExited: false })
        {
            _serve.Kill(entireProcessTree: true);
            await _serve.WaitForExitAsync();
        }

        _serve?.Dispose();
        await _azurite.DisposeAsync();
    }

    private static async Task<(string Chromium, string Driver)> EnsureChromiumAsync()
    {
        const string chromium = "/usr/bin/chromium";
        const string driver = "/usr/bin/chromedriver";
        if (!File.Exists(chromium) || !File.Exists(driver))
        {
            using var install = Process.Start(new ProcessStartInfo("bash", Path.Combine(Root, "eng", "install-chromium.sh")) { UseShellExecute = false })!;
            await install.WaitForExitAsync();
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException("eng/install-chromium.sh failed: chromium and chromium-driver are needed for the console tests.");
            }
        }

        return (chromium, driver);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceMonitor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
