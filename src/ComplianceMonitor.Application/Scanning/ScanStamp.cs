using System.Globalization;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>
/// What a scan stores on a lease after reconciling it: the <see cref="ScanState"/> fingerprint, the days it holds for, the
/// digest of the scan's seed (version, cadence, rule revision) and the number of findings. A later scan whose day falls in
/// the window, under the same seed, knows the fingerprint without parsing or evaluating the lease: it is unchanged.
/// </summary>
/// <remarks>
/// <para>The window is found by evaluating the lease on each following day, up to <see cref="WindowDays"/> days, until its
/// fingerprint differs (a reminder stage falls due, a deadline passes, a task opens): it is exact, not estimated. A lease
/// whose findings carry warnings (for example a deadline counted without holiday data) gets no window, so every scan
/// evaluates it and reports its warnings.</para>
/// <para>Any change to the record replaces the lease entity and drops the stamp (the lease store's contract), so a stamp
/// always describes the record it is stored on. Format: <c>fingerprint;seed;from;through;findings</c> (dates yyyyMMdd).
/// A bare 32-digit fingerprint (written before stamps) has no window.</para>
/// </remarks>
public readonly record struct ScanStamp(string Fingerprint, string SeedDigest, DateOnly From, DateOnly Through, int Findings)
{
    /// <summary>How many days after the scan's day a window may reach.</summary>
    public const int WindowDays = 7;

    private const string DayFormat = "yyyyMMdd";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RuleEngine, string> EngineIds = [];

    /// <summary>Whether the stamp holds for a scan of <paramref name="day"/> under the seed whose digest is <paramref name="seedDigest"/>.</summary>
    public bool Covers(DateOnly day, string seedDigest) =>
        From <= day && day <= Through && string.Equals(SeedDigest, seedDigest, StringComparison.Ordinal);

    /// <summary>The stored form.</summary>
    public string Format() =>
        string.Create(CultureInfo.InvariantCulture, $"{Fingerprint};{SeedDigest};{From.ToString(DayFormat, CultureInfo.InvariantCulture)};{Through.ToString(DayFormat, CultureInfo.InvariantCulture)};{Findings}");

    /// <summary>
    /// The digest (the first 16 hex digits of a SHA-256) of what a scan's evaluation depends on besides the record and the day: its seed
    /// (<see cref="ScanState.Seed(Reminders.ReminderCadence, int)"/>: version, cadence, rule revision), the rules of
    /// <paramref name="engine"/> and the builds of their code, of the domain (policy and holiday data are embedded in it) and of
    /// this scan. A new build or a different rule set changes it, so the first scan after a deployment evaluates every lease.
    /// An engine other than <see cref="RuleEngine.Default"/> (other parameter sets or holidays, configured rules) also enters
    /// by its identity: its stamps hold only for scans by that same instance.
    /// </summary>
    public static string Digest(string seed, RuleEngine engine)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(engine);
        var modules = new SortedSet<string>(StringComparer.Ordinal)
        {
            typeof(RuleEngine).Module.ModuleVersionId.ToString("N"),
            typeof(ScanStamp).Module.ModuleVersionId.ToString("N"),
        };
        var text = new System.Text.StringBuilder(seed);
        foreach (var rule in engine.Rules)
        {
            var type = rule.GetType();
            text.Append('|').Append(type.FullName);
            modules.Add(type.Module.ModuleVersionId.ToString("N"));
        }

        foreach (var module in modules)
        {
            text.Append('|').Append(module);
        }

        if (!ReferenceEquals(engine, RuleEngine.Default))
        {
            // Only the product's engine has all it reads in the builds above (parameterless rules, the embedded parameter sets and
            // holidays). Another engine may carry other parameter sets, another calendar or configured rules under the same types:
            // its stamps hold only for scans by that very instance.
            text.Append('|').Append(EngineIds.GetValue(engine, static _ => Guid.NewGuid().ToString("N")));
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The fingerprint part of a stored value (a stamp or a bare fingerprint), or null.</summary>
    public static string? FingerprintOf(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        var cut = stored.IndexOf(';', StringComparison.Ordinal);
        return cut < 0 ? stored : stored[..cut];
    }

    /// <summary>Reads a stored stamp; null for none, a bare fingerprint or anything malformed (the lease is then evaluated).</summary>
    public static ScanStamp? Parse(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        var parts = stored.Split(';');
        if (parts.Length != 5
            || parts[0].Length == 0
            || parts[1].Length == 0
            || !DateOnly.TryParseExact(parts[2], DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(parts[3], DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var through)
            || !int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var findings)
            || through < from)
        {
            return null;
        }

        return new ScanStamp(parts[0], parts[1], from, through, findings);
    }
}
