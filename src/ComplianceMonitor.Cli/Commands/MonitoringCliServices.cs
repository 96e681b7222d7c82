using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Cli.Hosting;
using ComplianceMonitor.Cli.Output;
using ComplianceMonitor.DevStorage;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Infrastructure.Storage;
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
    private readonly OpenedTables _storage;

    internal OpenedStorage(CliHost host, OpenedTables storage)
    {
        _host = host;
        _storage = storage;
    }

    /// <summary>The host's services: the product's one composition over the opened storage.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Where the data goes, for a person; never a secret.</summary>
    public string Description => _storage.Description;

    /// <summary>Whether the command started a local Azurite because no storage was configured.</summary>
    public bool StartedLocalAzurite => _storage.StartedLocalAzurite;

    /// <summary>
    /// Whether the opened storage is local development storage: the Azurite started for the run, or settings that point at
    /// Azurite on a loopback address (<see cref="LocalDevelopmentStorage.IsLocal"/>); otherwise <paramref name="where"/>
    /// names the host it points at.
    /// </summary>
    public bool IsLocalDevelopment(out string where)
    {
        if (StartedLocalAzurite)
        {
            where = Description;
            return true;
        }

        return LocalDevelopmentStorage.IsLocal(_storage.Tables.Options, out where);
    }

    /// <summary>Scratch tables in the same account under a random prefix, deleted when disposed (<see cref="Hosting.ScratchTables"/>).</summary>
    public ScratchTables CreateScratchTables() => ScratchTables.Over(_storage.Tables);

    /// <summary>A service of the composition.</summary>
    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _storage.DisposeAsync();
    }
}

/// <summary>
/// Storage opened for one command without a host over it (<c>cm serve</c> composes its web host over it); disposing it
/// stops the local Azurite started for the run, if any.
/// </summary>
public sealed class OpenedTables : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owner;

    internal OpenedTables(TableClientFactory tables, string description, bool startedLocalAzurite, IAsyncDisposable? owner)
    {
        Tables = tables;
        Description = description;
        StartedLocalAzurite = startedLocalAzurite;
        _owner = owner;
    }

    /// <summary>The table clients over the opened storage.</summary>
    public TableClientFactory Tables { get; }

    /// <summary>Where the data goes, for a person; never a secret.</summary>
    public string Description { get; }

    /// <summary>Whether a local Azurite was started because no storage was configured.</summary>
    public bool StartedLocalAzurite { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// How a command obtains its services: opens storage (the configured account, or a local Azurite when nothing is
/// configured) and starts the host over it (<see cref="CliHost"/>); plus the output helpers shared by the listings.
/// </summary>
/// <remarks>No command builds storage or configuration itself: each asks this for an <see cref="OpenedStorage"/> (or,
/// <c>cm serve</c>, an <see cref="OpenedTables"/>) and takes its services from <see cref="OpenedStorage.Services"/>. The
/// settings are always the command's <see cref="CliContext.Configuration"/> (the process environment in <c>cm</c>; tests
/// set theirs on the context): there is no other way in.</remarks>
public sealed class MonitoringCliServices
{
    private readonly Func<CliContext, CancellationToken, Task<OpenedTables?>> _open;

    /// <summary>Creates the services over a table client factory (null when storage is not configured), for tests; the other settings are the context's.</summary>
    public MonitoringCliServices(Func<TableClientFactory?> factory)
        : this((_, _) => Task.FromResult(factory() is { } tables ? new OpenedTables(tables, "configured storage", startedLocalAzurite: false, owner: null) : null))
    {
        ArgumentNullException.ThrowIfNull(factory);
    }

    private MonitoringCliServices(Func<CliContext, CancellationToken, Task<OpenedTables?>> open) => _open = open;

    /// <summary>
    /// The services of the command's settings (<see cref="CliContext.Configuration"/>: the process environment in
    /// <c>cm</c>): storage from <c>ComplianceStorage__*</c> (when nothing is configured, a local Azurite with its data in
    /// <c>&lt;repo&gt;/.azurite</c>), the other settings from there too.
    /// </summary>
    public static MonitoringCliServices FromContext() => new(OpenSession(startLocalAzurite: true));

    /// <summary>
    /// As <see cref="FromContext"/>, but only the storage the settings name: without <c>ComplianceStorage__*</c> the
    /// missing setting is named (exit 2) and no local Azurite is started (tests).
    /// </summary>
    public static MonitoringCliServices ConfiguredStorageOnly() => new(OpenSession(startLocalAzurite: false));

    /// <summary>Opens storage and starts the host over it for one command (no logging); see <see cref="OpenAsync(CliContext, bool, CancellationToken)"/>.</summary>
    public Task<OpenedStorage?> OpenAsync(CliContext context, CancellationToken cancellationToken = default) => OpenAsync(context, log: false, cancellationToken);

    /// <summary>
    /// Opens storage and starts the host over it for one command, or says on standard error why it cannot (a setting,
    /// named) and returns null (exit code 2).
    /// </summary>
    /// <param name="context">The command's streams, clock and settings.</param>
    /// <param name="log">True to log to standard error.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public async Task<OpenedStorage?> OpenAsync(CliContext context, bool log, CancellationToken cancellationToken = default)
    {
        var opened = await OpenTablesAsync(context, cancellationToken);
        if (opened is null)
        {
            return null;
        }

        try
        {
            var host = await CliHost.StartAsync(context.Configuration, opened.Tables, context.Time, log, cancellationToken);
            return new OpenedStorage(host, opened);
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException or FormatException)
        {
            await opened.DisposeAsync();
            await context.Stderr.WriteLineAsync($"error: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Opens storage for one command without composing anything over it, or says on standard error why it cannot (a
    /// setting, named) and returns null (exit code 2).
    /// </summary>
    /// <param name="context">The command's streams, clock and settings.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public async Task<OpenedTables?> OpenTablesAsync(CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        OpenedTables? opened;
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

        return opened;
    }

    private static Func<CliContext, CancellationToken, Task<OpenedTables?>> OpenSession(bool startLocalAzurite) =>
        async (context, cancellationToken) =>
        {
            var configuration = context.Configuration;
            var options = TableStorageOptions.From(key => configuration[key]);
            if (!options.IsConfigured && !startLocalAzurite)
            {
                options.Validate(); // throws, naming ComplianceStorage__ConnectionString
            }

            var session = await StorageSession.OpenAsync(options, log: context.Stderr.WriteLine, cancellationToken: cancellationToken);
            try
            {
                return new OpenedTables(new TableClientFactory(session.Options), session.Description, session.Azurite is not null, session);
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        };

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
}
