using System.Collections.Concurrent;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Infrastructure.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace ComplianceMonitor.Infrastructure.Tests.Reminders;

/// <summary>Exceptions from the Twilio SDK are logged without the recipient's number, even when the provider's answer quotes it.</summary>
[Trait("Category", "unit")]
public sealed class ProviderExceptionLogTests : IDisposable
{
    private const string MessagesPath = "/2010-04-01/Accounts/" + Samples.AccountSid + "/Messages.json";
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(418)]
    public async Task TwilioAnswerThatCannotBeRead_QuotingTheNumber_LoggedWithoutIt(int status)
    {
        _server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody("{\"to\":\"+8613800138000\", broken"));
        var logs = new Capture();
        var handler = new TwilioCallContextHandler { InnerHandler = new TwilioBaseUrlHandler(new Uri(_server.Url!)) { InnerHandler = new SocketsHttpHandler() } };
        var sut = new TwilioSmsSender(
            new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) },
            Options.Create(new SmsOptions { TwilioAccountSid = Samples.AccountSid, TwilioAuthToken = Samples.AuthToken, FromNumber = "+15005550006" }),
            new FakeTimeProvider(Samples.Now),
            logs);

        var result = await sut.SendAsync(Samples.Sms());

        Assert.NotNull(result);
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain("13800138000", line, StringComparison.Ordinal));
        var reason = result switch { SendResult.Transient t => t.Reason, SendResult.Permanent p => p.Reason, _ => string.Empty };
        Assert.DoesNotContain("13800138000", reason, StringComparison.Ordinal);
    }

    /// <summary>Every formatted message and exception text the sender logs.</summary>
    private sealed class Capture : ILogger<TwilioSmsSender>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " | " + exception));
    }
}
