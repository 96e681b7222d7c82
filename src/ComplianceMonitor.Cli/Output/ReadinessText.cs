using System.Globalization;
using ComplianceMonitor.Domain.Agreements;

namespace ComplianceMonitor.Cli.Output;

/// <summary>A lease's assessment readiness as one line of the text output (agreement.md).</summary>
public static class ReadinessText
{
    /// <summary>E.g. <c>readiness: offTrack (偏离) · 考核申请截止 2027-02-28 · 投资强度达标率77.5%（2025年度），低于80%</c>.</summary>
    public static string Line(string indent, Readiness readiness)
    {
        ArgumentNullException.ThrowIfNull(readiness);
        var reasons = readiness.Reasons.Count == 0 ? string.Empty : " · " + string.Join("；", readiness.Reasons);
        return string.Create(CultureInfo.InvariantCulture,
            $"{indent}readiness: {ReadinessAssessor.WireName(readiness.Overall)} ({ReadinessAssessor.Chinese(readiness.Overall)}) · 考核申请截止 {readiness.AssessmentApplicationDeadline:yyyy-MM-dd}{reasons}");
    }
}
