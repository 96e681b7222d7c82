namespace ComplianceMonitor.Domain.Rules;

/// <summary>The stable codes of the rule catalogue (policy.md); they appear in every output.</summary>
public enum RuleCode
{
    ASSESSMENT_APPLICATION,
    ASSESSMENT_DECISION,
    TRANSFER_CONTRACT_AND_PAYMENT,
    LAND_PRICE_AMOUNT,
    REGISTRATION,
    EXIT_AFTER_FAILED_ASSESSMENT,
    RENEWAL_APPLICATION,
    RENEWAL_TERM,
    RENEWAL_RENT,
    RENT_ARREARS,
    PROHIBITED_DISPOSITION,
    USE_VIOLATION,
    TERM_LIMIT,
    LEASE_RENT_AMOUNT,
    POLICY_VALIDITY,
    MILESTONE,
    IDLE_LAND,
    INDICATOR_SHORTFALL,
    INDICATOR_NOT_REPORTED,
    RETURN_REFUND,

    // Policy revision 2; appended so that the values of the codes above never change.
    RENEWAL_DECISION,
    RENT_DUE,
}
