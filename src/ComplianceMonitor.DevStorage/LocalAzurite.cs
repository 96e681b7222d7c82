using ComplianceMonitor.Infrastructure.Storage;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ComplianceMonitor.DevStorage;

/// <summary>
/// A local Azurite process on 127.0.0.1 with blob, queue and table endpoints, installed on first use with npm
/// into <c>&lt;repo&gt;/.tools/azurite</c>. Used by the CLI (when no storage is configured) and by the test fixture.
/// </summary>
/// <remarks>
/// <para>Install: guarded by an exclusive lock file (<c>.tools/azurite.lock</c>) so that two processes installing at
/// once (two test assemblies) do not clash; a marker file records a completed install.</para>
/// <para>Lifetime: Azurite runs inside a small Node host script (<c>cm-azurite-host.js</c>) that exits when its
/// standard input closes or its parent process disappears, so a killed test host or CLI never leaves Azurite behind.
/// <see cref="Dispose"/> and process exit (<see cref="AppDomain.ProcessExit"/>) kill the process tree as well.</para>
/// </remarks>
public sealed class LocalAzurite : IAsyncDisposable, IDisposable
{
    /// <summary>The Azurite npm version installed by default.</summary>
    public const string DefaultVersion = "3.35.0";

    /// <summary>The well-known development storage account name (public, documented by Microsoft).</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development storage account key (public, documented by Microsoft; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Host = "127.0.0.1";
    private const string ReadyMessage = "Azurite Table service is successfully listening";
    private const string InstalledMarker = ".cm-installed";
    private const string HostScriptName = "cm-azurite-host.js";

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly IDisposable? _dataLock;
    private int _stopped;

    private LocalAzurite(Process process, StringBuilder output, IDisposable? dataLock, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        _dataLock = dataLock;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>The process id of the Azurite host process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the Azurite process is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The table service endpoint (<c>http://127.0.0.1:PORT/devstoreaccount1</c>).</summary>
    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>The queue service endpoint.</summary>
    public Uri QueueEndpoint => Endpoint(QueuePort);

    /// <summary>The blob service endpoint.</summary>
    public Uri BlobEndpoint => Endpoint(BlobPort);

    /// <summary>A storage connection string for this instance (development account, explicit endpoints).</summary>
    public string ConnectionString => BuildConnectionString(BlobPort, QueuePort, TablePort);

    /// <summary>Builds the development-account connection string for Azurite on 127.0.0.1 with the given ports.</summary>
    public static string BuildConnectionString(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={Endpoint(blobPort)};QueueEndpoint={Endpoint(queuePort)};TableEndpoint={Endpoint(tablePort)};";

    private static Uri Endpoint(int port) => new($"http://{Host}:{port.ToString(CultureInfo.InvariantCulture)}/{AccountName}");

    /// <summary>
    /// Finds the repository root (the folder holding <c>ComplianceMonitor.sln</c>) walking up from
    /// <paramref name="startDirectory"/>, else from the application folder, else from the current folder; null when none.
    /// </summary>
    public static string? FindRepositoryRoot(string? startDirectory = null)
    {
        foreach (var start in new[] { startDirectory, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ComplianceMonitor.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The default install folder: <c>&lt;repo&gt;/.tools/azurite</c>, or a per-user folder outside a repository.</summary>
    public static string DefaultInstallDirectory()
    {
        var root = FindRepositoryRoot();
        return root is not null
            ? Path.Combine(root, ".tools", "azurite")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ComplianceMonitor", "azurite");
    }

    /// <summary>
    /// Installs Azurite with npm into <paramref name="installDirectory"/> unless a completed install is there, holding
    /// an exclusive lock file meanwhile; returns the path of Azurite's <c>azurite.js</c>.
    /// </summary>
    public static async Task<string> EnsureInstalledAsync(string installDirectory, string version = DefaultVersion, TimeSpan? timeout = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(installDirectory);
        var entry = Path.Combine(installDirectory, "node_modules", "azurite", "dist", "src", "azurite.js");
        var marker = Path.Combine(installDirectory, InstalledMarker);
        if (File.Exists(marker) && File.Exists(entry))
        {
            return entry;
        }

        var limit = timeout ?? TimeSpan.FromMinutes(5);
        var parent = Path.GetDirectoryName(Path.GetFullPath(installDirectory))!;
        Directory.CreateDirectory(parent);
        var lockPath = Path.GetFullPath(installDirectory).TrimEnd(Path.DirectorySeparatorChar) + ".lock";
        using var held = await AcquireLockAsync(lockPath, limit, log, "another process installing Azurite", cancellationToken);

        // Another process may have finished the install while we waited for the lock.
        if (File.Exists(marker) && File.Exists(entry))
        {
            return entry;
        }

        Directory.CreateDirectory(installDirectory);
        log?.Invoke($"Installing azurite@{version} into {installDirectory} (npm, first use only)…");
        var (code, output) = await RunNpmInstallAsync(installDirectory, version, limit, cancellationToken);
        if (code != 0 && version != "3")
        {
            log?.Invoke($"azurite@{version} could not be installed; trying the newest 3.x.");
            (code, output) = await RunNpmInstallAsync(installDirectory, "3", limit, cancellationToken);
        }

        if (code != 0 || !File.Exists(entry))
        {
            throw new InvalidOperationException(
                $"Installing Azurite with npm into '{installDirectory}' failed (exit {code}). Is Node.js (npm) installed and the npm registry reachable? npm said:{Environment.NewLine}{Tail(output)}");
        }

        await File.WriteAllTextAsync(marker, version, cancellationToken);
        return entry;
    }

    /// <summary>Installs Azurite when needed and starts it on 127.0.0.1 (free ports unless given); returns once the table service listens.</summary>
    public static async Task<LocalAzurite> StartAsync(LocalAzuriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalAzuriteOptions();
        var installDirectory = options.InstallDirectory ?? DefaultInstallDirectory();
        var entry = await EnsureInstalledAsync(installDirectory, options.Version, options.InstallTimeout, options.Log, cancellationToken);
        var hostScript = await WriteHostScriptAsync(installDirectory, cancellationToken);

        var fixedPorts = options.BlobPort is not null || options.QueuePort is not null || options.TablePort is not null;
        for (var attempt = 1; ; attempt++)
        {
            var ports = PickPorts(options);
            try
            {
                return await StartOnceAsync(options, installDirectory, entry, hostScript, ports, cancellationToken);
            }
            catch (AzuriteStartException ex) when (!fixedPorts && attempt < 3 && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                options.Log?.Invoke("A picked port was taken meanwhile; retrying with other ports.");
            }
        }
    }

    private static async Task<LocalAzurite> StartOnceAsync(LocalAzuriteOptions options, string installDirectory, string entry, string hostScript, (int Blob, int Queue, int Table) ports, CancellationToken cancellationToken)
    {
        var workspace = options.InMemory
            ? Path.Combine(installDirectory, "workspace")
            : Path.GetFullPath(options.DataDirectory ?? Path.Combine(installDirectory, "data"));
        Directory.CreateDirectory(workspace);

        // Two Azurite processes must never share a data folder: hold its lock while this one runs.
        var dataLock = options.InMemory ? null : await AcquireLockAsync(Path.Combine(workspace, ".cm-lock"), options.StartTimeout, options.Log, "another Azurite using the data folder " + workspace, cancellationToken);

        var psi = new ProcessStartInfo(NodeExecutable())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = workspace,
        };
        psi.ArgumentList.Add(hostScript);
        psi.ArgumentList.Add(entry);
        psi.ArgumentList.Add(options.ExitWithParent ? (options.ParentProcessIdOverride ?? Environment.ProcessId).ToString(CultureInfo.InvariantCulture) : "0");
        foreach (var arg in AzuriteArguments(ports.Blob, ports.Queue, ports.Table, workspace, options.InMemory))
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                // Keep the head (startup) and a bounded tail for diagnostics.
                if (output.Length > 64 * 1024)
                {
                    output.Remove(8 * 1024, output.Length - 48 * 1024);
                }

                output.AppendLine(line);
            }

            if (line.Contains(ReadyMessage, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new AzuriteStartException("Azurite exited while starting."));

        options.Log?.Invoke($"Starting Azurite on {Host} (blob {ports.Blob}, queue {ports.Queue}, table {ports.Table})…");
        try
        {
            if (!process.Start())
            {
                throw new AzuriteStartException("Azurite could not be started (node did not start).");
            }
        }
        catch (Exception ex) when (ex is not AzuriteStartException)
        {
            dataLock?.Dispose();
            process.Dispose();
            throw new AzuriteStartException($"Node.js could not be started ({ex.Message}): install Node.js, or set {TableStorageOptions.SectionName}__ConnectionString.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new LocalAzurite(process, output, dataLock, ports.Blob, ports.Queue, ports.Table);
        try
        {
            await ready.Task.WaitAsync(options.StartTimeout, cancellationToken);
            return instance;
        }
        catch (Exception ex) when (ex is AzuriteStartException or TimeoutException or OperationCanceledException)
        {
            instance.Stop();
            if (ex is OperationCanceledException)
            {
                throw;
            }

            string text;
            lock (output)
            {
                text = output.ToString();
            }

            throw new AzuriteStartException(
                $"Azurite did not start on {Host} (blob {ports.Blob}, queue {ports.Queue}, table {ports.Table}): {ex.Message} Output:{Environment.NewLine}{Tail(text)}");
        }
    }

    /// <summary>The Azurite command-line arguments used by the CLI and the tests (<c>eng/azurite.sh</c> uses the same flags).</summary>
    public static IReadOnlyList<string> AzuriteArguments(int blobPort, int queuePort, int tablePort, string location, bool inMemory)
    {
        var args = new List<string>
        {
            "--blobHost", Host, "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", Host, "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", Host, "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
            "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--silent",
        };

        // Azurite refuses --location together with --inMemoryPersistence.
        args.AddRange(inMemory ? ["--inMemoryPersistence"] : ["--location", location]);

        return args;
    }

    /// <summary>
    /// Stops Azurite; safe to call more than once. An in-memory instance is killed (process tree); one with a data
    /// folder is first asked to shut down gracefully (so it saves its data), and killed only if it has not exited
    /// within 15 seconds.
    /// </summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (_dataLock is not null && !_process.HasExited)
            {
                _process.StandardInput.Close();
                _process.WaitForExit(15_000);
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already gone or not ours to kill any more.
        }

        catch (IOException)
        {
            // The input pipe was already broken: the process is exiting.
        }

        _process.Dispose();
        _dataLock?.Dispose();
    }

    /// <summary>The last lines Azurite printed (startup messages and errors), for diagnostics.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return Tail(_output.ToString());
        }
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private static (int Blob, int Queue, int Table) PickPorts(LocalAzuriteOptions options)
    {
        var taken = new HashSet<int>();
        int Pick(int? wanted)
        {
            if (wanted is { } fixedPort)
            {
                taken.Add(fixedPort);
                return fixedPort;
            }

            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (taken.Add(port))
                {
                    return port;
                }
            }
        }

        var blob = Pick(options.BlobPort);
        var queue = Pick(options.QueuePort);
        var table = Pick(options.TablePort);
        return (blob, queue, table);
    }

    private static async Task<IDisposable> AcquireLockAsync(string lockPath, TimeSpan timeout, Action<string>? log, string holder, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            try
            {
                // FileShare.None is an OS-level exclusive lock (flock on Unix), released when the holder exits.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (watch.Elapsed >= timeout)
                {
                    throw new TimeoutException($"Gave up after {timeout} waiting for {holder} (lock file {lockPath}).", ex);
                }

                if (!told)
                {
                    log?.Invoke($"Waiting for {holder} (lock file {lockPath})…");
                    told = true;
                }

                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static async Task<(int Code, string Output)> RunNpmInstallAsync(string installDirectory, string version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = installDirectory,
        };
        foreach (var arg in new[] { "install", "--prefix", installDirectory, $"azurite@{version}", "--no-audit", "--no-fund" })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("npm was not found on PATH: install Node.js (with npm) to run Azurite locally, or configure ComplianceStorage__ConnectionString.", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm install azurite@{version} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<string> WriteHostScriptAsync(string installDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(installDirectory, HostScriptName);
        if (!File.Exists(path) || await File.ReadAllTextAsync(path, cancellationToken) != HostScript)
        {
            // Write to a unique temp file and move, so concurrent starters never see a half-written script.
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await File.WriteAllTextAsync(temp, HostScript, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }

        return path;
    }

    private static string NodeExecutable() =>
        Environment.GetEnvironmentVariable("COMPLIANCE_NODE") is { Length: > 0 } node ? node : OperatingSystem.IsWindows() ? "node.exe" : "node";

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    /// <summary>
    /// Runs Azurite inside this Node process and shuts it down gracefully when its standard input closes (the pipe
    /// breaks when the parent dies, however it dies; <see cref="Stop"/> closes it on purpose) or, checked every second
    /// when a parent pid is given, the parent is gone or this process was re-parented.
    /// Arguments: azurite.js, parent pid (0 = do not watch), Azurite arguments.
    /// </summary>
    private const string HostScript = """
        // Written by ComplianceMonitor LocalAzurite. Runs Azurite in-process and exits with the parent process.
        'use strict';
        const [azuriteJs, parentPidText, ...azuriteArgs] = process.argv.slice(2);
        const parentPid = Number(parentPidText);
        const inMemory = azuriteArgs.includes('--inMemoryPersistence');
        let leaving = false;
        let closed = 0;
        const log = console.log.bind(console);
        console.log = (...args) => {
          log(...args);
          // Blob, queue and table each report "successfully closed" once their data is saved.
          if (leaving && String(args[0]).includes('successfully closed') && ++closed >= 3) { process.exit(0); }
        };
        // In memory there is nothing to save: exit at once. With a data folder, let Azurite's own SIGTERM handler
        // close the servers (which saves the data), then exit; 10 s at most.
        const leave = () => {
          if (leaving) { return; }
          leaving = true;
          if (inMemory) { process.exit(0); }
          setTimeout(() => process.exit(0), 10000);
          process.emit('SIGTERM');
        };
        process.stdin.on('end', leave);
        process.stdin.on('close', leave);
        process.stdin.on('error', leave);
        process.stdin.resume();
        if (parentPid > 0) {
          const startPpid = process.ppid;
          const alive = () => {
            try { process.kill(parentPid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
          };
          setInterval(() => {
            if (!alive() || (process.platform !== 'win32' && process.ppid !== startPpid)) { leave(); }
          }, 1000).unref();
        }
        process.argv = [process.argv[0], azuriteJs, ...azuriteArgs];
        require(azuriteJs);

        """;
}
