using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Cli.Hosting;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// Storage opened for one command and the host (<see cref="CliHost"/>) composed over it; disposing it stops the host and
/// the local Azurite started for the run, if any.
/// </summary>
public sealed class OpenedStorage : IAsyncDisposable
{
    private readonly CliHost _host;
    private readonly IAsyncDisposable? _owner;

    internal OpenedStorage(CliHost host, TableClientFactory tables, string description, bool startedLocalAzurite, IAsyncDisposable? owner)
    {
        _host = host;
        _owner = owner;
        Tables = tables;
        Description = description;
        StartedLocalAzurite = startedLocalAzurite;
    }

    /// <summary>The table clients (the ones the host's stores use).</summary>
    public TableClientFactory Tables { get; }

    /// <summary>The host's services: the product's one composition over <see cref="Tables"/>.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Where the data goes, for a person; never a secret.</summary>
    public string Description { get; }

    /// <summary>Whether the command started a local Azurite because no storage was configured.</summary>
    public bool StartedLocalAzurite { get; }

    /// <summary>A service of the composition.</summary>
    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }
    }
}

/// <summary>
/// How a command obtains its services: opens storage (the configured account, or a local Azurite when nothing is
/// configured) and starts the host over it (<see cref="CliHost"/>); plus the output helpers shared by the listings.
/// </summary>
/// <remarks>No command builds storage or configuration itself: each asks this for an <see cref="OpenedStorage"/> and takes
/// its services from <see cref="OpenedStorage.Services"/>.</remarks>
public sealed class MonitoringCliServices
{
    private readonly Func<CliContext, CancellationToken, Task<Opened?>> _open;
    private readonly IConfiguration _configuration;

    /// <summary>Creates the services over a table client factory (null when storage is not configured) and settings (tests).</summary>
    public MonitoringCliServices(Func<TableClientFactory?> factory, IConfiguration configuration)
        : this((_, _) => Task.FromResult(factory() is { } tables ? new Opened(tables, "configured storage", null, false) : null), configuration)
    {
        ArgumentNullException.ThrowIfNull(factory);
    }

    private MonitoringCliServices(Func<CliContext, CancellationToken, Task<Opened?>> open, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _open = open;
        _configuration = configuration;
    }

    /// <summary>
    /// The services of the process environment: storage from <c>ComplianceStorage__*</c> (when nothing is configured, a
    /// local Azurite with its data in <c>&lt;repo&gt;/.azurite</c>), the other settings from the environment too.
    /// </summary>
    public static MonitoringCliServices FromEnvironment() =>
        FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build(), startLocalAzurite: true);

    /// <summary>The services over <paramref name="configuration"/>; without storage settings a local Azurite is started only when <paramref name="startLocalAzurite"/> is true (otherwise the missing setting is named).</summary>
    public static MonitoringCliServices FromConfiguration(IConfiguration configuration, bool startLocalAzurite)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new MonitoringCliServices(
            async (context, cancellationToken) =>
            {
                var options = TableStorageOptions.From(key => configuration[key]);
                if (!options.IsConfigured && !startLocalAzurite)
                {
                    options.Validate(); // throws, naming ComplianceStorage__ConnectionString
                }

                var session = await StorageSession.OpenAsync(options, log: context.Stderr.WriteLine, cancellationToken: cancellationToken);
                try
                {
                    return new Opened(new TableClientFactory(session.Options), session.Description, session, session.Azurite is not null);
                }
                catch
                {
                    await session.DisposeAsync();
                    throw;
                }
            },
            configuration);
    }

    /// <summary>Opens storage and starts the host over it for one command (no logging); see <see cref="OpenAsync(CliContext, bool, CancellationToken)"/>.</summary>
    public Task<OpenedStorage?> OpenAsync(CliContext context, CancellationToken cancellationToken = default) => OpenAsync(context, log: false, cancellationToken);

    /// <summary>
    /// Opens storage and starts the host over it for one command, or says on standard error why it cannot (a setting,
    /// named) and returns null (exit code 2).
    /// </summary>
    /// <param name="context">The command's streams and clock.</param>
    /// <param name="log">True to log to standard error.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public async Task<OpenedStorage?> OpenAsync(CliContext context, bool log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        Opened? opened;
        try
        {
            opened = await _open(context, cancellationToken);
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            await context.Stderr.WriteLineAsync($"error: {e.Message}");
            return null;
        }

        if (opened is null)
        {
            await context.Stderr.WriteLineAsync(
                $"error: storage is not configured: set {TableStorageOptions.SectionName}__ConnectionString (e.g. export {TableStorageOptions.SectionName}__ConnectionString=\"$(eng/azurite.sh start)\"), or {TableStorageOptions.SectionName}__TableServiceUri.");
            return null;
        }

        try
        {
            var host = await CliHost.StartAsync(_configuration, opened.Tables, context.Time, log, cancellationToken);
            return new OpenedStorage(host, opened.Tables, opened.Description, opened.StartedLocalAzurite, opened.Owner);
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException or FormatException)
        {
            if (opened.Owner is not null)
            {
                await opened.Owner.DisposeAsync();
            }

            await context.Stderr.WriteLineAsync($"error: {e.Message}");
            return null;
        }
    }

    /// <summary>The <c>--district CODE</c> option, checked against the configured jurisdictions.</summary>
    public static Option<string?> DistrictOption(string description)
    {
        var option = new Option<string?>("--district") { Description = description, HelpName = "CODE" };
        option.Validators.Add(r =>
        {
            var code = r.GetValueOrDefault<string?>();
            if (code is not null && !Jurisdiction.IsKnown(code))
            {
                r.AddError($"--district '{code}' is not a jurisdiction code (e.g. 110111 房山区; {Jurisdiction.EconomicTechnologicalDevelopmentAreaCode} 北京经济技术开发区).");
            }
        });
        return option;
    }

    /// <summary>The districts a listing covers: the one given, else every jurisdiction.</summary>
    public static IEnumerable<string> Districts(string? district) => district is null ? Jurisdiction.All.Select(j => j.Code) : [district];

    /// <summary>Writes JSON to <paramref name="output"/> with Chinese text left readable.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CheckResultJson.WriterOptions()))
        {
            write(writer);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Writes a table: <see cref="ListingOutput.WriteTable"/> (Spectre.Console); columns from <paramref name="rightAlignedFrom"/> on are right-aligned.</summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<string> headings, IReadOnlyList<string[]> rows, int rightAlignedFrom = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ListingOutput.WriteTable(output, headings, [.. rows], rightAlignedFrom);
    }

    /// <summary>A date cell: <c>yyyy-MM-dd</c> or <c>-</c>.</summary>
    public static string Cell(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";

    /// <summary>A money cell with two decimals, or <c>-</c>.</summary>
    public static string Cell(decimal? amount) => amount is { } a ? a.ToString("#,##0.00", CultureInfo.InvariantCulture) : "-";

    /// <summary>Reads every item of <paramref name="items"/>; unreadable entities are reported on standard error and skipped.</summary>
    public static async Task<List<T>> CollectAsync<T>(CliContext context, IAsyncEnumerable<StoreReadItem<T>> items, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            if (item.Item is { } value)
            {
                list.Add(value);
            }
            else
            {
                await context.Stderr.WriteLineAsync($"warning: {item.Key} cannot be read: {item.Error}");
            }
        }

        return list;
    }

    /// <summary>The finding status, severity and responsible wire names, for listings.</summary>
    public static string Wire(FindingStatus status) => WireNames.Of(status);

    private sealed record Opened(TableClientFactory Tables, string Description, IAsyncDisposable? Owner, bool StartedLocalAzurite);
}
