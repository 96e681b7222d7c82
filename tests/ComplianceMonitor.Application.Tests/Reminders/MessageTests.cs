using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Application.Tests.Contacts;

namespace ComplianceMonitor.Application.Tests.Reminders;

[Trait("Category", "unit")]
public class MessageTests
{
    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("138 0013 8000", "+8613800138000")]
    [InlineData("138-0013-8000", "+8613800138000")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("8613800138000", "+8613800138000")]
    [InlineData("008613800138000", "+8613800138000")]
    [InlineData("+14155550100", "+14155550100")]
    [InlineData("010-69350000", null)]
    [InlineData("12345", null)]
    [InlineData("", null)]
    public void ToE164_RecordedNumber_Normalises(string recorded, string? expected) =>
        Assert.Equal(expected, PhoneNumbers.ToE164(recorded));

    [Theory]
    [InlineData("wang@example.com", "w***@example.com")]
    [InlineData("", "(none)")]
    public void MaskEmail_Address_KeepsFirstLetterAndDomain(string address, string expected) =>
        Assert.Equal(expected, ContactMask.Email(address));

    [Fact]
    public void MaskPhone_Number_KeepsFirstThreeAndLastFour()
    {
        Assert.Equal("+86*******8000", ContactMask.Phone("+8613800138000"));
        Assert.Equal("138****8000", ContactMask.Phone("13800138000"));
        Assert.Equal("The 'To' number +86*******8000 is not valid", ContactMask.DigitsIn("The 'To' number +8613800138000 is not valid"));
    }

    [Theory]
    [InlineData(OutboxChannel.Email, "zhang@example.com", "z***@example.com")]
    [InlineData(OutboxChannel.Sms, "13800138000", "138****8000")]
    [InlineData(OutboxChannel.Sms, " ", "(none)")]
    public void Mask_Channel_UsesThatChannelsForm(OutboxChannel channel, string recipient, string expected) =>
        Assert.Equal(expected, ContactMask.Mask(channel, recipient));

    [Fact]
    public void SmsMessageValidate_NotE164_ThrowsNamingTo()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SmsMessage("13800138000", "x", "o1").Validate());

        Assert.StartsWith("To:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailMessageValidate_NoRecipients_ThrowsNamingTo()
    {
        var message = new EmailMessage { To = [], Subject = "s", HtmlBody = "h", TextBody = "t", OutboxId = "o1" };

        Assert.StartsWith("To:", Assert.Throws<ArgumentException>(message.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailMessageValidate_SubjectWithLineBreak_ThrowsNamingSubject()
    {
        var message = new EmailMessage { To = [new EmailAddress("a@example.com")], Subject = "s\r\nBcc: x@example.com", HtmlBody = "h", TextBody = "t", OutboxId = "o1" };

        Assert.StartsWith("Subject:", Assert.Throws<ArgumentException>(message.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailAddress_NotAnAddress_ThrowsNamingAddress()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EmailAddress("not-an-address"));

        Assert.StartsWith("address:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllCustomArgs_OutboxIdFirstThenSorted()
    {
        var message = new EmailMessage
        {
            To = [new EmailAddress("a@example.com")],
            Subject = "s",
            HtmlBody = "h",
            TextBody = "t",
            OutboxId = "o1",
            CustomArgs = new Dictionary<string, string> { ["stage"] = "d-7", ["leaseId"] = "FS-1", ["outboxId"] = "ignored" },
        };

        Assert.Equal(
            [new("outboxId", "o1"), new("leaseId", "FS-1"), new("stage", "d-7")],
            message.AllCustomArgs());
    }
}
