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

/// <summary>Which sender each channel uses, as chosen from configuration at start-up.</summary>
/// <param name="Email">"sendgrid" or "outbox".</param>
/// <param name="Sms">"twilio" or "outbox".</param>
/// <param name="EmailOutboxFolder">The full path of the email outbox folder when <paramref name="Email"/> is "outbox", else null.</param>
/// <param name="SmsOutboxFolder">The full path of the SMS outbox folder when <paramref name="Sms"/> is "outbox", else null.</param>
public sealed record NotificationSenderSelection(string Email, string Sms, string? EmailOutboxFolder, string? SmsOutboxFolder);

/// <summary>Registers the notification senders, the reminder renderer and the SMS/gate services.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmailSender"/> and <see cref="ISmsSender"/>: SendGrid when <c>Email__SendGridApiKey</c> is set,
    /// else .eml files in <c>Email__OutboxFolder</c>; Twilio when <c>Sms__TwilioAccountSid</c> and <c>Sms__TwilioAuthToken</c>
    /// are set, else <c>sms.jsonl</c> in <c>Sms__OutboxFolder</c>. Also registers the <see cref="SmsWindow"/>,
    /// <see cref="NotificationGate"/>, <see cref="SmsPolicy"/>, <see cref="SmsComposer"/> and <see cref="NotificationSenderSelection"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names the key.</exception>
    public static IServiceCollection AddNotificationSenders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        var emailSection = configuration.GetSection(EmailOptions.SectionName);
        var smsSection = configuration.GetSection(SmsOptions.SectionName);
        services.AddOptions<EmailOptions>().Bind(emailSection).ValidateOnStart();
        services.AddOptions<SmsOptions>().Bind(smsSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>());

        // The choice of sender is made now, so check the settings now too: a bad key fails loudly at start-up.
        var email = emailSection.Get<EmailOptions>() ?? new EmailOptions();
        var sms = smsSection.Get<SmsOptions>() ?? new SmsOptions();
        ThrowIfInvalid(new EmailOptionsValidator().Validate(null, email), typeof(EmailOptions));
        ThrowIfInvalid(new SmsOptionsValidator().Validate(null, sms), typeof(SmsOptions));

        if (email.UsesSendGrid)
        {
            services.AddHttpClient<IEmailSender, SendGridEmailSender>(client => client.Timeout = TimeSpan.FromSeconds(email.TimeoutSeconds));
        }
        else
        {
            services.AddSingleton<IEmailSender, OutboxFileEmailSender>();
        }

        if (sms.UsesTwilio)
        {
            var baseUrl = string.IsNullOrWhiteSpace(sms.TwilioBaseUrl) ? null : new Uri(sms.TwilioBaseUrl);
            services.AddHttpClient<ISmsSender, TwilioSmsSender>(client => client.Timeout = TimeSpan.FromSeconds(sms.TimeoutSeconds))
                .AddHttpMessageHandler(() => new TwilioCallContextHandler())
                .AddHttpMessageHandler(() => new TwilioBaseUrlHandler(baseUrl));
        }
        else
        {
            services.AddSingleton<ISmsSender, OutboxFileSmsSender>();
        }

        services.AddSingleton(new NotificationSenderSelection(
            email.UsesSendGrid ? "sendgrid" : "outbox",
            sms.UsesTwilio ? "twilio" : "outbox",
            email.UsesSendGrid ? null : Path.GetFullPath(email.OutboxFolder),
            sms.UsesTwilio ? null : Path.GetFullPath(sms.OutboxFolder)));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.Window());
        services.TryAddSingleton(sp => new NotificationGate(sp.GetRequiredService<SmsWindow>()));
        services.TryAddSingleton(SmsPolicy.Default);
        services.TryAddSingleton(sp => new SmsComposer(sp.GetRequiredService<IOptions<SmsOptions>>().Value.Signature));
        return services;
    }

    /// <summary>
    /// Registers <see cref="IReminderRenderer"/> (Fluid templates), the <see cref="DistrictContacts"/> directory with the
    /// <c>DistrictContacts__{code}__{Planning|Industry}__{Name|Phone|Email}</c> settings applied, and the default
    /// <see cref="WorkingDayCalendar"/> unless one is registered.
    /// </summary>
    public static IServiceCollection AddReminderRendering(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var contacts = DistrictContactsConfiguration.Load(configuration);
        services.TryAddSingleton(contacts);
        services.TryAddSingleton(WorkingDayCalendar.Default);
        services.TryAddSingleton<IReminderRenderer, FluidReminderRenderer>();
        return services;
    }

    private static void ThrowIfInvalid(ValidateOptionsResult result, Type optionsType)
    {
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, optionsType, result.Failures);
        }
    }
}

/// <summary>Reads district contact details from configuration (section <c>DistrictContacts</c>).</summary>
public static class DistrictContactsConfiguration
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DistrictContacts";

    /// <summary>The built-in directory with the configured names, phone numbers and emails applied; errors name the key.</summary>
    public static DistrictContacts Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var overrides = new List<DepartmentContactOverride>();
        foreach (var district in configuration.GetSection(SectionName).GetChildren())
        {
            foreach (var dept in district.GetChildren())
            {
                var kind = dept.Key switch
                {
                    "Planning" => DepartmentKind.Planning,
                    "Industry" => DepartmentKind.Industry,
                    _ => throw new InvalidOperationException($"{SectionName}__{district.Key}__{dept.Key}: expected Planning or Industry"),
                };
                var email = Blank(dept["Email"]);
                if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _))
                {
                    throw new InvalidOperationException($"{SectionName}__{district.Key}__{dept.Key}__Email: not an email address");
                }

                overrides.Add(new DepartmentContactOverride(district.Key, kind, Blank(dept["Name"]), Blank(dept["Phone"]), email));
            }
        }

        try
        {
            return DistrictContacts.Default.WithOverrides(overrides);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }

        static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}
