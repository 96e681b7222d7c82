using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Records;

/// <summary>Writes the record's <c>agreement</c> and <c>voluntaryReturn</c> in the wire JSON (agreement.md); <see cref="AgreementReader"/> reads it back equal.</summary>
/// <remarks>
/// Both are written only when recorded, so a record without them is written exactly as before (stored records,
/// fingerprints and the public contract do not change for leases without an agreement). Inside them every field is
/// written, unrecorded values as <c>null</c>; a period as <c>"yyyy"</c>.
/// </remarks>
internal static class AgreementJson
{
    /// <summary>Writes <c>agreement</c> and <c>voluntaryReturn</c> of <paramref name="record"/> when recorded.</summary>
    public static void Write(Utf8JsonWriter writer, LeaseRecord record)
    {
        if (record.Agreement is { } agreement)
        {
            WriteAgreement(writer, agreement);
        }

        if (record.VoluntaryReturn is { } r)
        {
            writer.WriteStartObject(AgreementReader.ReturnProperty);
            WriteDate(writer, "appliedOn", r.AppliedOn);
            WriteDate(writer, "acceptedOn", r.AcceptedOn);
            WriteDate(writer, "refundPaidOn", r.RefundPaidOn);
            writer.WriteEndObject();
        }
    }

    private static void WriteAgreement(Utf8JsonWriter writer, Agreement agreement)
    {
        writer.WriteStartObject(AgreementReader.AgreementProperty);
        writer.WriteString("ref", agreement.Ref);
        WriteDate(writer, "signedOn", agreement.SignedOn);
        writer.WriteStartArray("milestones");
        foreach (var m in agreement.Milestones)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", AgreementWireNames.Of(m.Kind));
            WriteDate(writer, "agreedOn", m.AgreedOn);
            WriteDate(writer, "achievedOn", m.AchievedOn);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("indicators");
        foreach (var i in agreement.Indicators)
        {
            writer.WriteStartObject();
            writer.WriteString("code", i.Code);
            writer.WriteString("name", i.Name);
            writer.WriteString("unit", i.Unit);
            writer.WriteString("direction", AgreementWireNames.Of(i.Direction));
            writer.WriteNumber("target", i.Target);
            writer.WriteStartArray("actuals");
            foreach (var a in i.Actuals)
            {
                writer.WriteStartObject();
                writer.WriteString("period", a.Period.ToString("D4", CultureInfo.InvariantCulture));
                writer.WriteNumber("value", a.Value);
                WriteDate(writer, "reportedOn", a.ReportedOn);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (agreement.Damages is { } d)
        {
            writer.WriteStartObject("damages");
            writer.WriteNumber("lateMilestonePermillePerDay", d.LateMilestonePermillePerDay);
            writer.WriteString("base", AgreementWireNames.Of(d.Base));
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("damages");
        }

        writer.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter writer, string name, DateOnly? date)
    {
        if (date is { } d)
        {
            writer.WriteString(name, FieldFormats.FormatDate(d));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
