using System.Globalization;
using System.Text.Json;
using ComplianceMonitor.Domain.Agreements;

namespace ComplianceMonitor.Domain.Findings;

/// <summary>Writes a lease's assessment readiness as the additive <c>readiness</c> object of the check output (agreement.md).</summary>
/// <remarks>
/// <code>
/// "readiness": { "overall": "atRisk", "assessmentApplicationDeadline": "2028-08-31",
///   "milestones": [ { "kind", "agreedOn", "achievedOn", "daysLate" } ],
///   "indicators": [ { "code", "name", "unit", "direction", "target", "latestPeriod", "latestValue", "ratio", "meets", "trend" } ],
///   "reasons": [ "…" ] }
/// </code>
/// Written only for a lease with an agreement, so every other check result is written exactly as before.
/// </remarks>
public static class ReadinessJson
{
    /// <summary>Writes the <c>readiness</c> property (name and object).</summary>
    public static void Write(Utf8JsonWriter writer, Readiness readiness)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(readiness);
        writer.WritePropertyName("readiness");
        WriteValue(writer, readiness);
    }

    /// <summary>Writes the readiness object itself (no property name).</summary>
    public static void WriteValue(Utf8JsonWriter writer, Readiness readiness)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(readiness);
        writer.WriteStartObject();
        writer.WriteString("overall", ReadinessAssessor.WireName(readiness.Overall));
        writer.WriteString("assessmentApplicationDeadline", CheckResultJson.Date(readiness.AssessmentApplicationDeadline));
        writer.WriteStartArray("milestones");
        foreach (var m in readiness.Milestones)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", AgreementWireNames.Of(m.Kind));
            writer.WriteString("agreedOn", CheckResultJson.Date(m.AgreedOn));
            if (m.AchievedOn is { } a)
            {
                writer.WriteString("achievedOn", CheckResultJson.Date(a));
            }
            else
            {
                writer.WriteNull("achievedOn");
            }

            writer.WriteNumber("daysLate", m.DaysLate);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("indicators");
        foreach (var i in readiness.Indicators)
        {
            writer.WriteStartObject();
            writer.WriteString("code", i.Indicator.Code);
            writer.WriteString("name", i.Indicator.Name);
            writer.WriteString("unit", i.Indicator.Unit);
            writer.WriteString("direction", AgreementWireNames.Of(i.Indicator.Direction));
            writer.WriteNumber("target", i.Indicator.Target);
            if (i.Latest is { } latest)
            {
                writer.WriteString("latestPeriod", latest.Period.ToString("D4", CultureInfo.InvariantCulture));
                writer.WriteNumber("latestValue", latest.Value);
            }
            else
            {
                writer.WriteNull("latestPeriod");
                writer.WriteNull("latestValue");
            }

            WriteNullable(writer, "ratio", i.Ratio);
            if (i.Meets is { } meets)
            {
                writer.WriteBoolean("meets", meets);
            }
            else
            {
                writer.WriteNull("meets");
            }

            if (i.Trend is { } trend)
            {
                writer.WriteString("trend", ReadinessAssessor.WireName(trend));
            }
            else
            {
                writer.WriteNull("trend");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("reasons");
        foreach (var r in readiness.Reasons)
        {
            writer.WriteStringValue(r);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
