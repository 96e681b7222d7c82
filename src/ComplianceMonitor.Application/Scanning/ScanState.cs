using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>The fingerprint of what a scan reconciles for one lease on one day: if it equals the fingerprint stored by the last scan, the lease's alerts need no comparison.</summary>
/// <remarks>
/// <para>It covers exactly what can make <see cref="AlertReconciler.Plan(Alert?, LeaseRecord, Finding, DateOnly, DateTimeOffset, int)"/> write: for each finding its alert key,
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
    public const int Version = 2;

    /// <summary>The configuration part of the fingerprint (version and cadence), computed once per scan.</summary>
    public static string Seed(ReminderCadence cadence)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"v{Version};{string.Join(',', cadence.DaysBefore)};{cadence.OverdueEveryDays};{string.Join(',', cadence.TransferWindowDaysBefore)};{cadence.SmsWithinDays}");
    }

    /// <summary>The configuration part of the fingerprint for a scan under rule revision <paramref name="revision"/>: a new revision makes every stored fingerprint differ, so its first scan compares every lease (and closes what the revision removed).</summary>
    public static string Seed(ReminderCadence cadence, int revision) =>
        string.Create(CultureInfo.InvariantCulture, $"{Seed(cadence)};r{revision}");

    /// <summary>The fingerprint (32 hex digits) of <paramref name="lease"/>'s findings on <paramref name="asOf"/>.</summary>
    /// <remarks>A 128-bit non-cryptographic hash (two decorrelated 64-bit FNV-1a lanes, finalised): it only has to tell a changed state from an unchanged one, and runs for every lease of every scan.</remarks>
    public static string Compute(string seed, ReminderCadence cadence, LeaseRecord lease, IReadOnlyList<Finding> findings, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(findings);
        var h = new Hasher();
        h.Add(seed);
        h.Add(lease.LeaseId);
        h.Add(lease.LandUser.Name);
        h.Add(lease.Parcel.Name);
        h.Add(findings.Count);
        foreach (var f in findings)
        {
            // Rule and subject identify the alert (its key is a function of them and the lease id).
            h.Add((int)f.Rule);
            h.Add(f.Subject);
            h.Add((int)f.Status);
            h.Add((int)f.Severity);
            h.Add(f.Deadline?.DayNumber ?? -1);
            h.Add(f.AmountYuan is { } a ? a.ToString(CultureInfo.InvariantCulture) : "-");
            h.Add((int)f.Responsible);
            h.Add(f.Basis);
            h.Add(cadence.CurrentStage(f, asOf)?.Name ?? "-");
            h.Add(TaskOpening.Opens(f, asOf) ? 1 : 0);
        }

        return h.ToHex();
    }

    /// <summary>Two 64-bit FNV-1a lanes with different offsets and multipliers; each value is length- or terminator-delimited.</summary>
    private struct Hasher
    {
        private ulong _a;
        private ulong _b;

        public Hasher()
        {
            _a = 0xcbf29ce484222325UL;
            _b = 0x6c62272e07bb0142UL;
        }

        public void Add(string? text)
        {
            foreach (var c in text ?? string.Empty)
            {
                Mix(c);
            }

            Mix(0xFFFF); // terminator: no char of a string
        }

        public void Add(int value)
        {
            Mix((uint)value & 0xFFFF);
            Mix((uint)value >> 16);
            Mix(0xFFFE);
        }

        public readonly string ToHex()
        {
            Span<byte> bytes = stackalloc byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, Final(_a));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Final(_b ^ _a));
            return Convert.ToHexStringLower(bytes);
        }

        private void Mix(uint c)
        {
            _a = (_a ^ c) * 0x100000001b3UL;
            _b = System.Numerics.BitOperations.RotateLeft((_b ^ c) * 0x9E3779B97F4A7C15UL, 31);
        }

        private static ulong Final(ulong k)
        {
            k ^= k >> 33;
            k *= 0xff51afd7ed558ccdUL;
            k ^= k >> 33;
            k *= 0xc4ceb9fe1a85ec53UL;
            k ^= k >> 33;
            return k;
        }
    }
}
