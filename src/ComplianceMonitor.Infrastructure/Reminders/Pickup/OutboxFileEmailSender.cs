using ComplianceMonitor.Application.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Reminders.Pickup;

/// <summary>Writes each email as an .eml file in the outbox folder, for runs with no SendGrid key.</summary>
/// <remarks>
/// The file is named after the outbox entry (email-{outboxId}.eml) and written to a temporary name then moved into
/// place, so a retry of the same entry replaces the file rather than adding a second one, and a crash never leaves
/// half a message. I/O failures are transient results, not exceptions.
/// </remarks>
public sealed class OutboxFileEmailSender : IEmailSender
{
    private readonly string _folder;
    private readonly EmailAddress _defaultFrom;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxFileEmailSender> _logger;

    /// <summary>Creates a sender writing to <see cref="EmailOptions.OutboxFolder"/>.</summary>
    public OutboxFileEmailSender(IOptions<EmailOptions> options, TimeProvider timeProvider, ILogger<OutboxFileEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _folder = Path.GetFullPath(o.OutboxFolder);
        _defaultFrom = new EmailAddress(o.FromAddress, o.FromName);
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The full path of the outbox folder.</summary>
    public string Folder => _folder;

    /// <summary>The file an email with <paramref name="outboxId"/> is written to.</summary>
    public string PathFor(string outboxId) => Path.Combine(_folder, $"email-{EmlWriter.SafeId(outboxId)}.eml");

    /// <inheritdoc/>
    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var outboxId = message.OutboxId;
        var text = EmlWriter.Write(message, message.From ?? _defaultFrom, _timeProvider.GetUtcNow());
        var path = PathFor(outboxId);
        var temp = path + ".tmp";
        try
        {
            Directory.CreateDirectory(_folder);
            await File.WriteAllTextAsync(temp, text, System.Text.Encoding.ASCII, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Could not write {OutboxId} to the outbox folder", outboxId);
            return SendResult.Retry($"outbox: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            _logger.LogError(ex, "No access to the outbox folder for {OutboxId}", outboxId);
            return SendResult.Retry($"outbox: {ex.Message}");
        }

        var fileName = Path.GetFileName(path);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Wrote {OutboxId} to outbox file {FileName}", outboxId, fileName);
        }

        return SendResult.Accept("outbox:" + fileName);
    }
}
