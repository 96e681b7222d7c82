using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Application.Tests.Tasks;
using ComplianceMonitor.Application.Tests.Monitoring;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tests.Scanning;

[Trait("Category", "unit")]
public class AlertKeyTests
{
    [Fact]
    public void For_PlainComponents_JoinsWithBars() =>
        Assert.Equal("FS-2024-0001|RENT_ARREARS|instalment:2025-03-01", AlertKey.For("FS-2024-0001", RuleCode.RENT_ARREARS, "instalment:2025-03-01"));

    [Fact]
    public void For_ForbiddenRowKeyCharacters_ArePercentEncoded()
    {
        var key = AlertKey.For("A/B", RuleCode.USE_VIOLATION, "x#y?z\\w|v%\u0001");
        Assert.Equal("A%2FB|USE_VIOLATION|x%23y%3Fz%5Cw%7Cv%25%01", key);
        Assert.DoesNotContain('/', key);
        Assert.Equal(2, key.Count(c => c == '|'));
    }

    [Fact]
    public void For_VeryLongSubject_IsHashedStably()
    {
        var subject = new string('事', 300);
        var key = AlertKey.For("L1", RuleCode.USE_VIOLATION, subject);
        Assert.Equal(key, AlertKey.For("L1", RuleCode.USE_VIOLATION, subject));
        Assert.StartsWith("L1|USE_VIOLATION|h~", key, StringComparison.Ordinal);
        Assert.True(key.Length < 64);
    }

    [Fact]
    public void OutboxId_SameInputs_SameIdAndNoRecipientInside()
    {
        var a = AlertKey.OutboxId("L1|RENT_ARREARS|i:1", "D0", OutboxChannel.Sms, "13800138000");
        var b = AlertKey.OutboxId("L1|RENT_ARREARS|i:1", "D0", OutboxChannel.Sms, " 13800138000 ");
        Assert.Equal(a, b);
        Assert.DoesNotContain("13800138000", a, StringComparison.Ordinal);
        Assert.StartsWith("L1|RENT_ARREARS|i:1|D0|sms|", a, StringComparison.Ordinal);
        Assert.NotEqual(a, AlertKey.OutboxId("L1|RENT_ARREARS|i:1", "D0", OutboxChannel.Sms, "13900139000"));
        Assert.NotEqual(a, AlertKey.OutboxId("L1|RENT_ARREARS|i:1", "D-1", OutboxChannel.Sms, "13800138000"));
        Assert.Equal("L1|RENT_ARREARS|i:1", AlertKey.AlertKeyOfOutboxId(a));
    }

    [Fact]
    public void LeaseRange_CoversOnlyThatLeasesKeys()
    {
        var start = AlertKey.LeaseRangeStart("L1");
        var end = AlertKey.LeaseRangeEnd("L1");
        bool In(string k) => string.CompareOrdinal(k, start) >= 0 && string.CompareOrdinal(k, end) < 0;

        Assert.True(In(AlertKey.For("L1", RuleCode.RENT_ARREARS, "x")));
        Assert.False(In(AlertKey.For("L10", RuleCode.RENT_ARREARS, "x")));
        Assert.False(In(AlertKey.For("L1-2", RuleCode.RENT_ARREARS, "x")));
        Assert.False(In(AlertKey.For("L", RuleCode.RENT_ARREARS, "x")));
    }

    [Theory]
    [InlineData("zhang@example.com", "z***@example.com")]
    [InlineData("a@b.cn", "a***@b.cn")]
    [InlineData(null, "(none)")]
    [InlineData("broken", "***")]
    public void MaskEmail_ShowsFirstLetterAndDomainOnly(string? input, string expected) => Assert.Equal(expected, ContactMask.Email(input));

    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData("+8613800138000", "+86*******8000")]
    [InlineData("12", "***")]
    public void MaskPhone_ShowsPrefixAndLastFour(string input, string expected) => Assert.Equal(expected, ContactMask.Phone(input));

    [Fact]
    public void OutboxEntryToString_MasksRecipient()
    {
        var entry = new OutboxEntry
        {
            DistrictCode = "110111", Id = "x", AlertKey = "k", LeaseId = "L1", Rule = RuleCode.RENT_ARREARS, Stage = "D0",
            Channel = OutboxChannel.Sms, Recipient = "13800138000", LandUserName = "某公司",
            FindingStatus = Domain.Findings.FindingStatus.Due, Severity = Domain.Findings.Severity.Warning, Basis = "三（六）",
            Message = "m", QueuedOn = new DateOnly(2026, 3, 6), CreatedAt = DateTimeOffset.UnixEpoch, Status = OutboxStatus.Pending,
        };
        var text = entry.ToString();
        Assert.DoesNotContain("13800138000", text, StringComparison.Ordinal);
        Assert.Contains("138****8000", text, StringComparison.Ordinal);
    }
}
