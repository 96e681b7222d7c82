using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Records;

/// <summary>Reads the record's <c>agreement</c> and <c>voluntaryReturn</c> (agreement.md), validating every field and listing every problem.</summary>
/// <remarks>
/// Paths follow the record's: <c>agreement.milestones[1].agreedOn</c>, <c>agreement.indicators[0].actuals[2].period</c>,
/// <c>voluntaryReturn.acceptedOn</c>. Besides each field's own rules: a milestone kind, an indicator code and an
/// indicator's period appear at most once; the <c>constructionCompletion</c> milestone's <c>achievedOn</c> equals
/// <c>constructionCompletedOn</c> when both are given; a return is applied for, then accepted, then refunded, in that order.
/// </remarks>
internal static class AgreementReader
{
    /// <summary>The property name of the agreement in a record.</summary>
    public const string AgreementProperty = "agreement";

    /// <summary>The property name of the voluntary return in a record.</summary>
    public const string ReturnProperty = "voluntaryReturn";

    private static readonly PropertyNames AgreementProperties = new("ref", "signedOn", "milestones", "indicators", "damages");
    private static readonly PropertyNames MilestoneProperties = new("kind", "agreedOn", "achievedOn");
    private static readonly PropertyNames IndicatorProperties = new("code", "name", "unit", "direction", "target", "actuals");
    private static readonly PropertyNames ActualProperties = new("period", "value", "reportedOn");
    private static readonly PropertyNames DamagesProperties = new("lateMilestonePermillePerDay", "base");
    private static readonly PropertyNames ReturnProperties = new("appliedOn", "acceptedOn", "refundPaidOn");

    private static readonly WireEnum<MilestoneKind> Kinds = new(AgreementWireNames.Of);
    private static readonly WireEnum<IndicatorDirection> Directions = new(AgreementWireNames.Of);
    private static readonly WireEnum<DamagesBase> Bases = new(AgreementWireNames.Of);

    /// <summary>Reads the record's agreement, or null when none is recorded (or it is not an object, which is reported).</summary>
    public static Agreement? ReadAgreement(JsonObjectView record, DateOnly? constructionCompletedOn)
    {
        if (record.Object(AgreementProperty, AgreementProperties) is not { } a)
        {
            return null;
        }

        var reference = a.Text("ref", required: true);
        var signedOn = a.Date("signedOn");
        var kinds = new HashSet<MilestoneKind>();
        var milestones = a.Items("milestones", MilestoneProperties, m => ReadMilestone(m, kinds, constructionCompletedOn));
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var indicators = a.Items("indicators", IndicatorProperties, i => ReadIndicator(i, codes));
        var damages = a.Object("damages", DamagesProperties) is { } d ? ReadDamages(d) : null;
        return reference is null
            ? null
            : new Agreement { Ref = reference, SignedOn = signedOn, Milestones = milestones, Indicators = indicators, Damages = damages };
    }

    /// <summary>Reads the record's voluntary return, or null when none is recorded.</summary>
    public static VoluntaryReturn? ReadReturn(JsonObjectView record)
    {
        if (record.Object(ReturnProperty, ReturnProperties) is not { } r)
        {
            return null;
        }

        var applied = r.Date("appliedOn");
        var accepted = r.Date("acceptedOn");
        var refunded = r.Date("refundPaidOn");
        if (r.IsRecorded("acceptedOn") && !r.IsRecorded("appliedOn"))
        {
            r.Error("acceptedOn", AgreementMessages.AcceptedWithoutApplication);
        }
        else if (accepted is { } ac && applied is { } ap && ac < ap)
        {
            r.Error("acceptedOn", AgreementMessages.NotBefore("appliedOn", ap));
        }

        if (r.IsRecorded("refundPaidOn") && !r.IsRecorded("acceptedOn"))
        {
            r.Error("refundPaidOn", AgreementMessages.RefundWithoutAcceptance);
        }
        else if (refunded is { } rp && accepted is { } acc && rp < acc)
        {
            r.Error("refundPaidOn", AgreementMessages.NotBefore("acceptedOn", acc));
        }

        return new VoluntaryReturn { AppliedOn = applied, AcceptedOn = accepted, RefundPaidOn = refunded };
    }

    private static Milestone? ReadMilestone(JsonObjectView m, HashSet<MilestoneKind> seen, DateOnly? constructionCompletedOn)
    {
        var kind = m.Choice("kind", Kinds, required: true);
        var agreedOn = m.Date("agreedOn", required: true);
        var achievedOn = m.Date("achievedOn");
        if (kind is { } k && !seen.Add(k))
        {
            m.Error("kind", AgreementMessages.DuplicateKind(AgreementWireNames.Of(k)));
        }

        if (kind == MilestoneKind.ConstructionCompletion && achievedOn is { } achieved
            && constructionCompletedOn is { } completed && achieved != completed)
        {
            m.Error("achievedOn", AgreementMessages.CompletionDisagrees(completed));
        }

        return kind is { } kk && agreedOn is { } agreed ? new Milestone(kk, agreed, achievedOn) : null;
    }

    private static Indicator? ReadIndicator(JsonObjectView i, HashSet<string> seen)
    {
        var code = i.Text("code", required: true);
        if (code is not null && !IsCode(code))
        {
            i.Error("code", AgreementMessages.IndicatorCode);
            code = null;
        }
        else if (code is not null && !seen.Add(code))
        {
            i.Error("code", AgreementMessages.DuplicateCode(code));
        }

        var name = i.Text("name", required: true);
        var unit = i.Text("unit");
        var direction = i.Choice("direction", Directions, required: true);
        var target = i.Positive("target", required: true);
        var periods = new HashSet<int>();
        var actuals = i.Items("actuals", ActualProperties, a => ReadActual(a, periods));
        return code is null || name is null || direction is null || target is null
            ? null
            : new Indicator { Code = code, Name = name, Unit = unit, Direction = direction.Value, Target = target.Value, Actuals = actuals };
    }

    private static IndicatorActual? ReadActual(JsonObjectView a, HashSet<int> seen)
    {
        var periodText = a.Text("period", required: true);
        int? period = null;
        if (periodText is not null)
        {
            if (TryParsePeriod(periodText, out var year))
            {
                period = year;
                if (!seen.Add(year))
                {
                    a.Error("period", AgreementMessages.DuplicatePeriod(periodText));
                }
            }
            else
            {
                a.Error("period", AgreementMessages.Period);
            }
        }

        var value = a.NonNegative("value", required: true);
        var reportedOn = a.Date("reportedOn", required: true);
        return period is { } p && value is { } v && reportedOn is { } r ? new IndicatorActual(p, v, r) : null;
    }

    private static AgreementDamages? ReadDamages(JsonObjectView d)
    {
        var permille = d.Positive("lateMilestonePermillePerDay", required: true);
        var basis = d.Choice("base", Bases, required: true);
        return permille is { } p && basis is { } b ? new AgreementDamages(p, b) : null;
    }

    /// <summary>Whether <paramref name="text"/> is a period: a year written as four ASCII digits, 1900-9999.</summary>
    public static bool TryParsePeriod(string text, out int year)
    {
        year = 0;
        if (text.Length != 4)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            year = (year * 10) + (c - '0');
        }

        return year >= 1900;
    }

    /// <summary>Whether <paramref name="text"/> is an indicator code: 1-64 ASCII letters, digits, <c>-</c> or <c>_</c>.</summary>
    public static bool IsCode(string text) => FieldFormats.IsLeaseId(text);
}
