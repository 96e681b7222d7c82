using System.Text;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Reminders.Pickup;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>The outbox senders write real files; MimeKit (an independent parser) reads the .eml back.</summary>
[Trait("Category", "unit")]
public sealed class OutboxFileSendersTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cm-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Samples.Now);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private OutboxFileEmailSender CreateEmailSut() => new(
        Options.Create(new EmailOptions { OutboxFolder = _folder, FromAddress = "reminders@cm.example.cn", FromName = "北京市工业用地先租后让监管" }),
        _time,
        NullLogger<OutboxFileEmailSender>.Instance);

    private OutboxFileSmsSender CreateSmsSut() => new(
        Options.Create(new SmsOptions { OutboxFolder = _folder }),
        _time,
        NullLogger<OutboxFileSmsSender>.Instance);

    private static string B64Lines(byte[] bytes)
    {
        var b64 = Convert.ToBase64String(bytes);
        var sb = new StringBuilder();
        for (var i = 0; i < b64.Length; i += 76)
        {
            sb.Append(b64, i, Math.Min(76, b64.Length - i)).Append("\r\n");
        }

        return sb.ToString();
    }

    [Fact]
    public async Task EmailSendAsync_Message_WritesExactEmlFile()
    {
        var message = Samples.Email();

        var result = await CreateEmailSut().SendAsync(message);

        Assert.Equal(new SendResult.Accepted("outbox:email-ob-20260306-0001.eml"), result);
        var text = await File.ReadAllTextAsync(Path.Combine(_folder, "email-ob-20260306-0001.eml"), Encoding.ASCII);
        // Written by MimeKit: headers in encoded words, Beijing date, fixed boundaries, every body part base64.
        Assert.Contains("Date: Fri, 06 Mar 2026 08:00:00 +0800\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Message-Id: <ob-20260306-0001@compliancemonitor.local>\r\n", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Custom-Arg: outboxId=ob-20260306-0001\r\n", text, StringComparison.Ordinal);
        Assert.Contains("X-Custom-Arg: leaseId=FS-2024-001\r\n", text, StringComparison.Ordinal);
        Assert.Contains("X-Categories: reminder, transfer_contract_and_payment, d-17\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/mixed; boundary=\"=_cm_mixed\"\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + B64Lines(Encoding.UTF8.GetBytes(message.TextBody)), text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + B64Lines(Encoding.UTF8.GetBytes(message.HtmlBody)), text, StringComparison.Ordinal);
        Assert.StartsWith("From: =?utf-8?b?5YyX5Lqs5biC5bel5Lia55So5Zyw5YWI56ef5ZCO6K6p55uR566h?=\r\n\t<reminders@cm.example.cn>\r\n", text, StringComparison.Ordinal);
        Assert.Contains("To: =?utf-8?b?546L57uP55CG?= <wang@example.com>, office@example.com\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/calendar; charset=utf-8; method=PUBLISH;\r\n\tname=deadline-2026-03-23.ics\r\nContent-Disposition: attachment; filename=deadline-2026-03-23.ics\r\nContent-Transfer-Encoding: base64\r\n", text, StringComparison.Ordinal);
        Assert.Contains("QkVHSU46VkNBTEVOREFSDQpWRVJTSU9OOjIuMA0KRU5EOlZDQUxFTkRBUg0K", text, StringComparison.Ordinal);
        Assert.EndsWith("--=_cm_mixed--\r\n", text, StringComparison.Ordinal);
        Assert.True(text.All(c => c < 128), "the file is 7-bit");
        Assert.Equal(text, await File.ReadAllTextAsync(Path.Combine(_folder, "email-ob-20260306-0001.eml"), Encoding.ASCII));
    }

    [Fact]
    public async Task EmailSendAsync_Message_IsReadableByMimeParser()
    {
        var message = Samples.Email();

        await CreateEmailSut().SendAsync(message);

        using var stream = File.OpenRead(CreateEmailSut().PathFor(message.OutboxId));
        var parsed = await MimeMessage.LoadAsync(stream);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(parsed.From));
        Assert.Equal("北京市工业用地先租后让监管", from.Name);
        Assert.Equal("reminders@cm.example.cn", from.Address);
        Assert.Equal(["wang@example.com", "office@example.com"], parsed.To.Mailboxes.Select(m => m.Address).ToArray());
        Assert.Equal("王经理", parsed.To.Mailboxes.First().Name);
        Assert.Equal(message.Subject, parsed.Subject);
        Assert.Equal(Samples.Now, parsed.Date);
        Assert.Equal("ob-20260306-0001@compliancemonitor.local", parsed.MessageId);
        Assert.Equal(message.TextBody, parsed.TextBody);
        Assert.Equal(message.HtmlBody, parsed.HtmlBody);
        var attachment = Assert.IsAssignableFrom<MimePart>(Assert.Single(parsed.Attachments));
        Assert.Equal("deadline-2026-03-23.ics", attachment.FileName);
        Assert.Equal("text/calendar", attachment.ContentType.MimeType);
        Assert.Equal("utf-8", attachment.ContentType.Charset);
        Assert.Equal("PUBLISH", attachment.ContentType.Parameters["method"]);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(Samples.IcsBytes, content.ToArray());
    }

    [Fact]
    public async Task EmailSendAsync_NoAttachments_IsAlternativeOnly()
    {
        var message = Samples.Email() with { Attachments = [], Categories = [] };

        await CreateEmailSut().SendAsync(message);

        var text = await File.ReadAllTextAsync(CreateEmailSut().PathFor(message.OutboxId));
        Assert.DoesNotContain("multipart/mixed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Categories", text, StringComparison.Ordinal);
        Assert.Contains("X-Custom-Arg: leaseId=FS-2024-001\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"=_cm_alternative\"\r\n\r\n--=_cm_alternative\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("--=_cm_alternative--\r\n", text, StringComparison.Ordinal);
        using var stream = File.OpenRead(CreateEmailSut().PathFor(message.OutboxId));
        var parsed = await MimeMessage.LoadAsync(stream);
        Assert.Equal(message.TextBody, parsed.TextBody);
        Assert.Empty(parsed.Attachments);
    }

    [Fact]
    public async Task EmailSendAsync_SameOutboxIdTwice_KeepsOneFile()
    {
        await CreateEmailSut().SendAsync(Samples.Email());
        await CreateEmailSut().SendAsync(Samples.Email() with { TextBody = "second" });

        var file = Assert.Single(Directory.GetFiles(_folder));
        using var stream = File.OpenRead(file);
        Assert.Equal("second", (await MimeMessage.LoadAsync(stream)).TextBody);
    }

    [Fact]
    public async Task EmailSendAsync_OddOutboxId_IsSafeInFileName()
    {
        var result = await CreateEmailSut().SendAsync(Samples.Email("../a b/c"));

        Assert.Equal(new SendResult.Accepted("outbox:email-.._a_b_c.eml"), result);
        Assert.True(File.Exists(Path.Combine(_folder, "email-.._a_b_c.eml")));
    }

    [Fact]
    public async Task SmsSendAsync_TwoMessages_AppendsExactJsonLines()
    {
        var sut = CreateSmsSut();

        var first = await sut.SendAsync(Samples.Sms());
        _time.Advance(TimeSpan.FromMinutes(5));
        await sut.SendAsync(new SmsMessage("+14155550100", "Lease FS-2024-001: pay rent by 2026-03-23.", "ob-20260306-0003"));

        Assert.Equal(new SendResult.Accepted("outbox:ob-20260306-0002"), first);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_folder, "sms.jsonl"));
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
        Assert.Equal(
            "{\"outboxId\":\"ob-20260306-0002\",\"to\":\"+8613800138000\",\"body\":\"【先租后让监管】租赁合同FS-2024-001须于3月23日（周一）前签出让合同并缴地价，剩17天。\",\"encoding\":\"ucs2\",\"segments\":1,\"writtenAt\":\"2026-03-06T00:00:00Z\"}\n" +
            "{\"outboxId\":\"ob-20260306-0003\",\"to\":\"+14155550100\",\"body\":\"Lease FS-2024-001: pay rent by 2026-03-23.\",\"encoding\":\"gsm7\",\"segments\":1,\"writtenAt\":\"2026-03-06T00:05:00Z\"}\n",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task SmsSendAsync_ManyInParallel_EachLineWhole()
    {
        var sut = CreateSmsSut();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => sut.SendAsync(Samples.Sms($"ob-{i:D3}"))));

        var lines = await File.ReadAllLinesAsync(sut.FilePath);
        Assert.Equal(40, lines.Length);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"ob-{i:D3}").ToHashSet(), lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("outboxId").GetString()!).ToHashSet());
    }

    [Fact]
    public async Task SmsSendAsync_QuotesInBody_AreEscapedJson()
    {
        await CreateSmsSut().SendAsync(new SmsMessage("+8613800138000", "say \"hi\"\nnow", "ob-q"));

        var line = Assert.Single(await File.ReadAllLinesAsync(CreateSmsSut().FilePath));
        Assert.Contains("\"body\":\"say \\\"hi\\\"\\nnow\"", line, StringComparison.Ordinal);
    }
}
