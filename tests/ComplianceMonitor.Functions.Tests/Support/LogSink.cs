using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ComplianceMonitor.Functions.Tests.Support;

/// <summary>One captured log entry: level, event id, category, the formatted message and the template's values.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Category, string Message, IReadOnlyDictionary<string, object?> State, Exception? Exception);

/// <summary>Captures every log entry of a test's service provider.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Every entry so far, in order.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>The entries with an event id.</summary>
    public IReadOnlyList<LogEntry> WithEvent(int id) => [.. _entries.Where(e => e.EventId.Id == id)];

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            sink._entries.Enqueue(new LogEntry(logLevel, eventId, category, formatter(state, exception), values, exception));
        }
    }
}
