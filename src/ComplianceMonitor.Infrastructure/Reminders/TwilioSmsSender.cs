using ComplianceMonitor.Application.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>Sends SMS through Twilio's Messages API and classifies the answer.</summary>
/// <remarks>
/// Uses a <see cref="TwilioRestClient"/> over the injected <see cref="System.Net.Http.HttpClient"/> (whose handlers
/// are <see cref="TwilioCallContextHandler"/> and, for tests, <see cref="TwilioBaseUrlHandler"/>), never the static
/// TwilioClient. 201: accepted with the message SID. 429: transient with Retry-After. 408, 5xx, connection errors and
/// timeouts: transient. 401/403 and the account-wide codes (<see cref="ChannelCodes"/>: authentication, inactive
/// account, a From number or service that cannot send) refuse the whole channel, as does an auth token that is still an
/// unresolved Key Vault reference (never sent). Other 4xx (e.g. 21211 invalid To): permanent with Twilio's code and
/// message. Every answer carries Twilio's HTTP status and code (<see cref="SendResult.Status"/>).
/// </remarks>
public sealed class TwilioSmsSender : ISmsSender
{
    private readonly TwilioRestClient _client;
    private readonly string _from;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TwilioSmsSender> _logger;
    private readonly bool _tokenUnresolved;

    /// <summary>Twilio error codes that concern our account or sender, not the message: they refuse the channel.</summary>
    /// <remarks>20003 authentication failed, 20005 account not active, 21212 invalid From, 21606 From cannot send SMS,
    /// 21659 From is not a Twilio number, 21703/21704 messaging service unusable.</remarks>
    internal static readonly IReadOnlySet<int> ChannelCodes = new HashSet<int> { 20003, 20005, 21212, 21606, 21659, 21703, 21704 };

    /// <summary>Creates a sender over <paramref name="httpClient"/> (its Timeout bounds each call).</summary>
    public TwilioSmsSender(System.Net.Http.HttpClient httpClient, IOptions<SmsOptions> options, TimeProvider timeProvider, ILogger<TwilioSmsSender> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        if (!o.UsesTwilio || string.IsNullOrWhiteSpace(o.FromNumber))
        {
            throw new InvalidOperationException("Sms__TwilioAccountSid, Sms__TwilioAuthToken and Sms__FromNumber: not all set; use the outbox sender instead");
        }

        _tokenUnresolved = KeyVaultReference.IsUnresolved(o.TwilioAuthToken) || KeyVaultReference.IsUnresolved(o.TwilioAccountSid);
        _client = new TwilioRestClient(o.TwilioAccountSid, o.TwilioAuthToken, accountSid: o.TwilioAccountSid, httpClient: new SystemNetHttpClient(httpClient));
        _from = o.FromNumber;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc/>
    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var outboxId = message.OutboxId;
        cancellationToken.ThrowIfCancellationRequested();

        var options = new CreateMessageOptions(new PhoneNumber(message.To)) { Body = message.Body };
        if (SmsOptions.MessagingServicePattern().IsMatch(_from))
        {
            options.MessagingServiceSid = _from;
        }
        else
        {
            options.From = new PhoneNumber(_from);
        }

        var maskedTo = ContactMask.Phone(message.To);
        if (_tokenUnresolved)
        {
            _logger.LogError("Twilio not called for {OutboxId}: Sms__TwilioAuthToken or Sms__TwilioAccountSid is an unresolved Key Vault reference", outboxId);
            return SendResult.Refuse("Twilio: Sms__TwilioAuthToken or Sms__TwilioAccountSid is an unresolved Key Vault reference (@Microsoft.KeyVault(...)); check the app's access to the vault", null);
        }
        var context = new TwilioCallContext(_timeProvider, cancellationToken);
        TwilioCallContext.Current = context;
        try
        {
            var created = await MessageResource.CreateAsync(options, _client);
            var sid = created.Sid;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("Twilio accepted {OutboxId} for {To} as {ProviderMessageId}", outboxId, maskedTo, sid);
            }

            return SendResult.Accept(sid);
        }
        catch (ApiException ex)
        {
            var status = ex.Status != 0 ? ex.Status : context.StatusCode ?? 0;
            var reason = ContactMask.DigitsIn(ex.Code != 0 ? $"Twilio {status} (code {ex.Code}): {ex.Message}" : $"Twilio {status}: {ex.Message}");
            var answer = new ProviderStatus(status, ex.Code != 0 ? ex.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
            if (status == 429 || status == 408 || status >= 500)
            {
                _logger.LogWarning("Twilio transient {Status} for {OutboxId}; retry after {RetryAfter}", status, outboxId, context.RetryAfter);
                return SendResult.Retry(reason, context.RetryAfter, answer);
            }

            if (status is 401 or 403 || ChannelCodes.Contains(ex.Code))
            {
                _logger.LogError("Twilio refused our account with {Status} code {Code} at {OutboxId}", status, ex.Code, outboxId);
                return SendResult.Refuse(reason, answer);
            }

            _logger.LogError("Twilio rejected {OutboxId} for {To} with {Status} code {Code}", outboxId, maskedTo, status, ex.Code);
            return SendResult.Fail(reason, answer);
        }
        catch (ApiConnectionException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (ApiConnectionException ex)
        {
            var inner = ex.InnerException is OperationCanceledException ? "request timed out" : ex.InnerException?.Message ?? ex.Message;
            _logger.LogWarning("Twilio unreachable for {OutboxId}: {ErrorType}: {Error}", outboxId, ex.GetType().Name, ContactMask.DigitsIn(ex.Message));
            return SendResult.Retry($"Twilio: {inner}");
        }
        catch (TwilioException ex) when (context.StatusCode is >= 200 and < 300)
        {
            // Twilio took the message but its answer could not be read: sending again would duplicate it.
            _logger.LogWarning("Twilio accepted {OutboxId} ({Status}) but the answer was unreadable: {ErrorType}", outboxId, context.StatusCode, ex.GetType().Name);
            return SendResult.Accept(null);
        }
        catch (TwilioException ex)
        {
            _logger.LogWarning("Twilio failed for {OutboxId} with status {Status}: {ErrorType}: {Error}", outboxId, context.StatusCode, ex.GetType().Name, ContactMask.DigitsIn(ex.Message));
            return SendResult.Retry($"Twilio: {ContactMask.DigitsIn(ex.Message)}");
        }
        finally
        {
            TwilioCallContext.Current = null;
        }
    }
}
