using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Domain.Tests.Rules;

[Trait("Category", "unit")]
public class RuleCatalogTests
{
    [Fact]
    public void All_InCatalogueOrder_OneRulePerCode()
    {
        Assert.Equal(Enum.GetValues<RuleCode>(), RuleCatalog.All.Select(r => r.Code));
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
    [InlineData(RuleCode.POLICY_VALIDITY, "closing")]
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
