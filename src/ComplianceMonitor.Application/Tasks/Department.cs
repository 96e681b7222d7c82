using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>The district department an enforcement task is addressed to (policy.md, "Who hears what").</summary>
public enum Department
{
    /// <summary>产业主管部门: assessment matters (assessment, renewal, use).</summary>
    IndustryAuthority,

    /// <summary>规划自然资源主管部门: contracts, land price, registration, exit and recovery.</summary>
    PlanningAndNaturalResources,
}

/// <summary>Which department acts on which rule, and the departments' names.</summary>
public static class Departments
{
    /// <summary>The city body that escalated tasks are shown to: 市规划自然资源委.</summary>
    public const string CityEscalationBody = "市规划自然资源委";

    /// <summary>The department responsible for breaches of <paramref name="rule"/>, or null when the rule never opens a task.</summary>
    public static Department? For(RuleCode rule) => rule switch
    {
        RuleCode.ASSESSMENT_APPLICATION or RuleCode.ASSESSMENT_DECISION or RuleCode.RENEWAL_APPLICATION or RuleCode.RENEWAL_DECISION
            or RuleCode.RENEWAL_TERM or RuleCode.RENEWAL_RENT or RuleCode.USE_VIOLATION
            or RuleCode.MILESTONE or RuleCode.INDICATOR_SHORTFALL or RuleCode.INDICATOR_NOT_REPORTED => Department.IndustryAuthority,
        RuleCode.TRANSFER_CONTRACT_AND_PAYMENT or RuleCode.LAND_PRICE_AMOUNT or RuleCode.REGISTRATION
            or RuleCode.EXIT_AFTER_FAILED_ASSESSMENT or RuleCode.RENT_ARREARS or RuleCode.PROHIBITED_DISPOSITION
            or RuleCode.TERM_LIMIT or RuleCode.LEASE_RENT_AMOUNT
            or RuleCode.IDLE_LAND or RuleCode.RETURN_REFUND => Department.PlanningAndNaturalResources,
        _ => null,
    };

    /// <summary>The Chinese name of <paramref name="department"/>.</summary>
    public static string NameOf(Department department) => department switch
    {
        Department.IndustryAuthority => "产业主管部门",
        Department.PlanningAndNaturalResources => "规划自然资源主管部门",
        _ => throw new ArgumentOutOfRangeException(nameof(department), department, null),
    };

    /// <summary>The wire name of <paramref name="department"/>.</summary>
    public static string WireName(Department department) => department switch
    {
        Department.IndustryAuthority => "industry",
        Department.PlanningAndNaturalResources => "planning",
        _ => throw new ArgumentOutOfRangeException(nameof(department), department, null),
    };

    /// <summary>Parses a wire name; false when unknown.</summary>
    public static bool TryParse(string? text, out Department department)
    {
        foreach (var d in Enum.GetValues<Department>())
        {
            if (WireName(d) == text)
            {
                department = d;
                return true;
            }
        }

        department = default;
        return false;
    }
}
