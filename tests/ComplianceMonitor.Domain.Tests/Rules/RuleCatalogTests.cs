using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Domain.Tests.Rules;

public class RuleCatalogTests
{
    [Fact]
    public void All_InCatalogueOrder_OneRulePerCode()
    {
        RuleCode[] catalogue =
        [
            RuleCode.ASSESSMENT_APPLICATION, RuleCode.ASSESSMENT_DECISION, RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, RuleCode.LAND_PRICE_AMOUNT,
            RuleCode.REGISTRATION, RuleCode.EXIT_AFTER_FAILED_ASSESSMENT, RuleCode.RENEWAL_APPLICATION, RuleCode.RENEWAL_DECISION,
            RuleCode.RENEWAL_TERM, RuleCode.RENEWAL_RENT, RuleCode.RENT_DUE, RuleCode.RENT_ARREARS, RuleCode.PROHIBITED_DISPOSITION,
            RuleCode.USE_VIOLATION, RuleCode.TERM_LIMIT, RuleCode.LEASE_RENT_AMOUNT, RuleCode.POLICY_VALIDITY,
            RuleCode.MILESTONE, RuleCode.IDLE_LAND, RuleCode.INDICATOR_SHORTFALL, RuleCode.INDICATOR_NOT_REPORTED, RuleCode.RETURN_REFUND,
        ];

        Assert.Equal(catalogue, RuleCatalog.All.Select(r => r.Code));
        Assert.Equal(Enum.GetValues<RuleCode>().Order(), catalogue.Order());
    }

    [Theory]
    [InlineData(RuleCode.ASSESSMENT_APPLICATION, "三（五）")]
    [InlineData(RuleCode.ASSESSMENT_DECISION, "三（五）")]
    [InlineData(RuleCode.TRANSFER_CONTRACT_AND_PAYMENT, "三（五）")]
    [InlineData(RuleCode.LAND_PRICE_AMOUNT, "三（四）")]
    [InlineData(RuleCode.REGISTRATION, "三（五）")]
    [InlineData(RuleCode.EXIT_AFTER_FAILED_ASSESSMENT, "三（五）")]
    [InlineData(RuleCode.RENEWAL_APPLICATION, "三（五）")]
    [InlineData(RuleCode.RENEWAL_TERM, "三（五）")]
    [InlineData(RuleCode.RENEWAL_RENT, "三（五）")]
    [InlineData(RuleCode.RENT_ARREARS, "三（六）")]
    [InlineData(RuleCode.PROHIBITED_DISPOSITION, "三（六）")]
    [InlineData(RuleCode.USE_VIOLATION, "三（六）")]
    [InlineData(RuleCode.TERM_LIMIT, "三（三）")]
    [InlineData(RuleCode.LEASE_RENT_AMOUNT, "三（四）")]
    [InlineData(RuleCode.POLICY_VALIDITY, "四（三）")]
    [InlineData(RuleCode.RENEWAL_DECISION, "三（五）")]
    [InlineData(RuleCode.RENT_DUE, "三（六）")]
    [InlineData(RuleCode.MILESTONE, "三（三）")]
    [InlineData(RuleCode.IDLE_LAND, "一（二）")]
    [InlineData(RuleCode.INDICATOR_SHORTFALL, "三（二）、三（五）")]
    [InlineData(RuleCode.INDICATOR_NOT_REPORTED, "三（五）")]
    [InlineData(RuleCode.RETURN_REFUND, "三（七）")]
    public void All_EachRule_BasisAsPolicyCatalogue(RuleCode code, string basis)
    {
        Assert.Equal(basis, Assert.Single(RuleCatalog.All, r => r.Code == code).Basis);
    }

    [Fact]
    public void Revision_IsTwo_AndRevision2RulesChangedIn2()
    {
        Assert.Equal(2, RuleCatalog.Revision);
        Assert.Equal(2, RuleEngine.Default.Revision);
        Assert.Equal(
            [RuleCode.RENEWAL_APPLICATION, RuleCode.RENEWAL_RENT, RuleCode.PROHIBITED_DISPOSITION, RuleCode.USE_VIOLATION,
             RuleCode.MILESTONE, RuleCode.IDLE_LAND, RuleCode.INDICATOR_SHORTFALL, RuleCode.INDICATOR_NOT_REPORTED, RuleCode.RETURN_REFUND],
            RuleCatalog.All.Select(r => r.Code).Where(c => RuleCatalog.LastChangedIn(c) == 1));
    }

    [Fact]
    public void All_EachRule_OwnSealedClassNamedAfterItsCode()
    {
        foreach (var rule in RuleCatalog.All)
        {
            var type = rule.GetType();
            Assert.True(type.IsSealed, type.Name);
            var pascal = string.Concat(rule.Code.ToString().Split('_').Select(w => w[0] + w[1..].ToLowerInvariant()));
            Assert.Equal(pascal + "Rule", type.Name);
        }
    }
}
