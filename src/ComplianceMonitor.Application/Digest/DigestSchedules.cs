using ComplianceMonitor.Domain.Jurisdictions;
using Cronos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Digest;

/// <summary>Works out each district's effective schedule and recipients: stored settings over configuration over the default.</summary>
/// <remarks>Configuration is parsed once, here; stored schedules are read on each call (one query). Thread-safe.</remarks>
public sealed class DigestSchedules
{
    private readonly CronExpression _defaultCron;
    private readonly string _defaultCronText;
    private readonly Dictionary<string, (string? CronText, CronExpression? Cron, IReadOnlyList<Reminders.EmailAddress> Recipients)> _configured;
    private readonly IDigestScheduleStore? _store;
    private readonly ILogger _logger;

    /// <summary>Creates the resolver from validated options and an optional store of per-district overrides.</summary>
    /// <exception cref="FormatException">A setting is invalid; the message names the key.</exception>
    public DigestSchedules(IOptions<DigestOptions> options, ILogger<DigestSchedules> logger, IDigestScheduleStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var o = options.Value;
        _defaultCronText = o.DefaultCron.Trim();
        _defaultCron = DigestCron.Parse(o.DefaultCron, "Digest__DefaultCron");
        _configured = new(StringComparer.Ordinal);
        foreach (var (code, district) in o.Districts)
        {
            if (!Jurisdiction.IsKnown(code))
            {
                throw new FormatException($"Digest__Districts__{code}: '{code}' is not a jurisdiction code");
            }

            var cronText = string.IsNullOrWhiteSpace(district.Cron) ? null : district.Cron.Trim();
            var cron = cronText is null ? null : DigestCron.Parse(cronText, $"Digest__Districts__{code}__Cron");
            _configured[code] = (cronText, cron, DigestRecipients.Parse(district.Recipients, $"Digest__Districts__{code}__Recipients"));
        }

        _store = store;
        _logger = logger;
    }

    /// <summary>The effective schedule of every jurisdiction, in Jurisdiction.All order.</summary>
    /// <remarks>A stored schedule that no longer parses is logged and ignored (configuration applies).</remarks>
    public async Task<IReadOnlyList<DistrictDigestSchedule>> ResolveAllAsync(CancellationToken cancellationToken = default)
    {
        var stored = _store is null
            ? new Dictionary<string, StoredDigestSchedule>(StringComparer.Ordinal)
            : (await _store.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.DistrictCode, StringComparer.Ordinal);
        return [.. Jurisdiction.All.Select(j => Resolve(j.Code, stored.GetValueOrDefault(j.Code)))];
    }

    /// <summary>The effective schedule of one district.</summary>
    public async Task<DistrictDigestSchedule> ResolveAsync(string districtCode, CancellationToken cancellationToken = default)
    {
        if (!Jurisdiction.IsKnown(districtCode))
        {
            throw new ArgumentException($"districtCode: '{districtCode}' is not a jurisdiction code", nameof(districtCode));
        }

        var stored = _store is null ? null : await _store.GetAsync(districtCode, cancellationToken).ConfigureAwait(false);
        return Resolve(districtCode, stored);
    }

    private DistrictDigestSchedule Resolve(string code, StoredDigestSchedule? stored)
    {
        var (cronText, cron, cronSource) = (_defaultCronText, _defaultCron, DigestSettingSource.Default);
        IReadOnlyList<Reminders.EmailAddress> recipients = [];
        var recipientsSource = DigestSettingSource.Default;
        if (_configured.TryGetValue(code, out var configured))
        {
            if (configured.Cron is not null)
            {
                (cronText, cron, cronSource) = (configured.CronText!, configured.Cron, DigestSettingSource.Configuration);
            }

            if (configured.Recipients.Count > 0)
            {
                (recipients, recipientsSource) = (configured.Recipients, DigestSettingSource.Configuration);
            }
        }

        if (stored is null)
        {
            return new DistrictDigestSchedule(code, cronText, cron, cronSource, recipients, recipientsSource);
        }

        if (stored.Cron is not null)
        {
            if (DigestCron.TryParse(stored.Cron, out var storedCron, out var error))
            {
                (cronText, cron, cronSource) = (stored.Cron.Trim(), storedCron!, DigestSettingSource.Stored);
            }
            else
            {
                DigestLog.StoredScheduleIgnored(_logger, code, "cron", error ?? string.Empty);
            }
        }

        if (stored.Recipients is not null)
        {
            if (DigestRecipients.TryParse(stored.Recipients, out var storedRecipients, out var error))
            {
                (recipients, recipientsSource) = (storedRecipients, DigestSettingSource.Stored);
            }
            else
            {
                DigestLog.StoredScheduleIgnored(_logger, code, "recipients", error ?? string.Empty);
            }
        }

        return new DistrictDigestSchedule(code, cronText, cron, cronSource, recipients, recipientsSource, stored.Enabled);
    }
}
