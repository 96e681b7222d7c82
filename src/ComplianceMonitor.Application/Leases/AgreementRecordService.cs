using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Application.Leases;

/// <summary>One period's actual of one indicator, as a district reports it (HTTP, <c>cm indicators report</c>, a batch file).</summary>
/// <param name="Indicator">The indicator's code in the lease's agreement, e.g. <c>investmentIntensity</c>.</param>
/// <param name="Period">The year the figure is for, <c>yyyy</c>.</param>
/// <param name="Value">The figure (0 or more), or null when missing.</param>
/// <param name="ReportedOn">The day the district received it; null means today (Beijing).</param>
public sealed record IndicatorReport(string? Indicator, string? Period, decimal? Value, DateOnly? ReportedOn);

/// <summary>A step of a voluntary return (三（七）) the district records.</summary>
public enum ReturnStep
{
    /// <summary>The land user applied to return the land (<c>appliedOn</c>).</summary>
    Apply,

    /// <summary>The district accepted the return (<c>acceptedOn</c>): every other rule stops for the lease from that day.</summary>
    Accept,

    /// <summary>The refund was paid (<c>refundPaidOn</c>): RETURN_REFUND closes.</summary>
    RefundPaid,
}

/// <summary>What recording an actual or a return step did.</summary>
public enum AgreementChangeOutcome
{
    /// <summary>A new value was written (a new actual, or a return step not recorded before).</summary>
    Added,

    /// <summary>An actual of the same indicator and period had another value; it was replaced (old and new in the lease history).</summary>
    Replaced,

    /// <summary>The same value is already recorded; nothing was written and no history row added.</summary>
    Unchanged,

    /// <summary>The input is invalid; nothing was written. See <see cref="AgreementChangeResult.Errors"/>.</summary>
    Invalid,

    /// <summary>The step is already recorded on another day; nothing was written (correct the record with a full PUT or import).</summary>
    Refused,

    /// <summary>The lease does not exist (any more).</summary>
    NotFound,

    /// <summary>Other writers kept changing the lease; nothing was written.</summary>
    Conflict,
}

/// <summary>The result of an <see cref="AgreementRecordService"/> call.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Record">The lease as stored afterwards (Added, Replaced, Unchanged).</param>
/// <param name="ETag">The stored version afterwards (Added, Replaced, Unchanged).</param>
/// <param name="Detail">What changed, as the lease history records it (e.g. <c>indicator investmentIntensity 2025: 620 → 700</c>), or the reason of a refusal.</param>
/// <param name="PreviousValue">For an actual replaced, the value it had.</param>
/// <param name="Errors">The problems, fields relative to the input (<c>indicator</c>, <c>period</c>, <c>value</c>, <c>reportedOn</c>, <c>on</c>).</param>
public sealed record AgreementChangeResult(AgreementChangeOutcome Outcome, LeaseRecord? Record, string? ETag, string? Detail, decimal? PreviousValue, IReadOnlyList<ValidationError> Errors);

/// <summary>
/// Records indicator actuals and voluntary-return steps on a stored lease without re-importing it (issue 12 parts 4-5),
/// validated with the whole record, audited in the lease history, idempotent.
/// </summary>
/// <remarks>
/// <para>Indicator actuals are keyed by (lease, indicator, period). The same value again changes nothing and adds no
/// history row (the first <c>reportedOn</c> stays). Another value for the same key replaces the actual (a correction:
/// value and <c>reportedOn</c>) and the history row shows the old and the new value.</para>
/// <para>A return step already recorded on the same day changes nothing; on another day it is refused (a recorded
/// application or acceptance is a fact of the file: correct it with a full record write, which is audited too).</para>
/// <para>The change is made on the lease's wire JSON and the whole record is read back with <see cref="LeaseRecordReader"/>
/// (the same validation as import and <c>PUT</c>); problems inside the changed part are reported relative to the input.
/// The write is conditional on the ETag read (re-read and re-applied a few rounds under contention) and goes through
/// <see cref="LeaseWriter.ReplaceAuditedAsync"/>: history row first, then the lease.</para>
/// </remarks>
public sealed partial class AgreementRecordService
{
    /// <summary>The history action of an indicator actual.</summary>
    public const string IndicatorAction = "indicator";

    /// <summary>The history action of a return step.</summary>
    public const string ReturnAction = "return";

    private const int MaxAttempts = 4;

    private readonly ILeaseStore _leases;
    private readonly LeaseWriter _writer;
    private readonly TimeProvider _time;

    /// <summary>Creates the service over the lease store and the audited writer.</summary>
    public AgreementRecordService(ILeaseStore leases, LeaseWriter writer, TimeProvider time)
    {
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The wire name of a return step (<c>apply</c>, <c>accept</c>, <c>refundPaid</c>).</summary>
    public static string WireName(ReturnStep step) => step switch
    {
        ReturnStep.Apply => "apply",
        ReturnStep.Accept => "accept",
        _ => "refundPaid",
    };

    /// <summary>Parses a return step's wire name.</summary>
    public static bool TryParseStep(string? text, out ReturnStep step)
    {
        foreach (var s in Enum.GetValues<ReturnStep>())
        {
            if (string.Equals(text, WireName(s), StringComparison.Ordinal))
            {
                step = s;
                return true;
            }
        }

        step = default;
        return false;
    }

    /// <summary>Adds or replaces one actual of one indicator on the lease <paramref name="current"/> as <paramref name="actor"/>.</summary>
    public Task<AgreementChangeResult> ReportIndicatorAsync(StoredLease current, IndicatorReport report, string actor, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(report);
        var today = Domain.Calendar.BeijingClock.Today(_time);
        return ChangeAsync(current, IndicatorAction, record => ApplyIndicator(record, report, today), actor, channel, cancellationToken);
    }

    /// <summary>
    /// The problems of reporting <paramref name="reports"/> in order on <paramref name="record"/> (each against the record
    /// as the ones before it leave it), fields as <c>[i].field</c>; empty when every one can be written.
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(LeaseRecord record, IReadOnlyList<IndicatorReport> reports, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(reports);
        var errors = new List<ValidationError>();
        var current = record;
        for (var i = 0; i < reports.Count; i++)
        {
            var e = ApplyIndicator(current, reports[i], today);
            if (e.Outcome == AgreementChangeOutcome.Invalid)
            {
                var prefix = Invariant($"[{i}].");
                errors.AddRange(e.Errors.Select(x => x with { Field = prefix + x.Field }));
            }
            else if (e.Record is not null)
            {
                current = e.Record;
            }
        }

        return errors;
    }

    /// <summary>Records <paramref name="step"/> of a voluntary return on <paramref name="on"/> on the lease <paramref name="current"/> as <paramref name="actor"/>.</summary>
    public Task<AgreementChangeResult> RecordReturnAsync(StoredLease current, ReturnStep step, DateOnly on, string actor, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var today = Domain.Calendar.BeijingClock.Today(_time);
        return ChangeAsync(current, ReturnAction, record => ApplyReturn(record, step, on, today), actor, channel, cancellationToken);
    }

    private async Task<AgreementChangeResult> ChangeAsync(StoredLease current, string action, Func<LeaseRecord, Edit> edit, string actor, string channel, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var stored = current;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var e = edit(stored.Record);
            switch (e.Outcome)
            {
                case AgreementChangeOutcome.Invalid:
                    return new AgreementChangeResult(AgreementChangeOutcome.Invalid, null, null, null, null, e.Errors);
                case AgreementChangeOutcome.Refused:
                    return new AgreementChangeResult(AgreementChangeOutcome.Refused, stored.Record, stored.ETag, e.Detail, null, []);
                case AgreementChangeOutcome.Unchanged:
                    return new AgreementChangeResult(AgreementChangeOutcome.Unchanged, stored.Record, stored.ETag, e.Detail, null, []);
            }

            try
            {
                var etag = await _writer.ReplaceAuditedAsync(e.Record!, stored.ETag, actor, channel, action, e.Detail!, cancellationToken).ConfigureAwait(false);
                return new AgreementChangeResult(e.Outcome, e.Record, etag, e.Detail, e.PreviousValue, []);
            }
            catch (LeaseVersionMismatchException)
            {
                // Changed or deleted since it was read: read the latest version and apply the change to that.
            }

            var latest = await _leases.GetAsync(stored.Record.DistrictCode, stored.Record.LeaseId, cancellationToken).ConfigureAwait(false);
            if (latest is null)
            {
                return new AgreementChangeResult(AgreementChangeOutcome.NotFound, null, null, null, null, []);
            }

            stored = latest;
        }

        return new AgreementChangeResult(AgreementChangeOutcome.Conflict, null, null, null, null, []);
    }

    private static Edit ApplyIndicator(LeaseRecord record, IndicatorReport report, DateOnly today)
    {
        var id = record.LeaseId;
        var errors = new List<ValidationError>();
        var code = report.Indicator?.Trim();
        var agreement = record.Agreement;
        var index = -1;
        if (string.IsNullOrEmpty(code))
        {
            errors.Add(new ValidationError(id, "indicator", "is required: the indicator's code in the lease's agreement (指标代码必填)"));
        }
        else if (agreement is null)
        {
            errors.Add(new ValidationError(id, "indicator", $"lease {id} has no performance agreement (履约监管协议) recorded: record the agreement before its actuals"));
        }
        else
        {
            for (var i = 0; i < agreement.Indicators.Count; i++)
            {
                if (string.Equals(agreement.Indicators[i].Code, code, StringComparison.Ordinal))
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                errors.Add(new ValidationError(id, "indicator",
                    $"'{code}' is not an indicator of the agreement of lease {id} (one of {(agreement.Indicators.Count == 0 ? "none" : string.Join(", ", agreement.Indicators.Select(x => x.Code)))})"));
            }
        }

        var periodText = report.Period?.Trim();
        int? period = null;
        if (string.IsNullOrEmpty(periodText))
        {
            errors.Add(new ValidationError(id, "period", "is required: the year the figure is for, yyyy (年度必填)"));
        }
        else if (periodText.Length == 4 && periodText.All(char.IsAsciiDigit) && int.Parse(periodText, CultureInfo.InvariantCulture) is var year and >= 1900)
        {
            if (year >= today.Year)
            {
                errors.Add(new ValidationError(id, "period", $"'{periodText}' is not a complete year yet (today is {FieldFormats.FormatDate(today)}): actuals are reported for past years"));
            }
            else
            {
                period = year;
            }
        }
        else
        {
            errors.Add(new ValidationError(id, "period", $"'{periodText}' is not a year written yyyy (年度应为四位年份)"));
        }

        if (report.Value is not { } value)
        {
            errors.Add(new ValidationError(id, "value", "is required: the figure reported (实际值必填)"));
        }
        else if (value < 0m)
        {
            errors.Add(new ValidationError(id, "value", "must be 0 or more (实际值不能为负)"));
        }

        var reportedOn = report.ReportedOn ?? today;
        if (reportedOn > today)
        {
            errors.Add(new ValidationError(id, "reportedOn", $"{FieldFormats.FormatDate(reportedOn)} is after today ({FieldFormats.FormatDate(today)}): the day the district received the figure"));
        }
        else if (period is { } p && reportedOn.Year <= p)
        {
            errors.Add(new ValidationError(id, "reportedOn", $"{FieldFormats.FormatDate(reportedOn)} is not after the year {p}: a year's figures are reported once it is over"));
        }

        if (errors.Count > 0)
        {
            return Edit.Invalid(errors);
        }

        var indicator = agreement!.Indicators[index];
        var existing = indicator.Actuals.FirstOrDefault(a => a.Period == period);
        var newValue = report.Value!.Value;
        if (existing is not null && existing.Value == newValue)
        {
            return new Edit(AgreementChangeOutcome.Unchanged, null, Invariant($"indicator {code} {periodText}: {N(newValue)} already recorded"), null, []);
        }

        var root = JsonNode.Parse(LeaseRecordJson.Serialize(record))!.AsObject();
        var actuals = root["agreement"]!["indicators"]![index]!["actuals"]!.AsArray();
        var actual = new JsonObject
        {
            ["period"] = periodText,
            ["value"] = JsonValue.Create(newValue),
            ["reportedOn"] = FieldFormats.FormatDate(reportedOn),
        };
        string detail;
        if (existing is not null)
        {
            var at = indicator.Actuals.ToList().IndexOf(existing);
            actuals[at] = actual;
            detail = Invariant($"indicator {code} {periodText}: {N(existing.Value)} → {N(newValue)} (reported {FieldFormats.FormatDate(reportedOn)})");
        }
        else
        {
            actuals.Add(actual);
            detail = Invariant($"indicator {code} {periodText}: {N(newValue)} (reported {FieldFormats.FormatDate(reportedOn)})");
        }

        var read = LeaseRecordReader.ReadMany(root.ToJsonString());
        if (!read.IsValid || read.Records.Count != 1)
        {
            return Edit.Invalid([.. read.Errors.Select(e => e with { Field = ActualField(e.Field) })]);
        }

        return new Edit(existing is null ? AgreementChangeOutcome.Added : AgreementChangeOutcome.Replaced, read.Records[0], detail, existing?.Value, []);
    }

    private static Edit ApplyReturn(LeaseRecord record, ReturnStep step, DateOnly on, DateOnly today)
    {
        var id = record.LeaseId;
        var field = step switch
        {
            ReturnStep.Apply => "appliedOn",
            ReturnStep.Accept => "acceptedOn",
            _ => "refundPaidOn",
        };
        if (on > today)
        {
            return Edit.Invalid([new ValidationError(id, "on", $"{FieldFormats.FormatDate(on)} is after today ({FieldFormats.FormatDate(today)}): record a step once it has happened")]);
        }

        var r = record.VoluntaryReturn;
        var recorded = step switch
        {
            ReturnStep.Apply => r?.AppliedOn,
            ReturnStep.Accept => r?.AcceptedOn,
            _ => r?.RefundPaidOn,
        };
        if (recorded == on)
        {
            return new Edit(AgreementChangeOutcome.Unchanged, null, Invariant($"return {WireName(step)} on {FieldFormats.FormatDate(on)} already recorded"), null, []);
        }

        if (recorded is { } other)
        {
            return new Edit(AgreementChangeOutcome.Refused, null,
                Invariant($"voluntaryReturn.{field} is already recorded as {FieldFormats.FormatDate(other)}; a recorded step is not moved by this call (correct the record with PUT /api/leases/{id} or an import)"),
                null, []);
        }

        var root = JsonNode.Parse(LeaseRecordJson.Serialize(record))!.AsObject();
        if (root["voluntaryReturn"] is not JsonObject ret)
        {
            ret = new JsonObject { ["appliedOn"] = null, ["acceptedOn"] = null, ["refundPaidOn"] = null };
            root["voluntaryReturn"] = ret;
        }

        ret[field] = FieldFormats.FormatDate(on);
        var read = LeaseRecordReader.ReadMany(root.ToJsonString());
        if (!read.IsValid || read.Records.Count != 1)
        {
            return Edit.Invalid([.. read.Errors.Select(e => e with { Field = e.Field == "voluntaryReturn." + field ? "on" : e.Field })]);
        }

        return new Edit(AgreementChangeOutcome.Added, read.Records[0], Invariant($"return {WireName(step)} on {FieldFormats.FormatDate(on)}"), null, []);
    }

    /// <summary><c>agreement.indicators[0].actuals[2].value</c> → <c>value</c>; other paths unchanged.</summary>
    private static string ActualField(string field)
    {
        var match = ActualPath().Match(field);
        return match.Success ? match.Groups["rest"].Value : field;
    }

    private static string N(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^agreement\.indicators\[\d+\]\.actuals\[\d+\]\.(?<rest>.+)$")]
    private static partial Regex ActualPath();

    private sealed record Edit(AgreementChangeOutcome Outcome, LeaseRecord? Record, string? Detail, decimal? PreviousValue, IReadOnlyList<ValidationError> Errors)
    {
        public static Edit Invalid(IReadOnlyList<ValidationError> errors) => new(AgreementChangeOutcome.Invalid, null, null, null, errors);
    }
}
