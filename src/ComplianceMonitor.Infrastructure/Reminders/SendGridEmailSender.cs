using System.Net;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;
using AppEmailAddress = ComplianceMonitor.Application.Reminders.EmailAddress;
using SendGridAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>Sends email through the SendGrid v3 API (POST /v3/mail/send) and classifies the answer.</summary>
/// <remarks>
/// 2xx: accepted, with the X-Message-Id header as the provider id. 429: transient, waiting as Retry-After or
/// X-RateLimit-Reset says. 408, 5xx, timeouts and network errors: transient. 401 and 403 (a bad or rotated key, a key
/// without mail.send, an unverified sender identity) refuse the whole channel, as does a key that is still an
/// unresolved Key Vault reference (never sent). Any other 4xx: permanent, with SendGrid's error messages. Every
/// answer carries SendGrid's HTTP status (<see cref="SendResult.Status"/>). No retries here: the dispatcher owns
/// retrying. Immutable and thread-safe.
/// </remarks>
public sealed class SendGridEmailSender : IEmailSender
{
    private readonly SendGridClient _client;
    private readonly AppEmailAddress _defaultFrom;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SendGridEmailSender> _logger;
    private readonly bool _keyUnresolved;

    /// <summary>Creates a sender over <paramref name="httpClient"/> (its Timeout bounds each call).</summary>
    public SendGridEmailSender(HttpClient httpClient, IOptions<EmailOptions> options, TimeProvider timeProvider, ILogger<SendGridEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        if (!o.UsesSendGrid)
        {
            throw new InvalidOperationException("Email__SendGridApiKey: not set; use the outbox sender instead");
        }

        _keyUnresolved = KeyVaultReference.IsUnresolved(o.SendGridApiKey);
        var clientOptions = new SendGridClientOptions { ApiKey = o.SendGridApiKey };
        if (!string.IsNullOrWhiteSpace(o.SendGridHost))
        {
            clientOptions.Host = o.SendGridHost;
        }

        _client = new SendGridClient(httpClient, clientOptions);
        _defaultFrom = new AppEmailAddress(o.FromAddress, o.FromName);
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc/>
    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var outboxId = message.OutboxId;
        var request = Build(message, message.From ?? _defaultFrom);
        var recipients = string.Join(", ", message.To.Select(t => ContactMask.Email(t.Address)));
        if (_keyUnresolved)
        {
            _logger.LogError("SendGrid not called for {OutboxId}: Email__SendGridApiKey is an unresolved Key Vault reference", outboxId);
            return SendResult.Refuse("SendGrid: Email__SendGridApiKey is an unresolved Key Vault reference (@Microsoft.KeyVault(...)); check the app's access to the vault", null);
        }

        Response response;
        try
        {
            response = await _client.SendEmailAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            _logger.LogWarning("SendGrid timed out for {OutboxId} ({ErrorType})", outboxId, ex.GetType().Name);
            return SendResult.Retry("SendGrid: request timed out");
        }
        catch (HttpRequestException ex)
        {
            _logger.LogWarning("SendGrid unreachable for {OutboxId}: {ErrorType}: {Error}", outboxId, ex.GetType().Name, ContactMask.DigitsIn(ex.Message));
            return SendResult.Retry($"SendGrid: {ex.Message}");
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var id = response.Headers?.TryGetValues("X-Message-Id", out var ids) == true ? ids.FirstOrDefault() : null;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("SendGrid accepted {OutboxId} for {Recipients} as {ProviderMessageId}", outboxId, recipients, id);
            }

            return SendResult.Accept(id);
        }

        var errorText = await ReadErrorsAsync(response, cancellationToken);
        var reason = $"SendGrid {status}: {errorText}";
        var answer = new ProviderStatus(status);
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500)
        {
            var wait = RetryAfter.From(response.Headers, _timeProvider.GetUtcNow());
            _logger.LogWarning("SendGrid transient {Status} for {OutboxId}; retry after {RetryAfter}", status, outboxId, wait);
            return SendResult.Retry(reason, wait, answer);
        }

        var maskedErrors = ContactMask.DigitsIn(errorText);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            _logger.LogError("SendGrid refused our account with {Status} at {OutboxId}: {Errors}", status, outboxId, maskedErrors);
            return SendResult.Refuse(reason, answer);
        }

        _logger.LogError("SendGrid rejected {OutboxId} for {Recipients} with {Status}: {Errors}", outboxId, recipients, status, maskedErrors);
        return SendResult.Fail(reason, answer);
    }

    /// <summary>The SendGrid request for <paramref name="message"/>.</summary>
    internal static SendGridMessage Build(EmailMessage message, AppEmailAddress from)
    {
        var msg = new SendGridMessage();
        msg.SetFrom(new SendGridAddress(from.Address, from.DisplayName));
        msg.AddTos([.. message.To.Select(t => new SendGridAddress(t.Address, t.DisplayName))]);
        msg.Subject = message.Subject;

        // SendGrid requires text/plain before text/html.
        msg.AddContent(MimeType.Text, message.TextBody);
        msg.AddContent(MimeType.Html, message.HtmlBody);

        foreach (var a in message.Attachments)
        {
            msg.AddAttachment(a.FileName, Convert.ToBase64String(a.Content.Span), a.ContentType, "attachment");
        }

        if (message.Categories.Count > 0)
        {
            msg.AddCategories([.. message.Categories]);
        }

        foreach (var (key, value) in message.AllCustomArgs())
        {
            msg.AddGlobalCustomArg(key, value);
        }

        return msg;
    }

    // SendGrid answers errors as {"errors":[{"message":"…","field":"…","help":…}]}.
    private static async Task<string> ReadErrorsAsync(Response response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = response.Body is null ? string.Empty : await response.Body.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return response.StatusCode.ToString();
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return response.StatusCode.ToString();
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var parts = new List<string>();
                foreach (var e in errors.EnumerateArray())
                {
                    var text = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    var field = e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                    if (!string.IsNullOrEmpty(text))
                    {
                        parts.Add(string.IsNullOrEmpty(field) ? text : $"{text} ({field})");
                    }
                }

                if (parts.Count > 0)
                {
                    return string.Join("; ", parts);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        return body.Length <= 500 ? body : body[..500];
    }
}
