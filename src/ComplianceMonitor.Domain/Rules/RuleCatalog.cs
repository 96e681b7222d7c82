namespace ComplianceMonitor.Domain.Rules;

/// <summary>Every rule the product implements, in catalogue order (policy.md). Add a rule here and in its own file.</summary>
public static class RuleCatalog
{
    /// <summary>All rules, in the order of policy.md's catalogue.</summary>
    public static IReadOnlyList<IRule> All { get; } =
    [
        new AssessmentApplicationRule(),
        new AssessmentDecisionRule(),
        new TransferContractAndPaymentRule(),
        new LandPriceAmountRule(),
        new RegistrationRule(),
        new ExitAfterFailedAssessmentRule(),
        new RenewalApplicationRule(),
        new RenewalTermRule(),
        new RenewalRentRule(),
        new RentArrearsRule(),
        new ProhibitedDispositionRule(),
        new UseViolationRule(),
        new TermLimitRule(),
        new LeaseRentAmountRule(),
        new PolicyValidityRule(),
        new MilestoneRule(),
        new IdleLandRule(),
        new IndicatorShortfallRule(),
        new IndicatorNotReportedRule(),
        new ReturnRefundRule(),
    ];
}
