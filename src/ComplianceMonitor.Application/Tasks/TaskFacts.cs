using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>One problem with a task move's input, naming its field (<c>note</c>, <c>resolution</c>, <c>fact.paidOn</c> …).</summary>
/// <param name="Field">The field at fault.</param>
/// <param name="Message">What is wrong.</param>
public sealed record TaskInputError(string Field, string Message);

/// <summary>Thrown when a task move's input is invalid; nothing was written. <see cref="Errors"/> names every field at fault.</summary>
public sealed class TaskInputException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="errors"/> (at least one).</summary>
    public TaskInputException(IReadOnlyList<TaskInputError> errors)
        : base(errors is { Count: > 0 } ? $"{errors[0].Field}: {errors[0].Message}" : "invalid input", errors is { Count: > 0 } ? errors[0].Field : null)
    {
        Errors = errors ?? [];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<TaskInputError> Errors { get; }
}

/// <summary>The fact that closes each rule's obligation, and how it is written on the lease's wire record (records.md fields).</summary>
/// <remarks>
/// <para>The fact is a small JSON object whose properties depend on the rule (<see cref="FieldsOf"/>): e.g. RENT_ARREARS
/// <c>{ "paidOn", "amountYuan", "ref" }</c>, appended to <c>rentPayments</c>. It is applied to the record's wire JSON and the
/// whole record is read back with <see cref="LeaseRecordReader"/> (the same validation as import and <c>PUT</c>).</para>
/// <para>Idempotent: a payment equal to one recorded (day, amount, reference) or a date already recorded with the same day
/// changes nothing, so a retried resolve never pays twice. A date already recorded with another day is refused (correct the
/// record with a full write).</para>
/// </remarks>
public static class TaskFacts
{
    private static readonly Dictionary<RuleCode, string[]> Fields = new()
    {
        [RuleCode.RENT_ARREARS] = ["paidOn", "amountYuan", "ref"],
        [RuleCode.LAND_PRICE_AMOUNT] = ["paidOn", "amountYuan"],
        [RuleCode.TRANSFER_CONTRACT_AND_PAYMENT] = ["contractSignedOn", "paidOn", "amountYuan"],
        [RuleCode.ASSESSMENT_APPLICATION] = ["appliedOn"],
        [RuleCode.ASSESSMENT_DECISION] = ["result", "decidedOn", "noticeReceivedOn"],
        [RuleCode.REGISTRATION] = ["registeredOn"],
        [RuleCode.EXIT_AFTER_FAILED_ASSESSMENT] = ["completedOn"],
        [RuleCode.RENEWAL_DECISION] = ["approvedOn", "approvedYears", "newLeaseEnd", "refusedOn"],
        [RuleCode.MILESTONE] = ["achievedOn"],
        [RuleCode.IDLE_LAND] = ["achievedOn"],
        [RuleCode.RETURN_REFUND] = ["refundPaidOn"],
    };

    /// <summary>The properties of the fact that closes <paramref name="rule"/>'s obligation; empty when no fact of the task closes it (violations, indicators: their actuals are reported with <c>cm indicators report</c>).</summary>
    public static IReadOnlyList<string> FieldsOf(RuleCode rule) => Fields.TryGetValue(rule, out var f) ? f : [];

    /// <summary>The record field(s) the fact of <paramref name="rule"/> is written to, for documentation and messages.</summary>
    public static string TargetOf(RuleCode rule) => rule switch
    {
        RuleCode.RENT_ARREARS => "rentPayments[]",
        RuleCode.LAND_PRICE_AMOUNT => "transfer.pricePayments[]",
        RuleCode.TRANSFER_CONTRACT_AND_PAYMENT => "transfer.contractSignedOn, transfer.pricePayments[]",
        RuleCode.ASSESSMENT_APPLICATION => "assessment.appliedOn",
        RuleCode.ASSESSMENT_DECISION => "assessment.result, assessment.decidedOn, assessment.noticeReceivedOn",
        RuleCode.REGISTRATION => "transfer.registeredOn",
        RuleCode.EXIT_AFTER_FAILED_ASSESSMENT => "exit.completedOn",
        RuleCode.RENEWAL_DECISION => "renewal.approvedOn (approvedYears, newLeaseEnd) or renewal.refusedOn",
        RuleCode.MILESTONE => "agreement.milestones[kind].achievedOn",
        RuleCode.IDLE_LAND => "agreement.milestones[constructionStart].achievedOn",
        RuleCode.RETURN_REFUND => "voluntaryReturn.refundPaidOn",
        _ => "-",
    };

    /// <summary>The lease <paramref name="record"/> with <paramref name="fact"/> for <paramref name="task"/> recorded.</summary>
    /// <returns>The new record (null when nothing changes: the fact is already recorded), a one-line detail for the lease history, and the problems (fields <c>fact.…</c>).</returns>
    public static (LeaseRecord? Record, string Detail, IReadOnlyList<TaskInputError> Errors) Apply(EnforcementTask task, LeaseRecord record, JsonElement fact)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(record);
        var errors = new List<TaskInputError>();
        var allowed = FieldsOf(task.Rule);
        if (allowed.Count == 0)
        {
            errors.Add(new TaskInputError("fact", $"no fact of a {task.Rule} task closes it: resolve it with resolution \"{(TaskResolutions.IsHandledOnly(task.Rule) ? "handled" : "unchanged")}\" and a note"));
            return (null, string.Empty, errors);
        }

        if (fact.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new TaskInputError("fact", $"required: an object {{ {string.Join(", ", allowed)} }} for {task.Rule}"));
            return (null, string.Empty, errors);
        }

        foreach (var p in fact.EnumerateObject())
        {
            if (!allowed.Contains(p.Name))
            {
                errors.Add(new TaskInputError($"fact.{p.Name}", $"unknown for {task.Rule} (expected {string.Join(", ", allowed)})"));
            }
        }

        var v = new FactValues(fact, errors);
        var root = JsonNode.Parse(LeaseRecordJson.Serialize(record))!.AsObject();
        var edit = new RecordEdit(errors);
        switch (task.Rule)
        {
            case RuleCode.RENT_ARREARS:
                edit.AddPayment(root, "rentPayments", v.Date("paidOn", true), v.Amount("amountYuan", true), v.Text("ref"), withRef: true);
                break;
            case RuleCode.LAND_PRICE_AMOUNT:
                edit.AddPayment(Object(root, "transfer"), "pricePayments", v.Date("paidOn", true), v.Amount("amountYuan", true), null, withRef: false, "transfer.");
                break;
            case RuleCode.TRANSFER_CONTRACT_AND_PAYMENT:
                {
                    var signed = v.Date("contractSignedOn", false);
                    var paid = v.Date("paidOn", false);
                    var amount = v.Amount("amountYuan", false);
                    if (signed is null && paid is null && amount is null && errors.Count == 0)
                    {
                        errors.Add(new TaskInputError("fact", "required: contractSignedOn, or paidOn and amountYuan of a land-price payment, or both"));
                    }
                    else if ((paid is null) != (amount is null) && errors.Count == 0)
                    {
                        errors.Add(new TaskInputError(paid is null ? "fact.paidOn" : "fact.amountYuan", "a land-price payment needs both paidOn and amountYuan"));
                    }

                    var transfer = Object(root, "transfer");
                    edit.SetDate(transfer, "contractSignedOn", signed, "transfer.");
                    if (paid is not null && amount is not null)
                    {
                        edit.AddPayment(transfer, "pricePayments", paid, amount, null, withRef: false, "transfer.");
                    }

                    break;
                }

            case RuleCode.ASSESSMENT_APPLICATION:
                edit.SetDate(Object(root, "assessment"), "appliedOn", v.Date("appliedOn", true), "assessment.");
                break;
            case RuleCode.ASSESSMENT_DECISION:
                {
                    var result = v.Text("result");
                    var decided = v.Date("decidedOn", false);
                    var notice = v.Date("noticeReceivedOn", false);
                    if (result is not null and not ("passed" or "failed"))
                    {
                        errors.Add(new TaskInputError("fact.result", $"'{result}' is not passed or failed"));
                        result = null;
                    }

                    if (result is null && decided is null && notice is null && errors.Count == 0)
                    {
                        errors.Add(new TaskInputError("fact", "required: result and decidedOn, or noticeReceivedOn (the written notice), or all three"));
                    }

                    var assessment = Object(root, "assessment");
                    edit.SetText(assessment, "result", result, "assessment.");
                    edit.SetDate(assessment, "decidedOn", decided, "assessment.");
                    edit.SetDate(assessment, "noticeReceivedOn", notice, "assessment.");
                    break;
                }

            case RuleCode.REGISTRATION:
                edit.SetDate(Object(root, "transfer"), "registeredOn", v.Date("registeredOn", true), "transfer.");
                break;
            case RuleCode.EXIT_AFTER_FAILED_ASSESSMENT:
                edit.SetDate(Object(root, "exit"), "completedOn", v.Date("completedOn", true), "exit.");
                break;
            case RuleCode.RENEWAL_DECISION:
                {
                    var approved = v.Date("approvedOn", false);
                    var refused = v.Date("refusedOn", false);
                    var years = v.Years("approvedYears");
                    var newEnd = v.Date("newLeaseEnd", false);
                    if ((approved is null) == (refused is null) && errors.Count == 0)
                    {
                        errors.Add(new TaskInputError("fact", "required: approvedOn (with approvedYears or newLeaseEnd) or refusedOn, not both"));
                    }
                    else if (refused is not null && (years is not null || newEnd is not null))
                    {
                        errors.Add(new TaskInputError(years is not null ? "fact.approvedYears" : "fact.newLeaseEnd", "only with approvedOn (a refused renewal has no term)"));
                    }

                    var renewal = Object(root, "renewal");
                    edit.SetDate(renewal, "approvedOn", approved, "renewal.");
                    edit.SetDate(renewal, "refusedOn", refused, "renewal.");
                    edit.SetNumber(renewal, "approvedYears", years, "renewal.");
                    edit.SetDate(renewal, "newLeaseEnd", newEnd, "renewal.");
                    break;
                }

            case RuleCode.MILESTONE:
            case RuleCode.IDLE_LAND:
                {
                    var kind = task.Rule == RuleCode.IDLE_LAND ? "constructionStart" : MilestoneKindOf(task.Id);
                    var achieved = v.Date("achievedOn", true);
                    var milestones = root["agreement"]?["milestones"] as JsonArray;
                    var index = -1;
                    for (var i = 0; milestones is not null && i < milestones.Count; i++)
                    {
                        if (milestones[i]?["kind"]?.GetValue<string>() == kind)
                        {
                            index = i;
                        }
                    }

                    if (index < 0)
                    {
                        errors.Add(new TaskInputError("fact", $"the lease's agreement has no milestone {kind ?? "?"} any more"));
                    }
                    else
                    {
                        edit.SetDate(milestones![index]!.AsObject(), "achievedOn", achieved, Invariant($"agreement.milestones[{index}]."));
                    }

                    break;
                }

            case RuleCode.RETURN_REFUND:
                edit.SetDate(Object(root, "voluntaryReturn"), "refundPaidOn", v.Date("refundPaidOn", true), "voluntaryReturn.");
                break;
        }

        if (errors.Count > 0)
        {
            return (null, string.Empty, errors);
        }

        if (edit.Changes.Count == 0)
        {
            return (null, $"{task.Rule}: already recorded", errors);
        }

        var read = LeaseRecordReader.ReadMany(root.ToJsonString());
        if (!read.IsValid || read.Records.Count != 1)
        {
            // The fact does not fit the record (e.g. a notice before the decision): name the fact's field where it is one.
            errors.AddRange(read.Errors.Select(e => new TaskInputError(edit.FactFieldOf(e.Field), e.Message)));
            return (null, string.Empty, errors);
        }

        var detail = $"task {task.PublicId} {task.Rule}: {string.Join("; ", edit.Changes)}";
        return (read.Records[0], detail, errors);
    }

    private static string? MilestoneKindOf(string key)
    {
        var parts = key.Split(AlertKey.Separator);
        if (parts.Length < 3)
        {
            return null;
        }

        var colon = parts[2].IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? parts[2][..colon] : null;
    }

    private static JsonObject Object(JsonObject root, string name)
    {
        if (root[name] is JsonObject o)
        {
            return o;
        }

        o = [];
        root[name] = o;
        return o;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The edits of one fact on the record's wire JSON: the changes made (for the history line), the problems, and which record path each written value came from (so a validation error names the fact's field).</summary>
    private sealed class RecordEdit(List<TaskInputError> errors)
    {
        private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);

        /// <summary>What was written, one entry a value.</summary>
        public List<string> Changes { get; } = [];

        /// <summary>The fact's field behind the record path <paramref name="recordField"/>, or the path itself.</summary>
        public string FactFieldOf(string recordField) => _paths.TryGetValue(recordField, out var f) ? f : recordField;

        /// <summary>Appends a payment to the array <paramref name="name"/> unless the same one (day, amount, reference) is there.</summary>
        public void AddPayment(JsonObject owner, string name, DateOnly? paidOn, decimal? amount, string? reference, bool withRef, string prefix = "")
        {
            if (paidOn is not { } day || amount is not { } yuan)
            {
                return;
            }

            if (owner[name] is not JsonArray payments)
            {
                payments = [];
                owner[name] = payments;
            }

            var date = FieldFormats.FormatDate(day);
            foreach (var p in payments)
            {
                if (p?["paidOn"]?.GetValue<string>() == date && p["amountYuan"]?.GetValue<decimal>() == yuan
                    && (!withRef || (p["ref"]?.GetValue<string>() ?? string.Empty) == (reference ?? string.Empty)))
                {
                    return; // Already recorded: a retried resolve never pays twice.
                }
            }

            var payment = new JsonObject { ["paidOn"] = date, ["amountYuan"] = yuan };
            if (withRef)
            {
                payment["ref"] = reference;
            }

            var at = Invariant($"{prefix}{name}[{payments.Count}]");
            _paths[at + ".paidOn"] = "fact.paidOn";
            _paths[at + ".amountYuan"] = "fact.amountYuan";
            _paths[at + ".ref"] = "fact.ref";
            payments.Add(payment);
            Changes.Add(Invariant($"{prefix}{name} += {date} {yuan:0.00}{(reference is null ? string.Empty : " (" + reference + ")")}"));
        }

        /// <summary>Writes a day field (see <see cref="SetText"/>).</summary>
        public void SetDate(JsonObject owner, string name, DateOnly? value, string prefix) =>
            SetText(owner, name, value is { } d ? FieldFormats.FormatDate(d) : null, prefix);

        /// <summary>Writes a field not yet recorded; the same value changes nothing, another value is refused (fact.<paramref name="name"/>).</summary>
        public void SetText(JsonObject owner, string name, string? value, string prefix)
        {
            if (value is null)
            {
                return;
            }

            var current = owner[name] is JsonValue j && j.TryGetValue<string>(out var s) ? s : null;
            if (current == value)
            {
                return;
            }

            if (current is not null)
            {
                errors.Add(new TaskInputError($"fact.{name}", $"{prefix}{name} is already recorded as {current}: correct the record with a full write (PUT or import), not a task"));
                return;
            }

            owner[name] = value;
            _paths[prefix + name] = $"fact.{name}";
            Changes.Add($"{prefix}{name} = {value}");
        }

        /// <summary>Writes a whole-number field, as <see cref="SetText"/>.</summary>
        public void SetNumber(JsonObject owner, string name, int? value, string prefix)
        {
            if (value is not { } n)
            {
                return;
            }

            var current = owner[name] is JsonValue j && j.TryGetValue<int>(out var c) ? c : (int?)null;
            if (current == n)
            {
                return;
            }

            if (current is not null)
            {
                errors.Add(new TaskInputError($"fact.{name}", Invariant($"{prefix}{name} is already recorded as {current}: correct the record with a full write (PUT or import), not a task")));
                return;
            }

            owner[name] = n;
            _paths[prefix + name] = $"fact.{name}";
            Changes.Add(Invariant($"{prefix}{name} = {n}"));
        }
    }

    /// <summary>Reads the fact's properties, each problem named <c>fact.name</c>.</summary>
    private sealed class FactValues(JsonElement fact, List<TaskInputError> errors)
    {
        public DateOnly? Date(string name, bool required)
        {
            if (!fact.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    errors.Add(new TaskInputError($"fact.{name}", "required: a day yyyy-MM-dd"));
                }

                return null;
            }

            if (e.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            errors.Add(new TaskInputError($"fact.{name}", $"'{Raw(e)}' is not a day yyyy-MM-dd"));
            return null;
        }

        public decimal? Amount(string name, bool required)
        {
            if (!fact.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    errors.Add(new TaskInputError($"fact.{name}", "required: an amount in yuan > 0, at most two decimals"));
                }

                return null;
            }

            if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var m) && m > 0 && decimal.Round(m, 2) == m)
            {
                return m;
            }

            errors.Add(new TaskInputError($"fact.{name}", $"'{Raw(e)}' is not an amount in yuan > 0 with at most two decimals"));
            return null;
        }

        public int? Years(string name)
        {
            if (!fact.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= 1)
            {
                return n;
            }

            errors.Add(new TaskInputError($"fact.{name}", $"'{Raw(e)}' is not a whole number of years ≥ 1"));
            return null;
        }

        public string? Text(string name)
        {
            if (!fact.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (e.ValueKind == JsonValueKind.String && e.GetString() is { } s && s.Trim().Length is > 0 and <= 200)
            {
                return s.Trim();
            }

            errors.Add(new TaskInputError($"fact.{name}", "must be a text of 1-200 characters"));
            return null;
        }

        private static string Raw(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
    }
}
