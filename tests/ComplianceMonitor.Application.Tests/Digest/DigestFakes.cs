using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using ComplianceMonitor.Application.Reminders;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Application.Tests.Digest;

/// <summary>An in-memory partitioned store with the same contract as the table adapters: conditional create, ETag-guarded replace.</summary>
internal class InMemoryStore<T>
    where T : class, IStoredItem
{
    private readonly Dictionary<(string District, string Key), (T Item, int Version)> _items = [];
    private readonly Func<T, string, T> _withETag;
    private readonly Lock _gate = new();

    public InMemoryStore(Func<T, string, T> withETag) => _withETag = withETag;

    /// <summary>Runs after a point read has looked (and before it returns): lets a test slip a competing write in between.</summary>
    public Func<Task>? AfterGet { get; set; }

    public int Writes { get; private set; }

    public async Task<T?> GetAsync(string districtCode, string key, CancellationToken cancellationToken = default)
    {
        T? found;
        lock (_gate)
        {
            found = _items.TryGetValue((districtCode, key), out var v) ? _withETag(v.Item, Tag(v.Version)) : null;
        }

        if (AfterGet is { } hook)
        {
            AfterGet = null;
            await hook();
        }

        return found;
    }

    public Task<IReadOnlyList<WriteResult>> CreateManyAsync(string districtCode, IReadOnlyList<T> items, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var results = new List<WriteResult>();
            foreach (var item in items)
            {
                Writes++;
                if (_items.ContainsKey((districtCode, item.Key)))
                {
                    results.Add(new WriteResult(item.Key, WriteOutcome.AlreadyExists, null));
                }
                else
                {
                    _items[(districtCode, item.Key)] = (item, 1);
                    results.Add(new WriteResult(item.Key, WriteOutcome.Created, Tag(1)));
                }
            }

            return Task.FromResult<IReadOnlyList<WriteResult>>(results);
        }
    }

    public Task<IReadOnlyList<WriteResult>> UpdateManyAsync(string districtCode, IReadOnlyList<T> items, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var results = new List<WriteResult>();
            foreach (var item in items)
            {
                Writes++;
                if (_items.TryGetValue((districtCode, item.Key), out var current) && Tag(current.Version) == item.ETag)
                {
                    _items[(districtCode, item.Key)] = (item, current.Version + 1);
                    results.Add(new WriteResult(item.Key, WriteOutcome.Updated, Tag(current.Version + 1)));
                }
                else
                {
                    results.Add(new WriteResult(item.Key, WriteOutcome.Conflict, null));
                }
            }

            return Task.FromResult<IReadOnlyList<WriteResult>>(results);
        }
    }

    /// <summary>Puts items as they are (test setup).</summary>
    public void Seed(params T[] items)
    {
        lock (_gate)
        {
            foreach (var item in items)
            {
                _items[(item.DistrictCode, item.Key)] = (item, 1);
            }
        }
    }

    public List<T> All(string districtCode)
    {
        lock (_gate)
        {
            return [.. _items.Where(kv => kv.Key.District == districtCode).OrderBy(kv => kv.Key.Key, StringComparer.Ordinal).Select(kv => _withETag(kv.Value.Item, Tag(kv.Value.Version)))];
        }
    }

    protected static async IAsyncEnumerable<StoreReadItem<T>> Stream(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoreReadItem<T>(item, item.Key, null);
        }
    }

    private static string Tag(int version) => "v" + version.ToString(CultureInfo.InvariantCulture);
}

internal sealed class InMemoryAlertStore() : InMemoryStore<Alert>((a, e) => a with { ETag = e }), IAlertStore
{
    public IAsyncEnumerable<StoreReadItem<Alert>> ReadOpenAsync(string districtCode, CancellationToken cancellationToken = default) =>
        ListAsync(districtCode, AlertState.Open, cancellationToken);

    public IAsyncEnumerable<StoreReadItem<Alert>> ListAsync(string districtCode, AlertState? state = null, CancellationToken cancellationToken = default) =>
        Stream(All(districtCode).Where(a => state is null || a.State == state), cancellationToken);

    public async IAsyncEnumerable<Alert> ListByLeaseAsync(string districtCode, string leaseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var read in ListAsync(districtCode, null, cancellationToken))
        {
            if (read.Item!.LeaseId == leaseId)
            {
                yield return read.Item;
            }
        }
    }
}

internal sealed class InMemoryTaskStore() : InMemoryStore<EnforcementTask>((t, e) => t with { ETag = e }), ITaskStore
{
    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ReadActiveAsync(string districtCode, CancellationToken cancellationToken = default) =>
        Stream(All(districtCode).Where(t => t.IsActive), cancellationToken);

    public IAsyncEnumerable<StoreReadItem<EnforcementTask>> ListAsync(string districtCode, TaskState? state = null, CancellationToken cancellationToken = default) =>
        Stream(All(districtCode).Where(t => state is null || t.State == state), cancellationToken);

    public Task<EnforcementTask?> FindAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

internal sealed class InMemoryOutboxStore() : InMemoryStore<OutboxEntry>((o, e) => o with { ETag = e }), IOutboxStore
{
    public IAsyncEnumerable<StoreReadItem<OutboxEntry>> ListAsync(string districtCode, IReadOnlyCollection<OutboxStatus>? statuses = null, CancellationToken cancellationToken = default) =>
        Stream(All(districtCode).Where(o => statuses is null || statuses.Contains(o.Status)), cancellationToken);
}

internal sealed class InMemoryRunStore : IRunStore
{
    private readonly ConcurrentDictionary<(string, string), ScanRun> _runs = new();

    public Task PutAsync(ScanRun run, CancellationToken cancellationToken = default)
    {
        _runs[(run.DistrictCode, run.RunId)] = run;
        return Task.CompletedTask;
    }

    public Task<ScanRun?> GetAsync(string districtCode, string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.GetValueOrDefault((districtCode, runId)));

    public async IAsyncEnumerable<ScanRun> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var run in _runs.Values.Where(r => r.DistrictCode == districtCode))
        {
            await Task.Yield();
            yield return run;
        }
    }
}

internal sealed class InMemoryDigestRecordStore() : InMemoryStore<DigestRecord>((r, e) => r with { ETag = e }), IDigestRecordStore
{
    public Task<DigestRecord?> FindLatestSentBeforeAsync(string districtCode, DateTimeOffset before, TimeSpan lookBack, CancellationToken cancellationToken = default) =>
        Task.FromResult(All(districtCode)
            .Where(r => r.Status == DigestRecordStatus.Sent && r.Occurrence < before && r.Occurrence >= before - lookBack)
            .OrderBy(r => r.Occurrence)
            .LastOrDefault());

    public async IAsyncEnumerable<DigestRecord> ListAsync(string districtCode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in All(districtCode))
        {
            await Task.Yield();
            yield return record;
        }
    }
}

internal sealed class InMemoryDigestScheduleStore : IDigestScheduleStore
{
    private readonly ConcurrentDictionary<string, StoredDigestSchedule> _schedules = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<StoredDigestSchedule>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredDigestSchedule>>([.. _schedules.Values]);

    public Task<StoredDigestSchedule?> GetAsync(string districtCode, CancellationToken cancellationToken = default) =>
        Task.FromResult(_schedules.GetValueOrDefault(districtCode));

    public Task<StoredDigestSchedule> PutAsync(StoredDigestSchedule schedule, CancellationToken cancellationToken = default)
    {
        _schedules[schedule.DistrictCode] = schedule;
        return Task.FromResult(schedule);
    }

    public Task<bool> DeleteAsync(string districtCode, CancellationToken cancellationToken = default) => Task.FromResult(_schedules.TryRemove(districtCode, out _));
}

/// <summary>An email sender that records every message and answers from a script (Accepted by default).</summary>
internal sealed class RecordingEmailSender : IEmailSender
{
    private readonly ConcurrentQueue<SendResult> _script = new();
    private int _count;

    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    /// <summary>Every message handed over, whatever the answer.</summary>
    public ConcurrentQueue<EmailMessage> Attempts { get; } = new();

    /// <summary>Awaited inside each send before it answers (to hold two runs inside the send at once).</summary>
    public Func<Task>? During { get; set; }

    public void Then(params SendResult[] results)
    {
        foreach (var r in results)
        {
            _script.Enqueue(r);
        }
    }

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        message.Validate();
        Attempts.Enqueue(message);
        if (During is { } during)
        {
            await during();
        }

        var result = _script.TryDequeue(out var r) ? r : SendResult.Accept("msg-" + Interlocked.Increment(ref _count).ToString(CultureInfo.InvariantCulture));
        if (result is SendResult.Accepted)
        {
            Sent.Enqueue(message);
        }

        return result;
    }
}

/// <summary>Renders the model as JSON in the HTML body, so tests can read back exactly what was sent.</summary>
internal sealed class JsonDigestRenderer : IDigestRenderer
{
    public DigestContent Render(DigestModel model) => new(model.Subject, DigestJson.Serialize(model), "text:" + model.Subject);
}

/// <summary>A logger that keeps every formatted message.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " | " + exception.Message));
}
