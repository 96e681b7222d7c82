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
        var expected =
            "From: =?utf-8?B?5YyX5Lqs5biC5bel5Lia55So5Zyw5YWI56ef5ZCO6K6p55uR?=\r\n =?utf-8?B?566h?= <reminders@cm.example.cn>\r\n" +
            "To: =?utf-8?B?546L57uP55CG?= <wang@example.com>,\r\n <office@example.com>\r\n" +
            "Subject: =?utf-8?B?44CQ5YWI56ef5ZCO6K6p5o+Q6YaS44CR56ef6LWB5ZCI5ZCM?=\r\n" +
            " =?utf-8?B?RlMtMjAyNC0wMDHlh7rorqnlkIjlkIznrb7orqLlj4rlnLA=?=\r\n" +
            " =?utf-8?B?5Lu357y057qz5oiq5q2iMjAyNuW5tDPmnIgyM+aXpe+8iA==?=\r\n" +
            " =?utf-8?B?5pif5pyf5LiA77yJ77yM6L+Y5YmpMTflpKk=?=\r\n" +
            "Date: Fri, 06 Mar 2026 08:00:00 +0800\r\n" +
            "Message-ID: <ob-20260306-0001@compliancemonitor.local>\r\n" +
            "MIME-Version: 1.0\r\n" +
            "X-Custom-Arg: outboxId=ob-20260306-0001\r\n" +
            "X-Custom-Arg: leaseId=FS-2024-001\r\n" +
            "X-Categories: reminder, transfer_contract_and_payment, d-17\r\n" +
            "Content-Type: multipart/mixed; boundary=\"=_cm_mixed\"\r\n" +
            "\r\n" +
            "--=_cm_mixed\r\n" +
            "Content-Type: multipart/alternative; boundary=\"=_cm_alternative\"\r\n" +
            "\r\n" +
            "--=_cm_alternative\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: base64\r\n" +
            "\r\n" +
            B64Lines(Encoding.UTF8.GetBytes(message.TextBody)) +
            "--=_cm_alternative\r\n" +
            "Content-Type: text/html; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: base64\r\n" +
            "\r\n" +
            B64Lines(Encoding.UTF8.GetBytes(message.HtmlBody)) +
            "--=_cm_alternative--\r\n" +
            "\r\n" +
            "--=_cm_mixed\r\n" +
            "Content-Type: text/calendar; name=\"deadline-2026-03-23.ics\"\r\n" +
            "Content-Disposition: attachment; filename=\"deadline-2026-03-23.ics\"\r\n" +
            "Content-Transfer-Encoding: base64\r\n" +
            "\r\n" +
            "QkVHSU46VkNBTEVOREFSDQpWRVJTSU9OOjIuMA0KRU5EOlZDQUxFTkRBUg0K\r\n" +
            "\r\n" +
            "--=_cm_mixed--\r\n";
        Assert.Equal(expected, text);
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
        Assert.Contains("X-Custom-Arg: leaseId=FS-2024-001\r\nContent-Type: multipart/alternative; boundary=\"=_cm_alternative\"\r\n\r\n--=_cm_alternative\r\n", text, StringComparison.Ordinal);
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
