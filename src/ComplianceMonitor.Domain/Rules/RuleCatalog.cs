namespace ComplianceMonitor.Domain.Rules;

/// <summary>Every rule the product implements, in catalogue order (policy.md). Add a rule here and in its own file.</summary>
public static class RuleCatalog
{
    /// <summary>The revision of the rule logic the catalogue implements (policy.md: revision 2 of 2026-12-03).</summary>
    public const int Revision = 2;

    /// <summary>
    /// The revision in which the logic of <paramref name="code"/> last changed (policy.md "Changes in revision 2"): an open alert
    /// opened under an earlier revision whose finding is gone may have gone because the rule changed, not because the obligation was met.
    /// </summary>
    /// <remarks>
    /// Revision 2 changed what ASSESSMENT_APPLICATION, ASSESSMENT_DECISION, TRANSFER_CONTRACT_AND_PAYMENT, LAND_PRICE_AMOUNT,
    /// REGISTRATION, EXIT_AFTER_FAILED_ASSESSMENT, RENEWAL_TERM, RENT_ARREARS, TERM_LIMIT, LEASE_RENT_AMOUNT and POLICY_VALIDITY
    /// find (or when, or with which deadline or amount), and added RENEWAL_DECISION and RENT_DUE. RENEWAL_APPLICATION, RENEWAL_RENT,
    /// PROHIBITED_DISPOSITION and USE_VIOLATION are as in revision 1, and so are the agreement watch's rules.
    /// </remarks>
    public static int LastChangedIn(RuleCode code) => code switch
    {
        RuleCode.RENEWAL_APPLICATION or RuleCode.RENEWAL_RENT or RuleCode.PROHIBITED_DISPOSITION or RuleCode.USE_VIOLATION => 1,

        // The agreement watch (agreement.md) is not part of revision 2's changes.
        RuleCode.MILESTONE or RuleCode.IDLE_LAND or RuleCode.INDICATOR_SHORTFALL or RuleCode.INDICATOR_NOT_REPORTED or RuleCode.RETURN_REFUND => 1,
        _ => 2,
    };

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
        new RenewalDecisionRule(),
        new RenewalTermRule(),
        new RenewalRentRule(),
        new RentDueRule(),
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
