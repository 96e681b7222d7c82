using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Contacts;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Diagnostics;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Delivery;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Records;
using WireMock;

namespace ComplianceMonitor.CrashDrill;

/// <summary>Leases, alerts and outbox entries for the drill, written with the real stores.</summary>
internal static class DrillData
{
    public const string District = "110111";
    public const string SendGridPath = "/v3/mail/send";

    /// <summary>A lease whose assessment application is due 2026-06-30 (the dispatch tests' sample lease).</summary>
    public static LeaseRecord Lease(string leaseId) => ReminderSamples.Lease(leaseId, District);

    /// <summary>Its open ASSESSMENT_APPLICATION alert, stage D-7 queued.</summary>
    public static Alert Alert(LeaseRecord lease) => ReminderSamples.Alert(lease);

    /// <summary>A pending D-7 email to <paramref name="recipient"/>, queued 2026-06-22 21:30 UTC.</summary>
    public static OutboxEntry Email(Alert alert, string recipient) =>
        ReminderSamples.Entry(alert, OutboxChannel.Email, recipient) with { CreatedAt = new DateTimeOffset(2026, 6, 22, 21, 30, 0, TimeSpan.Zero) };

    /// <summary>Seeds <paramref name="leases"/> leases with <paramref name="perLease"/> email entries each; returns the entry ids.</summary>
    public static async Task<List<string>> SeedAsync(TableClientFactory factory, int leases, int perLease)
    {
        var leaseStore = new TableLeaseStore(factory);
        var alerts = new TableAlertStore(factory);
        var outbox = new TableOutboxStore(factory);
        var ids = new List<string>();
        for (var l = 0; l < leases; l++)
        {
            var lease = Lease($"FS-2022-{l:D4}");
            var alert = Alert(lease);
            await leaseStore.UpsertAsync(lease);
            await alerts.CreateManyAsync(District, [alert]);
            var entries = Enumerable.Range(0, perLease).Select(i => Email(alert, $"user{l:D2}{i:D3}@example.com")).ToList();
            foreach (var chunk in entries.Chunk(100))
            {
                await outbox.CreateManyAsync(District, chunk);
            }

            ids.AddRange(entries.Select(e => e.Id));
        }

        return ids;
    }

    public static async Task<List<OutboxEntry>> OutboxAsync(TableClientFactory factory)
    {
        var list = new List<OutboxEntry>();
        await foreach (var item in new TableOutboxStore(factory).ListAsync(District))
        {
            list.Add(item.Item ?? throw new InvalidOperationException(item.Error));
        }

        return list;
    }

    public static async Task<List<DeliveryAttempt>> AttemptsAsync(TableClientFactory factory)
    {
        var list = new List<DeliveryAttempt>();
        await foreach (var a in new TableDeliveryLog(factory).ListAsync(District))
        {
            list.Add(a);
        }

        return list;
    }

    /// <summary>The outboxId custom argument of a SendGrid request, or null.</summary>
    public static string? OutboxIdOf(IRequestMessage request)
    {
        if (request.Path != SendGridPath || string.IsNullOrEmpty(request.Body))
        {
            return null;
        }

        using var json = JsonDocument.Parse(request.Body);
        return json.RootElement.TryGetProperty("custom_args", out var args) && args.TryGetProperty("outboxId", out var id) ? id.GetString() : null;
    }
}

/// <summary>Runs the built <c>cm.dll</c> as a child process.</summary>
internal static class ChildCli
{
    /// <summary>
    /// The built cm.dll in the CLI's own output folder (built through the project reference), with its own deps.json:
    /// the copy next to the tests would resolve assemblies against the test folder, whose versions differ (WireMock).
    /// </summary>
    public static string BuiltCli()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent?.Name ?? "Debug";
        for (var dir = tfm; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceMonitor.sln")))
            {
                var own = Path.Combine(dir.FullName, "src", "ComplianceMonitor.Cli", "bin", configuration, "net10.0", "cm.dll");
                Assert.True(File.Exists(own), $"cm.dll was not built at {own}");
                return own;
            }
        }

        throw new InvalidOperationException($"No ComplianceMonitor.sln above {AppContext.BaseDirectory}.");
    }

    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>Starts <c>dotnet cm.dll {args}</c> with exactly <paramref name="environment"/> for the product's settings.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(BuiltCli());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only the settings given here: nothing of the test host's own configuration leaks into the child.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.Contains("__", StringComparison.Ordinal) || key.StartsWith("COMPLIANCE", StringComparison.Ordinal))
            {
                start.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
