using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Application.Tests.Contacts;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tests.Reminders.Content;

[Trait("Category", "unit")]
public class DistrictContactsTests
{
    [Fact]
    public void Default_HasOneEntryPerJurisdiction()
    {
        var codes = DistrictContacts.Default.All.Select(c => c.Code).ToArray();

        Assert.Equal(Jurisdiction.All.Select(j => j.Code).ToArray(), codes);
        Assert.Equal(18, codes.Length);
    }

    [Fact]
    public void Default_PhonesAndEmails_AreLeftForConfiguration()
    {
        Assert.All(DistrictContacts.Default.All, c =>
        {
            Assert.Null(c.Planning.Phone);
            Assert.Null(c.Planning.Email);
            Assert.Null(c.Industry.Phone);
            Assert.Equal("12345", c.Planning.PhoneOrHotline);
        });
    }

    [Theory]
    [InlineData("110111", "房山区规划自然资源分局", "房山区经济和信息化局")]
    [InlineData("110101", "东城区规划自然资源分局", "东城区经济和信息化局")]
    [InlineData("110191", "北京经济技术开发区开发建设局（规划自然资源）", "北京经济技术开发区经济发展局")]
    [InlineData("110192", "临空经济区（大兴）管委会规划自然资源部门", "临空经济区（大兴）管委会产业促进部门")]
    public void For_Code_NamesDepartments(string code, string planning, string industry)
    {
        var contact = DistrictContacts.Default.For(code);

        Assert.Equal(planning, contact.Planning.Name);
        Assert.Equal(industry, contact.Industry.Name);
    }

    [Fact]
    public void For_Rule_ChoosesDepartment()
    {
        var contact = DistrictContacts.Default.For("110111");

        Assert.Same(contact.Industry, contact.For(RuleCode.ASSESSMENT_APPLICATION));
        Assert.Same(contact.Planning, contact.For(RuleCode.RENT_ARREARS));
        Assert.Same(contact.Planning, contact.For(RuleCode.TRANSFER_CONTRACT_AND_PAYMENT));
    }

    [Fact]
    public void WithOverrides_PhoneAndEmail_AreApplied()
    {
        var contacts = DistrictContacts.Default.WithOverrides(
            [new DepartmentContactOverride("110111", DepartmentKind.Planning, null, "010-69350000", "ghzrz@fs.example.cn")]);

        var planning = contacts.For("110111").Planning;
        Assert.Equal("房山区规划自然资源分局", planning.Name);
        Assert.Equal("010-69350000", planning.PhoneOrHotline);
        Assert.Equal("ghzrz@fs.example.cn", planning.Email);
        Assert.Null(contacts.For("110111").Industry.Phone);
        Assert.Null(DistrictContacts.Default.For("110111").Planning.Phone);
    }

    [Fact]
    public void WithOverrides_UnknownCode_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => DistrictContacts.Default.WithOverrides(
            [new DepartmentContactOverride("110199", DepartmentKind.Planning, null, "1", null)]));

        Assert.Contains("110199", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_Rule_HasReminderText()
    {
        Assert.All(Enum.GetValues<RuleCode>(), rule => Assert.False(string.IsNullOrWhiteSpace(ReminderActions.For(rule).Action)));
    }
}
