using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Jurisdictions;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Reads a district's state and builds its digest; also the preview (<see cref="IDigestPreview"/>) without sending.</summary>
/// <remarks>
/// One build reads the district's partition of each store once: open alerts, tasks, dead outbox entries (and, while a
/// channel is paused, the waiting ones), scan runs, the channel pauses, and the previous digest sent (looked up at most
/// <see cref="PreviousDigestLookBack"/> back). Thread-safe.
/// </remarks>
public sealed class DigestService : IDigestPreview
{
    /// <summary>How far back the previous digest is looked for; beyond it a digest counts as the first.</summary>
    public static readonly TimeSpan PreviousDigestLookBack = TimeSpan.FromDays(92);

    private readonly IAlertStore _alerts;
    private readonly ITaskStore _tasks;
    private readonly IOutboxStore _outbox;
    private readonly IRunStore _runs;
    private readonly IDigestRecordStore _records;
    private readonly DigestBuilder _builder;
    private readonly IDigestRenderer _renderer;
    private readonly TimeProvider _time;
    private readonly Leases.ILeaseStore? _leases;
    private readonly Domain.Rules.RuleEngine? _engine;
    private readonly IChannelPauseStore? _pauses;

    /// <summary>Creates the service over the monitoring stores, the digest records, the builder and the renderer.</summary>
    /// <param name="alerts">The alerts.</param>
    /// <param name="tasks">The enforcement tasks.</param>
    /// <param name="outbox">The reminders (dead ones are listed; waiting ones are counted while a channel is paused).</param>
    /// <param name="runs">The scan runs.</param>
    /// <param name="records">The digests sent.</param>
    /// <param name="builder">The builder.</param>
    /// <param name="renderer">The renderer.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="leases">The leases, read for their assessment readiness (the agreement sections) together with <paramref name="engine"/>; none without.</param>
    /// <param name="engine">The rule engine of the leases' readiness and the agreement parameters; null for none.</param>
    /// <param name="pauses">The channel pauses: a paused reminder channel is reported with the reminders waiting for it; null for none.</param>
    public DigestService(
        IAlertStore alerts,
        ITaskStore tasks,
        IOutboxStore outbox,
        IRunStore runs,
        IDigestRecordStore records,
        DigestBuilder builder,
        IDigestRenderer renderer,
        TimeProvider timeProvider,
        Leases.ILeaseStore? leases = null,
        Domain.Rules.RuleEngine? engine = null,
        IChannelPauseStore? pauses = null)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        (_alerts, _tasks, _outbox, _runs, _records, _builder, _renderer, _time) = (alerts, tasks, outbox, runs, records, builder, renderer, timeProvider);
        (_leases, _engine, _pauses) = (leases, engine, pauses);
    }

    /// <summary>The digest of <paramref name="districtCode"/> for the Beijing date <paramref name="date"/>; "new" counts from the last digest sent before that day.</summary>
    /// <exception cref="ArgumentException"><paramref name="districtCode"/> is not a jurisdiction code.</exception>
    public Task<DigestModel> BuildAsync(string districtCode, DateOnly date, CancellationToken cancellationToken = default) =>
        BuildAsync(districtCode, date, BeijingClock.At(date, TimeOnly.MinValue), cancellationToken);

    /// <summary>The digest for the scheduled <paramref name="occurrence"/> (UTC); "new" counts from the last digest sent before it.</summary>
    public Task<DigestModel> BuildForOccurrenceAsync(string districtCode, DateTimeOffset occurrence, CancellationToken cancellationToken = default) =>
        BuildAsync(districtCode, BeijingClock.DateOf(occurrence), occurrence, cancellationToken);

    /// <summary>Renders <paramref name="model"/> as the email body (HTML and text).</summary>
    public DigestContent Render(DigestModel model) => _renderer.Render(model);

    /// <inheritdoc/>
    public async Task<string> RenderAsync(string districtCode, DateOnly date, DigestFormat format, CancellationToken cancellationToken = default)
    {
        var model = await BuildAsync(districtCode, date, cancellationToken).ConfigureAwait(false);
        return format switch
        {
            DigestFormat.Json => DigestJson.Serialize(model),
            DigestFormat.Html => _renderer.Render(model).Html,
            DigestFormat.Text => _renderer.Render(model).Text,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "format: expected html, json or text"),
        };
    }

    private async Task<DigestModel> BuildAsync(string districtCode, DateOnly date, DateTimeOffset previousBefore, CancellationToken cancellationToken)
    {
        if (!Jurisdiction.IsKnown(districtCode))
        {
            throw new ArgumentException($"districtCode: '{districtCode}' is not a jurisdiction code", nameof(districtCode));
        }

        var alertsTask = ReadAsync(_alerts.ReadOpenAsync(districtCode, cancellationToken));
        var tasksTask = ReadAsync(_tasks.ReadActiveAsync(districtCode, cancellationToken));
        var pausesTask = _pauses?.ListAsync(cancellationToken) ?? Task.FromResult<IReadOnlyList<ChannelPause>>([]);
        var outboxTask = OutboxAsync(districtCode, pausesTask, cancellationToken);
        var runsTask = LatestRunAsync(districtCode, cancellationToken);
        var previousTask = _records.FindLatestSentBeforeAsync(districtCode, previousBefore, PreviousDigestLookBack, cancellationToken);
        var readinessTask = ReadinessAsync(districtCode, date, cancellationToken);
        await Task.WhenAll(alertsTask, tasksTask, pausesTask, outboxTask, runsTask, previousTask, readinessTask).ConfigureAwait(false);

        var (alerts, badAlerts) = await alertsTask.ConfigureAwait(false);
        var (tasks, badTasks) = await tasksTask.ConfigureAwait(false);
        var (outbox, badOutbox) = await outboxTask.ConfigureAwait(false);
        var previous = await previousTask.ConfigureAwait(false);
        return _builder.Build(new DigestInput
        {
            DistrictCode = districtCode,
            Date = date,
            GeneratedAt = _time.GetUtcNow(),
            PreviousDigestDate = previous?.DigestDate,
            Alerts = alerts,
            Tasks = tasks,
            Outbox = outbox,
            ChannelPauses = await pausesTask.ConfigureAwait(false),
            LastScan = await runsTask.ConfigureAwait(false),
            Unreadable = badAlerts + badTasks + badOutbox,
            Readiness = await readinessTask.ConfigureAwait(false),
            AgreementParameters = _engine?.ContextFor(date).Parameters.Agreement,
        });
    }

    /// <summary>The district's dead outbox entries and, while a channel is paused, the entries still waiting to be sent.</summary>
    private async Task<(List<OutboxEntry> Items, int Unreadable)> OutboxAsync(string districtCode, Task<IReadOnlyList<ChannelPause>> pauses, CancellationToken cancellationToken)
    {
        OutboxStatus[] statuses = (await pauses.ConfigureAwait(false)).Count == 0
            ? [OutboxStatus.Dead]
            : [OutboxStatus.Dead, OutboxStatus.Pending, OutboxStatus.Held, OutboxStatus.Sending];
        return await ReadAsync(_outbox.ListAsync(districtCode, statuses, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The readiness of the district's agreement leases on <paramref name="date"/>; null without a lease store (an unreadable lease is skipped: the scan quarantines it).</summary>
    private async Task<IReadOnlyList<LeaseReadiness>?> ReadinessAsync(string districtCode, DateOnly date, CancellationToken cancellationToken)
    {
        if (_leases is null || _engine is null)
        {
            return null;
        }

        var context = _engine.ContextFor(date);
        var list = new List<LeaseReadiness>();
        await foreach (var item in _leases.ReadDistrictAsync(districtCode, cancellationToken).ConfigureAwait(false))
        {
            if (item.Lease?.Record is { Agreement: not null } lease && LeaseReadiness.Of(lease, context) is { } r)
            {
                list.Add(r);
            }
        }

        return list;
    }

    private async Task<ScanRun?> LatestRunAsync(string districtCode, CancellationToken cancellationToken)
    {
        ScanRun? latest = null;
        await foreach (var run in _runs.ListAsync(districtCode, cancellationToken).ConfigureAwait(false))
        {
            if (latest is null || (run.AsOf, run.StartedAt).CompareTo((latest.AsOf, latest.StartedAt)) > 0)
            {
                latest = run;
            }
        }

        return latest;
    }

    private static async Task<(List<T> Items, int Unreadable)> ReadAsync<T>(IAsyncEnumerable<StoreReadItem<T>> source)
        where T : class
    {
        var items = new List<T>();
        var unreadable = 0;
        await foreach (var read in source.ConfigureAwait(false))
        {
            if (read.Item is { } item)
            {
                items.Add(item);
            }
            else
            {
                unreadable++;
            }
        }

        return (items, unreadable);
    }
}
