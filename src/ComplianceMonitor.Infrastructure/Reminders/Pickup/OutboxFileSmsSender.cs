using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Sms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Reminders.Pickup;

/// <summary>Appends each SMS as one JSON line to <c>sms.jsonl</c> in the outbox folder, for runs with no Twilio credentials.</summary>
/// <remarks>
/// Line fields, in order: outboxId, to, body, encoding (gsm7/ucs2), segments, writtenAt (UTC, ISO 8601). UTF-8, no
/// BOM, Chinese unescaped, LF line ends. Appends within one process are serialised per file.
/// </remarks>
public sealed class OutboxFileSmsSender : ISmsSender
{
    /// <summary>The file name in the outbox folder.</summary>
    public const string FileName = "sms.jsonl";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private readonly string _folder;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxFileSmsSender> _logger;

    /// <summary>Creates a sender writing to <see cref="SmsOptions.OutboxFolder"/>.</summary>
    public OutboxFileSmsSender(IOptions<SmsOptions> options, TimeProvider timeProvider, ILogger<OutboxFileSmsSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _folder = Path.GetFullPath(options.Value.OutboxFolder);
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The full path of the .jsonl file.</summary>
    public string FilePath => Path.Combine(_folder, FileName);

    /// <inheritdoc/>
    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var outboxId = message.OutboxId;
        var line = Line(message, _timeProvider.GetUtcNow());
        var gate = Locks.GetOrAdd(FilePath, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(_folder);
            await File.AppendAllTextAsync(FilePath, line + "\n", new UTF8Encoding(false), cancellationToken);
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Could not append {OutboxId} to the SMS outbox file", outboxId);
            return SendResult.Retry($"outbox: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            _logger.LogError(ex, "No access to the SMS outbox file for {OutboxId}", outboxId);
            return SendResult.Retry($"outbox: {ex.Message}");
        }
        finally
        {
            gate.Release();
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Appended {OutboxId} for {To} to the SMS outbox file", outboxId, ContactMask.Phone(message.To));
        }

        return SendResult.Accept("outbox:" + outboxId);
    }

    /// <summary>The JSON line written for <paramref name="message"/>.</summary>
    internal static string Line(SmsMessage message, DateTimeOffset writtenAt)
    {
        var measure = SmsSegments.Measure(message.Body);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("outboxId", message.OutboxId);
            w.WriteString("to", message.To);
            w.WriteString("body", message.Body);
            w.WriteString("encoding", measure.Encoding == SmsEncoding.Gsm7 ? "gsm7" : "ucs2");
            w.WriteNumber("segments", measure.Segments);
            w.WriteString("writtenAt", writtenAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
