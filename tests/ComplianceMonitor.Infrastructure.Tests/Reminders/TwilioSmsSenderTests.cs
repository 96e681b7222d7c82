using System.Text;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Reminders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>The Twilio adapter against a real local HTTP server speaking the Messages API.</summary>
public sealed class TwilioSmsSenderTests : IDisposable
{
    private const string MessagesPath = "/2010-04-01/Accounts/" + Samples.AccountSid + "/Messages.json";
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(Samples.Now);

    public void Dispose() => _server.Stop();

    private TwilioSmsSender CreateSut(string from = "+15005550006", TimeSpan? timeout = null)
    {
        var handler = new TwilioCallContextHandler
        {
            InnerHandler = new TwilioBaseUrlHandler(new Uri(_server.Url!)) { InnerHandler = new SocketsHttpHandler() },
        };
        return new TwilioSmsSender(
            new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(10) },
            Options.Create(new SmsOptions { TwilioAccountSid = Samples.AccountSid, TwilioAuthToken = Samples.AuthToken, FromNumber = from }),
            _time,
            NullLogger<TwilioSmsSender>.Instance);
    }

    private void Respond(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(response);
    }

    private static string Created(string sid) =>
        $$"""{"sid":"{{sid}}","account_sid":"{{Samples.AccountSid}}","to":"+8613800138000","from":"+15005550006","body":"x","status":"queued","num_segments":"1","direction":"outbound-api","api_version":"2010-04-01","price":null,"error_code":null,"error_message":null,"uri":"/2010-04-01/Accounts/{{Samples.AccountSid}}/Messages/{{sid}}.json"}""";

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(
            kv => Uri.UnescapeDataString(kv[0].Replace('+', ' ')),
            kv => Uri.UnescapeDataString(kv[1].Replace('+', ' ')));

    [Fact]
    public async Task SendAsync_Created_ReturnsMessageSid()
    {
        Respond(201, Created("SM0123456789abcdef0123456789abcdef"));

        var result = await CreateSut().SendAsync(Samples.Sms());

        Assert.Equal(new SendResult.Accepted("SM0123456789abcdef0123456789abcdef"), result);
    }

    [Fact]
    public async Task SendAsync_Created_PostsExactFormWithBasicAuth()
    {
        Respond(201, Created("SM0123456789abcdef0123456789abcdef"));

        await CreateSut().SendAsync(Samples.Sms());

        var request = Assert.Single(_server.LogEntries).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal(MessagesPath, request.Path);
        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Samples.AccountSid}:{Samples.AuthToken}"));
        Assert.Equal(expectedAuth, request.Headers!["Authorization"].Single());
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"].Single(), StringComparison.Ordinal);
        var form = Form(request.Body!);
        Assert.Equal("+8613800138000", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal("【先租后让监管】租赁合同FS-2024-001须于3月23日（周一）前签出让合同并缴地价，剩17天。", form["Body"]);
        Assert.False(form.ContainsKey("MessagingServiceSid"));
    }

    [Fact]
    public async Task SendAsync_MessagingServiceSender_SendsMessagingServiceSid()
    {
        Respond(201, Created("SM0123456789abcdef0123456789abcdef"));
        const string service = "MG0123456789abcdef0123456789abcdef";

        await CreateSut(from: service).SendAsync(Samples.Sms());

        var form = Form(_server.LogEntries.Single().RequestMessage.Body!);
        Assert.Equal(service, form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
    }

    [Fact]
    public async Task SendAsync_400Code21211_IsPermanentWithTwilioMessageMasked()
    {
        Respond(400, """{"code": 21211, "message": "The 'To' number +8613800138000 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""");

        var result = await CreateSut().SendAsync(Samples.Sms());

        Assert.Equal(new SendResult.Permanent("Twilio 400 (code 21211): The 'To' number +86*******8000 is not a valid phone number.", new ProviderStatus(400, "21211")), result);
    }

    [Fact]
    public async Task SendAsync_401Code20003_RefusesTheChannelWithStatusAndCode()
    {
        Respond(401, """{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}""");

        var result = await CreateSut().SendAsync(Samples.Sms());

        Assert.Equal(new SendResult.ChannelRefused("Twilio 401 (code 20003): Authenticate", new ProviderStatus(401, "20003")), result);
    }

    [Fact]
    public async Task SendAsync_400Code21606FromCannotSend_RefusesTheChannel()
    {
        Respond(400, """{"code": 21606, "message": "The From phone number +15005550006 is not a valid, SMS-capable inbound phone number or short code for your account.", "more_info": "https://www.twilio.com/docs/errors/21606", "status": 400}""");

        var result = await CreateSut().SendAsync(Samples.Sms());

        Assert.Equal(new ProviderStatus(400, "21606"), Assert.IsType<SendResult.ChannelRefused>(result).Status);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_IsTransientWithThatDelay()
    {
        Respond(429, """{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}""", ("Retry-After", "60"));

        var result = await CreateSut().SendAsync(Samples.Sms());

        Assert.Equal(new SendResult.Transient("Twilio 429 (code 20429): Too Many Requests", TimeSpan.FromSeconds(60), new ProviderStatus(429, "20429")), result);
    }

    [Fact]
    public async Task SendAsync_500_IsTransient()
    {
        Respond(500, """{"code": 20500, "message": "Internal Server Error", "more_info": "https://www.twilio.com/docs/errors/20500", "status": 500}""");

        var result = await CreateSut().SendAsync(Samples.Sms());

        Assert.Equal(new SendResult.Transient("Twilio 500 (code 20500): Internal Server Error", null, new ProviderStatus(500, "20500")), result);
    }

    [Fact]
    public async Task SendAsync_503WithoutJson_IsTransientFromHttpStatus()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("Service Unavailable"));

        var result = await CreateSut().SendAsync(Samples.Sms());

        Assert.StartsWith("Twilio 503: ", Assert.IsType<SendResult.Transient>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ServerTooSlow_IsTransientTimeout()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody(Created("SM1")).WithDelay(TimeSpan.FromSeconds(3)));

        var result = await CreateSut(timeout: TimeSpan.FromMilliseconds(300)).SendAsync(Samples.Sms());

        Assert.Equal(new SendResult.Transient("Twilio: request timed out", null), result);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody(Created("SM1")).WithDelay(TimeSpan.FromSeconds(3)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().SendAsync(Samples.Sms(), cts.Token));
    }

    [Fact]
    public async Task SendAsync_NotE164_ThrowsNamingToAndSendsNothing()
    {
        Respond(201, Created("SM1"));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => CreateSut().SendAsync(Samples.Sms() with { To = "13800138000" }));

        Assert.StartsWith("To:", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public void Constructor_NoCredentials_ThrowsNamingKeys()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new TwilioSmsSender(
            new HttpClient(), Options.Create(new SmsOptions()), _time, NullLogger<TwilioSmsSender>.Instance));

        Assert.StartsWith("Sms__TwilioAccountSid", ex.Message, StringComparison.Ordinal);
    }
}
