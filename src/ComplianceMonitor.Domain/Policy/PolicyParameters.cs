using System.Reflection;
using System.Text.Json;

namespace ComplianceMonitor.Domain.Policy;

/// <summary>One set of policy parameters, in effect from <see cref="EffectiveFrom"/> until the next set starts.</summary>
/// <remarks>
/// A later revision of the policy, or another city's policy, is a new parameter set (data), not new code.
/// The sets ship as <c>Policy/Data/parameter-sets.json</c>, embedded in the assembly.
/// </remarks>
public sealed record PolicyParameters
{
    /// <summary>The rule-set id reported as <c>ruleSet</c> in every check, e.g. <c>beijing-2024</c>.</summary>
    public required string Id { get; init; }
    /// <summary>First day (inclusive) on which this set applies.</summary>
    public required DateOnly EffectiveFrom { get; init; }
    /// <summary>Months of lease that must remain when the assessment is applied for. <value>The default value is 6.</value></summary>
    public int AssessmentLeadMonths { get; init; } = 6;
    /// <summary>Days after receipt of the pass notice to sign and pay. <value>The default value is 15.</value></summary>
    public int TransferWindowDays { get; init; } = 15;
    /// <summary>Longest lease term in years. <value>The default value is 5.</value></summary>
    public int MaxLeaseYears { get; init; } = 5;
    /// <summary>Longest lease + transfer term without a major-project approval. <value>The default value is 20.</value></summary>
    public int MaxTotalYears { get; init; } = 20;
    /// <summary>Statutory maximum for industrial land, in any case. <value>The default value is 50.</value></summary>
    public int StatutoryMaxYears { get; init; } = 50;
    /// <summary>Longest renewal in years. <value>The default value is 2.</value></summary>
    public int MaxRenewalYears { get; init; } = 2;
    /// <summary>
    /// The district's follow-up target for a missing registration, in days after the lease ends (not a legal deadline: the guideline
    /// sets none; policy revision 2). <value>The default value is 30.</value>
    /// </summary>
    public int RegistrationEscalationDays { get; init; } = 30;
    /// <summary>Tolerance of formula checks on money, in yuan. <value>The default value is 1.</value></summary>
    public decimal MoneyToleranceYuan { get; init; } = 1m;
    /// <summary>Upcoming findings within this many days are warnings, beyond it info. <value>The default value is 30.</value></summary>
    public int WarningWindowDays { get; init; } = 30;
    /// <summary>
    /// The guideline's last valid day (inclusive): issued and in force 2024-02-18, valid five years, counted as the Civil Code counts a
    /// period in years (arts. 201-202). <value>The default value is 2029-02-18.</value>
    /// </summary>
    public DateOnly PolicyLastValidDay { get; init; } = new(2029, 2, 18);
    /// <summary>
    /// A reading of 三（四）: whether the land price on transfer deducts the rent paid for a renewal as well as for the lease period
    /// (the guideline says 租赁期已缴纳租金总额, and writes 租赁期（含续租期） where it means to include the renewal).
    /// <value>The default value is false.</value>
    /// </summary>
    public bool LandPriceDeductsRenewalRent { get; init; }
    /// <summary>The agreement watch's parameters (agreement.md). <value>The default value is <see cref="Agreements.AgreementParameters"/>'s defaults.</value></summary>
    public Agreements.AgreementParameters Agreement { get; init; } = new();
}

/// <summary>The parameter sets the product knows, and which is in effect on a day.</summary>
public sealed class PolicyCatalog
{
    private readonly PolicyParameters[] _sets;

    /// <summary>Creates a catalogue; the sets need not be sorted but must not share an effective date.</summary>
    public PolicyCatalog(IEnumerable<PolicyParameters> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        _sets = sets.OrderBy(s => s.EffectiveFrom).ToArray();
        if (_sets.Length == 0)
        {
            throw new ArgumentException("At least one parameter set is required.", nameof(sets));
        }

        for (var i = 1; i < _sets.Length; i++)
        {
            if (_sets[i].EffectiveFrom == _sets[i - 1].EffectiveFrom)
            {
                throw new ArgumentException($"Parameter sets {_sets[i - 1].Id} and {_sets[i].Id} start on the same day.", nameof(sets));
            }
        }
    }

    /// <summary>The catalogue shipped with the product (the Beijing 2024 set).</summary>
    public static PolicyCatalog Default { get; } = LoadEmbedded();

    /// <summary>All sets, oldest first.</summary>
    public IReadOnlyList<PolicyParameters> Sets => _sets;

    /// <summary>The set in effect on <paramref name="day"/>: the latest that started on or before it (the earliest set before any start).</summary>
    public PolicyParameters InEffectOn(DateOnly day)
    {
        var result = _sets[0];
        foreach (var s in _sets)
        {
            if (s.EffectiveFrom <= day)
            {
                result = s;
            }
        }

        return result;
    }

    private static PolicyCatalog LoadEmbedded()
    {
        var assembly = typeof(PolicyCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream("policy/parameter-sets.json")
            ?? throw new InvalidOperationException("Embedded policy parameter sets are missing.");
        var sets = JsonSerializer.Deserialize<PolicyParameters[]>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("Embedded policy parameter sets are empty.");
        return new PolicyCatalog(sets);
    }
}
