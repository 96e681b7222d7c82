using System.Net;
using System.Text.Json;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Reminders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>The SendGrid adapter against a real local HTTP server speaking the v3 mail/send API.</summary>
[Trait("Category", "unit")]
public sealed class SendGridEmailSenderTests : IDisposable
{
    private const string ApiKey = "SG.test-key.not-a-secret";
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(Samples.Now);

    public void Dispose() => _server.Stop();

    private SendGridEmailSender CreateSut(TimeSpan? timeout = null, string? host = null) => new(
        new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) },
        Options.Create(new EmailOptions
        {
            SendGridApiKey = ApiKey,
            SendGridHost = host ?? _server.Url,
            FromAddress = "reminders@cm.example.cn",
            FromName = "北京市工业用地先租后让监管",
        }),
        _time,
        NullLogger<SendGridEmailSender>.Instance);

    private void Respond(int status, string body = "", params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost()).RespondWith(response);
    }

    [Fact]
    public async Task SendAsync_Accepted_ReturnsMessageIdFromHeader()
    {
        Respond(202, headers: ("X-Message-Id", "sg-msg-0001"));

        var result = await CreateSut().SendAsync(Samples.Email());

        Assert.Equal(new SendResult.Accepted("sg-msg-0001"), result);
    }

    [Fact]
    public async Task SendAsync_Accepted_PostsExactMailSendRequest()
    {
        Respond(202, headers: ("X-Message-Id", "sg-msg-0001"));

        await CreateSut().SendAsync(Samples.Email());

        var request = Assert.Single(_server.LogEntries).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/mail/send", request.Path);
        Assert.Equal($"Bearer {ApiKey}", request.Headers!["Authorization"].Single());

        using var json = JsonDocument.Parse(request.Body!);
        var root = json.RootElement;
        var to = root.GetProperty("personalizations")[0].GetProperty("to");
        Assert.Equal(2, to.GetArrayLength());
        Assert.Equal("wang@example.com", to[0].GetProperty("email").GetString());
        Assert.Equal("王经理", to[0].GetProperty("name").GetString());
        Assert.Equal("office@example.com", to[1].GetProperty("email").GetString());
        Assert.False(to[1].TryGetProperty("name", out _));
        Assert.Equal("reminders@cm.example.cn", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("北京市工业用地先租后让监管", root.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("【先租后让提醒】租赁合同FS-2024-001出让合同签订及地价缴纳截止2026年3月23日（星期一），还剩17天", root.GetProperty("subject").GetString());

        var content = root.GetProperty("content");
        Assert.Equal(2, content.GetArrayLength());
        Assert.Equal("text/plain", content[0].GetProperty("type").GetString());
        Assert.Equal("尊敬的北京示例新材料科技有限公司：\n请于2026年3月23日前签订出让合同。", content[0].GetProperty("value").GetString());
        Assert.Equal("text/html", content[1].GetProperty("type").GetString());
        Assert.Equal("<p>尊敬的北京示例新材料科技有限公司：</p>", content[1].GetProperty("value").GetString());

        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal("deadline-2026-03-23.ics", attachment.GetProperty("filename").GetString());
        Assert.Equal("text/calendar; charset=utf-8; method=PUBLISH", attachment.GetProperty("type").GetString());
        Assert.Equal("attachment", attachment.GetProperty("disposition").GetString());
        Assert.Equal("QkVHSU46VkNBTEVOREFSDQpWRVJTSU9OOjIuMA0KRU5EOlZDQUxFTkRBUg0K", attachment.GetProperty("content").GetString());
        Assert.Equal(Samples.IcsBytes, Convert.FromBase64String(attachment.GetProperty("content").GetString()!));

        Assert.Equal(["reminder", "transfer_contract_and_payment", "d-17"], root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToArray());
        var customArgs = root.GetProperty("custom_args");
        Assert.Equal("ob-20260306-0001", customArgs.GetProperty("outboxId").GetString());
        Assert.Equal("FS-2024-001", customArgs.GetProperty("leaseId").GetString());
    }

    [Fact]
    public async Task SendAsync_MessageWithOwnFrom_UsesIt()
    {
        Respond(202);
        var message = Samples.Email() with { From = new EmailAddress("fs@cm.example.cn", "房山区规划自然资源分局") };

        var result = await CreateSut().SendAsync(message);

        Assert.Equal(new SendResult.Accepted(null), result);
        using var json = JsonDocument.Parse(_server.LogEntries.Single().RequestMessage.Body!);
        Assert.Equal("fs@cm.example.cn", json.RootElement.GetProperty("from").GetProperty("email").GetString());
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_IsTransientWithThatDelay()
    {
        Respond(429, """{"errors":[{"field":null,"message":"too many requests"}]}""", ("Retry-After", "30"));

        var result = await CreateSut().SendAsync(Samples.Email());

        Assert.Equal(new SendResult.Transient("SendGrid 429: too many requests", TimeSpan.FromSeconds(30), new ProviderStatus(429)), result);
    }

    [Fact]
    public async Task SendAsync_429WithRateLimitReset_WaitsUntilReset()
    {
        var reset = Samples.Now.AddSeconds(95).ToUnixTimeSeconds();
        Respond(429, """{"errors":[{"field":null,"message":"too many requests"}]}""",
            ("X-RateLimit-Limit", "600"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var result = await CreateSut().SendAsync(Samples.Email());

        Assert.Equal(TimeSpan.FromSeconds(95), Assert.IsType<SendResult.Transient>(result).RetryAfter);
    }

    [Fact]
    public async Task SendAsync_500_IsTransientWithoutDelay()
    {
        Respond(500, "internal error");

        var result = await CreateSut().SendAsync(Samples.Email());

        Assert.Equal(new SendResult.Transient("SendGrid 500: internal error", null, new ProviderStatus(500)), result);
    }

    [Fact]
    public async Task SendAsync_400_IsPermanentWithSendGridErrorText()
    {
        Respond(400, """{"errors":[{"message":"The from email does not contain a valid address.","field":"from.email","help":"http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.from"}]}""");

        var result = await CreateSut().SendAsync(Samples.Email());

        Assert.Equal(new SendResult.Permanent("SendGrid 400: The from email does not contain a valid address. (from.email)", new ProviderStatus(400)), result);
    }

    [Fact]
    public async Task SendAsync_400WithSeveralErrors_JoinsThem()
    {
        Respond(400, """{"errors":[{"message":"Invalid type. Expected: string, given: null.","field":"subject"},{"message":"The content value must be a string at least one character in length.","field":"content.0.value"}]}""");

        var result = await CreateSut().SendAsync(Samples.Email());

        Assert.Equal(
            new SendResult.Permanent("SendGrid 400: Invalid type. Expected: string, given: null. (subject); The content value must be a string at least one character in length. (content.0.value)", new ProviderStatus(400)),
            result);
    }

    [Fact]
    public async Task SendAsync_401_RefusesTheChannelWithItsStatus()
    {
        Respond(401, """{"errors":[{"field":null,"message":"The provided authorization grant is invalid, expired, or revoked"}]}""");

        var result = await CreateSut().SendAsync(Samples.Email());

        Assert.Equal(new SendResult.ChannelRefused("SendGrid 401: The provided authorization grant is invalid, expired, or revoked", new ProviderStatus(401)), result);
    }

    [Fact]
    public async Task SendAsync_403UnverifiedSender_RefusesTheChannelWithItsStatus()
    {
        Respond(403, """{"errors":[{"field":"from","message":"The from address does not match a verified Sender Identity."}]}""");

        var result = await CreateSut().SendAsync(Samples.Email());

        Assert.Equal(new SendResult.ChannelRefused("SendGrid 403: The from address does not match a verified Sender Identity. (from)", new ProviderStatus(403)), result);
    }

    [Fact]
    public async Task SendAsync_KeyIsUnresolvedKeyVaultReference_RefusesWithoutCallingSendGrid()
    {
        Respond(202);
        var sut = new SendGridEmailSender(
            new HttpClient(),
            Options.Create(new EmailOptions { SendGridApiKey = "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/sendgrid/)", SendGridHost = _server.Url, FromAddress = "reminders@cm.example.cn" }),
            _time,
            NullLogger<SendGridEmailSender>.Instance);

        var result = await sut.SendAsync(Samples.Email());

        var refused = Assert.IsType<SendResult.ChannelRefused>(result);
        Assert.Equal((null, "SendGrid: Email__SendGridApiKey is an unresolved Key Vault reference (@Microsoft.KeyVault(...)); check the app's access to the vault"), (refused.Status, refused.Reason));
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task SendAsync_ServerTooSlow_IsTransientTimeout()
    {
        _server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithDelay(TimeSpan.FromSeconds(3)));

        var result = await CreateSut(timeout: TimeSpan.FromMilliseconds(300)).SendAsync(Samples.Email());

        Assert.Equal(new SendResult.Transient("SendGrid: request timed out", null), result);
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsTransient()
    {
        var port = _server.Ports[0];
        _server.Stop();

        var result = await CreateSut(host: $"http://127.0.0.1:{port}").SendAsync(Samples.Email());

        Assert.StartsWith("SendGrid: ", Assert.IsType<SendResult.Transient>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        _server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithDelay(TimeSpan.FromSeconds(3)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().SendAsync(Samples.Email(), cts.Token));
    }

    [Fact]
    public async Task SendAsync_InvalidMessage_ThrowsNamingFieldAndSendsNothing()
    {
        Respond(202);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => CreateSut().SendAsync(Samples.Email() with { OutboxId = " " }));

        Assert.StartsWith("OutboxId:", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public void Constructor_NoApiKey_ThrowsNamingKey()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SendGridEmailSender(
            new HttpClient(), Options.Create(new EmailOptions()), _time, NullLogger<SendGridEmailSender>.Instance));

        Assert.StartsWith("Email__SendGridApiKey", ex.Message, StringComparison.Ordinal);
    }
}
