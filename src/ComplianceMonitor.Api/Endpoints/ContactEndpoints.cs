using System.Text.Json;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Application;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>
/// Contact holds, as Alertmanager lists silences: a snooze of a lease's reminders, or an SMS stop for the enterprise
/// holding it, each with who set it, why, since and until; set and lifted through <see cref="ContactSettingsService"/>
/// (audit row first, then the change), never through a store of their own.
/// </summary>
/// <remarks>
/// <para>Hold ids are short and safe to type: <c>snooze.{leaseId}</c> (all rules), <c>snooze.{leaseId}.{RULE}</c> (one
/// rule) and <c>sms.{creditCode}</c>. A snooze belongs to its lease's district; an SMS stop to every district where the
/// enterprise holds a lease.</para>
/// <para>A lease or hold outside the caller's districts is answered exactly as a missing one (404, same text).</para>
/// </remarks>
public sealed class ContactEndpoints
{
    /// <summary>The wire name of a snooze hold.</summary>
    public const string SnoozeKind = "snooze";

    /// <summary>The wire name of an SMS stop hold.</summary>
    public const string SmsStopKind = "smsStop";

    private static readonly string[] SetProperties = ["kind", "leaseId", "until", "reason", "rule"];
    private static readonly string[] LiftProperties = ["reason"];

    private readonly ILeaseStore _leases;
    private readonly ISnoozeStore _snoozes;
    private readonly IContactPreferencesStore _preferences;
    private readonly ContactSettingsService _settings;
    private readonly TimeProvider _time;

    /// <summary>Creates the endpoints.</summary>
    public ContactEndpoints(ILeaseStore leases, ISnoozeStore snoozes, IContactPreferencesStore preferences, ContactSettingsService settings, TimeProvider time)
    {
        _leases = leases;
        _snoozes = snoozes;
        _preferences = preferences;
        _settings = settings;
        _time = time;
    }

    /// <summary><c>GET /api/holds?district=&amp;kind=</c>: the active holds of the caller's districts, latest end first.</summary>
    public async Task<ApiResponse> ListAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var errors = new List<ProblemError>();
        var district = DistrictQuery.Read(request, errors);

        var kind = request.Query("kind");
        if (kind is not null && kind is not (SnoozeKind or SmsStopKind))
        {
            errors.Add(new ProblemError("kind", $"'{kind}' is not one of {SnoozeKind}, {SmsStopKind}."));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(request, errors);
        }

        var (districts, refusal) = DistrictQuery.Scope(request, principal, district);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = _time.GetUtcNow();
        var holds = new List<Hold>();
        if (kind is null or SnoozeKind)
        {
            foreach (var code in districts)
            {
                await foreach (var snooze in _snoozes.ListAsync(code, ct))
                {
                    if (snooze.IsActive(now) && await _leases.GetAsync(code, snooze.LeaseId, ct) is { } lease)
                    {
                        holds.Add(Hold.Of(snooze, lease.Record));
                    }
                }
            }
        }

        if (kind is null or SmsStopKind)
        {
            var stops = new List<ContactPreferences>();
            await foreach (var p in _preferences.ListSmsStoppedAsync(ct))
            {
                if (p.IsSmsStopped(now))
                {
                    stops.Add(p);
                }
            }

            if (stops.Count > 0)
            {
                var byEnterprise = await FirstLeaseByEnterpriseAsync(districts, ct);
                foreach (var p in stops)
                {
                    if (byEnterprise.TryGetValue(p.CreditCode, out var lease))
                    {
                        holds.Add(Hold.Of(p, lease));
                    }
                }
            }
        }

        holds.Sort((a, b) => (b.Until ?? DateOnly.MaxValue).CompareTo(a.Until ?? DateOnly.MaxValue) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));
        return ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", holds.Count);
            w.WriteStartArray("holds");
            foreach (var h in holds)
            {
                h.Write(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>POST /api/holds</c> <c>{ "kind": "snooze" | "smsStop", "leaseId", "until": "yyyy-MM-dd", "reason", "rule"? }</c>:
    /// sets (or replaces) a hold with the caller as its author; 201 when written, 200 when the same hold was in force.
    /// </summary>
    public async Task<ApiResponse> SetAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        string? kind, leaseId, reason;
        DateOnly? until;
        RuleCode? rule = null;
        using (var body = BodyFields.Parse(json!, SetProperties, "{ \"kind\", \"leaseId\", \"until\", \"reason\", \"rule\"? }"))
        {
            kind = body.Text("kind", required: true, 20);
            if (kind is not null && kind is not (SnoozeKind or SmsStopKind))
            {
                body.Errors.Add(new ProblemError("kind", $"'{kind}' is not one of {SnoozeKind}, {SmsStopKind}."));
            }

            leaseId = body.Text("leaseId", required: true, 200);
            until = body.Date("until", required: true);
            reason = body.Text("reason", required: true, 500);
            if (body.Text("rule", required: false, 100) is { } ruleText)
            {
                if (kind == SmsStopKind)
                {
                    body.Errors.Add(new ProblemError("rule", "an SMS stop covers every rule; leave rule out."));
                }
                else if (FilterValues.TryParseRule(ruleText, out var r))
                {
                    rule = r;
                }
                else
                {
                    body.Errors.Add(new ProblemError("rule", FilterValues.NotARule(ruleText)));
                }
            }

            if (body.Errors.Count > 0)
            {
                return ApiResults.Invalid(request, body.Errors);
            }
        }

        var lease = await _leases.FindAsync(leaseId!, ct);
        if (lease is null || !principal.CanAccess(lease.Record.DistrictCode))
        {
            return ApiResults.LeaseNotFound(request, leaseId!);
        }

        SettingsChange change;
        try
        {
            change = kind == SnoozeKind
                ? await _settings.SnoozeAsync(lease.Record.LeaseId, rule, until!.Value, reason!, principal.Actor, ct)
                : await _settings.StopSmsAsync(lease.Record.LeaseId, until!.Value, reason!, principal.Actor, ct);
        }
        catch (ArgumentException ex)
        {
            return ApiResults.Invalid(request, [FieldError(ex)]);
        }
        catch (InvalidOperationException ex)
        {
            return ApiResults.Conflict(request, ex.Message);
        }

        Hold hold;
        if (kind == SnoozeKind)
        {
            var stored = await _snoozes.GetAsync(lease.Record.DistrictCode, lease.Record.LeaseId, rule, ct);
            hold = Hold.Of(stored!.Value, lease.Record);
        }
        else
        {
            var stored = await _preferences.GetAsync(lease.Record.LandUser.CreditCode, ct);
            hold = Hold.Of(stored!.Value, lease.Record);
        }

        return ApiResults.Json(change.Changed ? 201 : 200, hold.Write).With("Location", $"/api/holds/{Uri.EscapeDataString(hold.Id)}");
    }

    /// <summary>
    /// <c>POST /api/holds/{id}/lift</c> <c>{ "reason" }</c>: ends an active hold early, audited with the caller; a lifted
    /// snooze's held reminders go on the next dispatch. A hold that is not active (lifted, ended, or not the caller's) is 404.
    /// </summary>
    public async Task<ApiResponse> LiftAsync(ApiCall call)
    {
        var (request, principal, ct) = call.Parts();
        var id = request.Route("id") ?? string.Empty;
        var (json, refusal) = await request.ReadTextAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        string? reason;
        using (var body = BodyFields.Parse(json!, LiftProperties, "{ \"reason\" }"))
        {
            reason = body.Text("reason", required: true, 500);
            if (body.Errors.Count > 0)
            {
                return ApiResults.Invalid(request, body.Errors);
            }
        }

        var now = _time.GetUtcNow();
        var notFound = ApiResults.NotFound(request, $"No active hold has the id '{id}'.");
        SettingsChange change;
        try
        {
            if (ParseSnoozeId(id) is { } snoozeId)
            {
                var lease = await _leases.FindAsync(snoozeId.LeaseId, ct);
                if (lease is null || !principal.CanAccess(lease.Record.DistrictCode) || lease.Record.LeaseId != snoozeId.LeaseId)
                {
                    return notFound;
                }

                var current = await _snoozes.GetAsync(lease.Record.DistrictCode, snoozeId.LeaseId, snoozeId.Rule, ct);
                if (current is null || !current.Value.IsActive(now))
                {
                    return notFound;
                }

                change = await _settings.LiftSnoozeAsync(snoozeId.LeaseId, snoozeId.Rule, principal.Actor, reason, ct);
            }
            else if (id.StartsWith("sms.", StringComparison.Ordinal) && id.Length > 4)
            {
                var creditCode = id[4..];
                var current = await _preferences.GetAsync(creditCode, ct);
                if (current is null || !current.Value.IsSmsStopped(now))
                {
                    return notFound;
                }

                // The SMS stop is the enterprise's; any of its leases in the caller's districts names it to the service.
                if (await AnyLeaseOfAsync(creditCode, principal.AccessibleDistricts, ct) is not { } held)
                {
                    return notFound;
                }

                change = await _settings.ResumeSmsAsync(held.LeaseId, principal.Actor, reason, ct);
            }
            else
            {
                return notFound;
            }
        }
        catch (ArgumentException)
        {
            // Lifted by someone else between the read and the lift: it is no longer an active hold.
            return notFound;
        }
        catch (InvalidOperationException ex)
        {
            return ApiResults.Conflict(request, ex.Message);
        }

        return ApiResults.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteBoolean("lifted", change.Changed);
            w.WriteString("by", principal.Actor);
            w.WriteString("at", (change.Audit?.At ?? now).ToUniversalTime());
            w.WriteString("reason", reason);
            w.WriteNumber("releasedReminders", change.ReleasedEntries);
            w.WriteEndObject();
        });
    }

    private static (string LeaseId, RuleCode? Rule)? ParseSnoozeId(string id)
    {
        if (!id.StartsWith("snooze.", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = id[7..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return rest.Length > 0 ? (rest, null) : null;
        }

        var ruleText = rest[(dot + 1)..];
        return dot > 0 && FilterValues.TryParseRule(ruleText, out var rule)
            ? (rest[..dot], rule)
            : null;
    }

    /// <summary>Each enterprise's (credit code's) lease with the lowest id in <paramref name="districts"/>: the lease an SMS stop is listed with.</summary>
    private async Task<Dictionary<string, LeaseRecord>> FirstLeaseByEnterpriseAsync(IEnumerable<string> districts, CancellationToken ct)
    {
        var map = new Dictionary<string, LeaseRecord>(StringComparer.Ordinal);
        foreach (var code in districts)
        {
            await foreach (var item in _leases.ReadDistrictAsync(code, ct))
            {
                if (item.Lease?.Record is { } r && !string.IsNullOrEmpty(r.LandUser.CreditCode)
                    && (!map.TryGetValue(r.LandUser.CreditCode, out var first) || string.CompareOrdinal(r.LeaseId, first.LeaseId) < 0))
                {
                    map[r.LandUser.CreditCode] = r;
                }
            }
        }

        return map;
    }

    /// <summary>Whether the enterprise <paramref name="creditCode"/> holds a lease in <paramref name="districts"/>: the first one read, or null; stops reading there.</summary>
    private async Task<LeaseRecord?> AnyLeaseOfAsync(string creditCode, IEnumerable<string> districts, CancellationToken ct)
    {
        foreach (var code in districts)
        {
            await foreach (var item in _leases.ReadDistrictAsync(code, ct))
            {
                if (item.Lease?.Record is { } r && string.Equals(r.LandUser.CreditCode, creditCode, StringComparison.Ordinal))
                {
                    return r;
                }
            }
        }

        return null;
    }

    /// <summary>An <see cref="ArgumentException"/> of the service ("field: message") as a problem error.</summary>
    private static ProblemError FieldError(ArgumentException ex)
    {
        var message = ex.Message;
        var paren = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        if (paren >= 0)
        {
            message = message[..paren];
        }

        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !message[..colon].Contains(' ', StringComparison.Ordinal)
            ? new ProblemError(message[..colon], message[(colon + 2)..])
            : new ProblemError(ex.ParamName ?? "$", message);
    }

    private sealed record Hold(string Id, string Kind, string DistrictCode, string LeaseId, string LandUserName, string CreditCode, RuleCode? Rule, string? Reason, string? By, DateTimeOffset? Since, DateOnly? Until)
    {
        public static Hold Of(Snooze s, LeaseRecord lease) => new(
            s.Rule is { } r ? $"snooze.{s.LeaseId}.{r}" : $"snooze.{s.LeaseId}",
            SnoozeKind,
            lease.DistrictCode,
            s.LeaseId,
            lease.LandUser.Name,
            lease.LandUser.CreditCode,
            s.Rule,
            s.Reason,
            s.By,
            s.CreatedAt,
            s.Until);

        public static Hold Of(ContactPreferences p, LeaseRecord lease) => new(
            "sms." + p.CreditCode, SmsStopKind, lease.DistrictCode, lease.LeaseId, lease.LandUser.Name, p.CreditCode, null, p.StopReason, p.ChangedBy, p.ChangedAt, p.SmsStoppedUntil);

        public void Write(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            w.WriteString("kind", Kind);
            w.WriteString("districtCode", DistrictCode);
            w.WriteString("leaseId", LeaseId);
            w.WriteString("landUserName", LandUserName);
            w.WriteString("creditCode", CreditCode);
            Nullable(w, "rule", Rule?.ToString());
            Nullable(w, "reason", Reason);
            Nullable(w, "by", By);
            if (Since is { } since)
            {
                w.WriteString("since", since.ToUniversalTime());
            }
            else
            {
                w.WriteNull("since");
            }

            Nullable(w, "until", Until is { } u ? u.ToString(ApiRequest.DateFormat, System.Globalization.CultureInfo.InvariantCulture) : null);
            if (Until is { } d)
            {
                w.WriteString("resumesAt", BeijingClock.At(d.AddDays(1), TimeOnly.MinValue).ToUniversalTime());
            }
            else
            {
                w.WriteNull("resumesAt");
            }

            w.WriteEndObject();
        }

        private static void Nullable(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }
    }
}
