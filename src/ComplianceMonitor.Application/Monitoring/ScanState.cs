using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Application.Monitoring;

/// <summary>The fingerprint of what a scan reconciles for one lease on one day: if it equals the fingerprint stored by the last scan, the lease's alerts need no comparison.</summary>
/// <remarks>
/// <para>It covers exactly what can make <see cref="AlertReconciler.Plan"/> write: for each finding its alert key,
/// status, severity, deadline, amount, responsible party and basis, the reminder stage due today, and whether the
/// finding needs an enforcement task; and the lease's land-user and parcel names (copied onto its alerts). The
/// message is left out on purpose: a wording-only change (a day count) never causes a write. The set of findings
/// is covered too, so a finding that disappeared (an alert to resolve) changes the fingerprint.</para>
/// <para>A scan stores the fingerprint only after every alert, reminder and task write of the lease succeeded.
/// <see cref="Version"/> and the cadence settings enter the hash, so a change to the scan's code or configuration
/// makes every stored fingerprint differ and the next scan compares everything. Task escalation is date-driven
/// and is not covered: scans keep reading the active tasks. Leases are never deleted by the product, so no alert
/// can belong to a lease the scan does not see.</para>
/// </remarks>
public static class ScanState
{
    /// <summary>Bump when the scan's reconciliation changes: every stored fingerprint then differs.</summary>
    public const int Version = 1;

    /// <summary>The configuration part of the fingerprint (version and cadence), computed once per scan.</summary>
    public static string Seed(ReminderCadence cadence)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"v{Version};{string.Join(',', cadence.DaysBefore)};{cadence.OverdueEveryDays};{string.Join(',', cadence.TransferWindowDaysBefore)};{cadence.SmsWithinDays}");
    }

    /// <summary>The fingerprint (32 hex digits) of <paramref name="lease"/>'s findings on <paramref name="asOf"/>.</summary>
    public static string Compute(string seed, ReminderCadence cadence, LeaseRecord lease, IReadOnlyList<Finding> findings, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(findings);
        var sb = new StringBuilder(128 + (96 * findings.Count));
        sb.Append(seed).Append('\n').Append(lease.LandUser.Name).Append('\n').Append(lease.Parcel.Name).Append('\n');
        foreach (var f in findings)
        {
            sb.Append(AlertKey.For(lease.LeaseId, f.Rule, f.Subject)).Append('\u001f')
                .Append(WireNames.Of(f.Status)).Append('\u001f')
                .Append(WireNames.Of(f.Severity)).Append('\u001f')
                .Append(f.Deadline is { } d ? d.DayNumber.ToString(CultureInfo.InvariantCulture) : "-").Append('\u001f')
                .Append(f.AmountYuan is { } a ? a.ToString(CultureInfo.InvariantCulture) : "-").Append('\u001f')
                .Append(WireNames.Of(f.Responsible)).Append('\u001f')
                .Append(f.Basis).Append('\u001f')
                .Append(cadence.CurrentStage(f, asOf)?.Name ?? "-").Append('\u001f')
                .Append(NeedsTask(f) ? 'T' : '-').Append('\n');
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static bool NeedsTask(Finding f) =>
        f.Status is FindingStatus.Overdue or FindingStatus.Violation && Departments.For(f.Rule) is not null;
}
