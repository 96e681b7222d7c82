namespace ComplianceMonitor.DevStorage;

/// <summary>How to install and start a local Azurite (blob, queue and table emulator).</summary>
public sealed class LocalAzuriteOptions
{
    /// <summary>The Azurite npm version installed when none is installed yet; falls back to the newest 3.x when this one is not served.</summary>
    public string Version { get; init; } = LocalAzurite.DefaultVersion;

    /// <summary>Folder holding the npm install (<c>node_modules/azurite</c>); default <c>&lt;repo&gt;/.tools/azurite</c>, or a per-user folder outside a repository.</summary>
    public string? InstallDirectory { get; init; }

    /// <summary>Fixed blob port, or null for a free port.</summary>
    public int? BlobPort { get; init; }

    /// <summary>Fixed queue port, or null for a free port.</summary>
    public int? QueuePort { get; init; }

    /// <summary>Fixed table port, or null for a free port.</summary>
    public int? TablePort { get; init; }

    /// <summary>Keep data in memory only (default) instead of a data folder.</summary>
    public bool InMemory { get; init; } = true;

    /// <summary>Data folder used when <see cref="InMemory"/> is false (Azurite's <c>--location</c>).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>When true (default) Azurite exits by itself as soon as this process is gone, even when it was killed.</summary>
    public bool ExitWithParent { get; init; } = true;

    /// <summary>How long to wait for Azurite to listen.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for the npm install (and for another process's install holding the lock).</summary>
    public TimeSpan InstallTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The process whose end makes Azurite exit; null for this process. For tests of the watchdog.</summary>
    internal int? ParentProcessIdOverride { get; init; }

    /// <summary>Receives progress lines ("installing azurite…"); null for silence.</summary>
    public Action<string>? Log { get; init; }
}
