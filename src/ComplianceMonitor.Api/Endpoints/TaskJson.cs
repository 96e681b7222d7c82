using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Text.Json;
using ComplianceMonitor.Domain.Findings;

namespace ComplianceMonitor.Api.Endpoints;

/// <summary>The wire form of an enforcement task (camelCase; dates <c>yyyy-MM-dd</c>; instants ISO 8601 UTC).</summary>
public static class TaskJson
{
    /// <summary>Writes one task as a JSON object.</summary>
    public static void Write(Utf8JsonWriter w, EnforcementTask t)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(t);
        w.WriteStartObject();
        w.WriteString("id", t.PublicId);
        w.WriteString("key", t.Id);
        w.WriteString("districtCode", t.DistrictCode);
        w.WriteString("leaseId", t.LeaseId);
        w.WriteString("rule", t.Rule.ToString());
        w.WriteString("department", Departments.WireName(t.Department));
        w.WriteString("departmentName", Departments.NameOf(t.Department));
        w.WriteString("summary", t.Summary);
        w.WriteString("basis", t.Basis);
        w.WriteString("openedOn", CheckResultJson.Date(t.OpenedOn));
        w.WriteString("dueOn", CheckResultJson.Date(t.DueOn));
        w.WriteString("state", EnforcementTask.Wire(t.State));
        w.WriteBoolean("escalated", t.Escalated);
        if (t.EscalatedOn is { } on)
        {
            w.WriteString("escalatedOn", CheckResultJson.Date(on));
        }
        else
        {
            w.WriteNull("escalatedOn");
        }

        if (t.Resolution is { } resolution)
        {
            w.WriteString("resolution", TaskResolutions.Wire(resolution));
        }
        else
        {
            w.WriteNull("resolution");
        }

        w.WriteBoolean("awaitsScan", t.AwaitsScan);
        w.WriteStartArray("history");
        foreach (var h in t.History)
        {
            w.WriteStartObject();
            w.WriteString("action", h.Action);
            w.WriteString("state", EnforcementTask.Wire(h.State));
            w.WriteString("by", h.By);
            w.WriteString("at", h.At.ToUniversalTime());
            if (h.Note is null)
            {
                w.WriteNull("note");
            }
            else
            {
                w.WriteString("note", h.Note);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
