using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Reminders.Sms;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Infrastructure.Reminders.Content;
using ComplianceMonitor.Infrastructure.Reminders.Pickup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>Which sender each channel uses, as chosen from the container's <see cref="EmailOptions"/> and <see cref="SmsOptions"/>.</summary>
/// <param name="Email">"sendgrid" or "outbox".</param>
/// <param name="Sms">"twilio" or "outbox".</param>
/// <param name="EmailOutboxFolder">The full path of the email outbox folder when <paramref name="Email"/> is "outbox", else null.</param>
/// <param name="SmsOutboxFolder">The full path of the SMS outbox folder when <paramref name="Sms"/> is "outbox", else null.</param>
public sealed record NotificationSenderSelection(string Email, string Sms, string? EmailOutboxFolder, string? SmsOutboxFolder)
{
    /// <summary>The choice the settings make: SendGrid when an API key is set, Twilio when both credentials are, else the outbox files.</summary>
    public static NotificationSenderSelection From(EmailOptions email, SmsOptions sms)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(sms);
        return new NotificationSenderSelection(
            email.UsesSendGrid ? "sendgrid" : "outbox",
            sms.UsesTwilio ? "twilio" : "outbox",
            email.UsesSendGrid ? null : Path.GetFullPath(email.OutboxFolder),
            sms.UsesTwilio ? null : Path.GetFullPath(sms.OutboxFolder));
    }
}

/// <summary>Registers the notification senders, the reminder renderer and the SMS/gate services.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmailOptions"/> and <see cref="SmsOptions"/> (bound from <c>Email__*</c> and <c>Sms__*</c> of the
    /// container's <see cref="IConfiguration"/>, validated on start: a bad value stops the host naming the key), both
    /// senders of each channel, and <see cref="IEmailSender"/> and <see cref="ISmsSender"/> chosen from the bound options
    /// when resolved: SendGrid when <c>Email__SendGridApiKey</c> is set, else .eml files in <c>Email__OutboxFolder</c>;
    /// Twilio when <c>Sms__TwilioAccountSid</c> and <c>Sms__TwilioAuthToken</c> are set, else <c>sms.jsonl</c> in
    /// <c>Sms__OutboxFolder</c>. Also registers the <see cref="SmsWindow"/>, <see cref="NotificationGate"/>,
    /// <see cref="SmsPolicy"/>, <see cref="SmsComposer"/> and <see cref="NotificationSenderSelection"/>.
    /// </summary>
    /// <remarks>A sender registered after this wins (tests register fakes that way).</remarks>
    public static IServiceCollection AddNotificationSenders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateOnStart();
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>());

        // Both senders of each channel are registered; the bound options choose one when the port is resolved.
        services.AddHttpClient<SendGridEmailSender>((sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<EmailOptions>>().Value.TimeoutSeconds));
        services.AddHttpClient<TwilioSmsSender>((sp, client) =>
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<SmsOptions>>().Value.TimeoutSeconds))
            .AddHttpMessageHandler(() => new TwilioCallContextHandler())
            .AddHttpMessageHandler(sp => new TwilioBaseUrlHandler(TwilioBaseUrl(sp.GetRequiredService<IOptions<SmsOptions>>().Value)));
        services.TryAddSingleton<OutboxFileEmailSender>();
        services.TryAddSingleton<OutboxFileSmsSender>();
        services.TryAddSingleton(sp => NotificationSenderSelection.From(
            sp.GetRequiredService<IOptions<EmailOptions>>().Value,
            sp.GetRequiredService<IOptions<SmsOptions>>().Value));
        services.AddTransient<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSendGrid
            ? sp.GetRequiredService<SendGridEmailSender>()
            : sp.GetRequiredService<OutboxFileEmailSender>());
        services.AddTransient<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.UsesTwilio
            ? sp.GetRequiredService<TwilioSmsSender>()
            : sp.GetRequiredService<OutboxFileSmsSender>());

        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.Window());
        services.TryAddSingleton(sp => new NotificationGate(sp.GetRequiredService<SmsWindow>()));
        services.TryAddSingleton(SmsPolicy.Default);
        services.TryAddSingleton(sp => new SmsComposer(sp.GetRequiredService<IOptions<SmsOptions>>().Value.Signature));
        return services;
    }

    /// <summary>
    /// Registers <see cref="IReminderRenderer"/> (Fluid templates), the <see cref="DistrictContacts"/> directory with the
    /// <c>DistrictContacts__{code}__{Planning|Industry}__{Name|Phone|Email}</c> settings applied (<see cref="DistrictContactsSettings"/>,
    /// bound from the container's <see cref="IConfiguration"/> and validated on start: a bad one stops the host naming it),
    /// and the default <see cref="WorkingDayCalendar"/> unless one is registered.
    /// </summary>
    public static IServiceCollection AddReminderRendering(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DistrictContactsSettings>().BindConfiguration(DistrictContactsSettings.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DistrictContactsSettings>, DistrictContactsSettingsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DistrictContactsSettings>>().Value.ToContacts());
        services.TryAddSingleton(WorkingDayCalendar.Default);
        services.TryAddSingleton<IReminderRenderer, FluidReminderRenderer>();
        return services;
    }

    private static Uri? TwilioBaseUrl(SmsOptions sms) => string.IsNullOrWhiteSpace(sms.TwilioBaseUrl) ? null : new Uri(sms.TwilioBaseUrl);
}
