using System.Globalization;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Rules;

/// <summary>
/// POLICY_VALIDITY, 四（三）: "本指导意见自印发之日起生效，有效期5年" - the guideline is valid for five years from issue
/// (2024-02-18); counted as the Civil Code counts a period in years (arts. 201-202), the last valid day is 2029-02-18
/// (policy revision 2, change 9; <see cref="Deadlines.DeadlineCalculator.YearsFromDay"/>).
/// </summary>
/// <remarks>
/// <para>Fires when the lease starts after <see cref="Policy.PolicyParameters.PolicyLastValidDay"/>: the lease may rest on a
/// policy that has lapsed, which the city should know; nothing is broken.</para>
/// <para>Status info, severity info, no deadline. Responsible: the city. Subject: <c>policy-validity</c>.</para>
/// </remarks>
public sealed class PolicyValidityRule : IRule
{
    /// <inheritdoc/>
    public RuleCode Code => RuleCode.POLICY_VALIDITY;

    /// <inheritdoc/>
    public string Basis => "四（三）";

    /// <inheritdoc/>
    public void Evaluate(LeaseRecord lease, RuleContext context, List<Finding> findings)
    {
        var lastValid = context.Parameters.PolicyLastValidDay;
        if (lease.LeaseStart <= lastValid)
        {
            return;
        }

        var message = string.Create(CultureInfo.InvariantCulture, stackalloc char[200],
            $"租赁期始于{RuleText.Day(lease.LeaseStart)}，晚于所依据指导意见的有效期最后一日{RuleText.Day(lastValid)}（规则集{context.Parameters.Id}）：请市规划自然资源委确认适用的政策依据。");
        findings.Add(new Finding
        {
            Rule = Code,
            Status = FindingStatus.Info,
            Severity = Severity.Info,
            Responsible = Responsible.City,
            Basis = Basis,
            Message = message,
            Subject = "policy-validity",
        });
    }
}
