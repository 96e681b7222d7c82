using System.Net;
using ComplianceMonitor.Functions.Delivery;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace ComplianceMonitor.Functions.Tests.Delivery;

[Collection("azurite")]
public sealed class DigestFunctionsTests(AzuriteFixture azurite)
{
    // 2026-03-05 23:30 UTC is 2026-03-06 in Beijing.
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 23, 30, 0, TimeSpan.Zero);

    private static (FunctionsTestHost Host, Mock<IDigestPreview> Preview) Create(AzuriteFixture azurite)
    {
        var preview = new Mock<IDigestPreview>(MockBehavior.Strict);
        preview.Setup(p => p.RenderAsync(It.IsAny<string>(), It.IsAny<DateOnly>(), DigestFormat.Html, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string code, DateOnly date, DigestFormat _, CancellationToken _) => $"<h1>{code} {date:yyyy-MM-dd}</h1>");
        preview.Setup(p => p.RenderAsync(It.IsAny<string>(), It.IsAny<DateOnly>(), DigestFormat.Json, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string code, DateOnly date, DigestFormat _, CancellationToken _) => $$"""{"districtCode":"{{code}}","date":"{{date:yyyy-MM-dd}}"}""");
        var host = FunctionsTestHost.Create(azurite, Now, s => s.AddSingleton(preview.Object));
        return (host, preview);
    }

    [Fact]
    public async Task Preview_AcceptHtml_HtmlForTodayInBeijing()
    {
        var (host, preview) = Create(azurite);
        using var _ = host;
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/districts/110111/digest", null, Principals.District("110111"), ("Accept", "text/html,application/xhtml+xml"));

        var response = (FakeHttpResponseData)await host.Create<DigestFunctions>().PreviewAsync(request, "110111", context);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("<h1>110111 2026-03-06</h1>", response.BodyText());
        preview.Verify(p => p.RenderAsync("110111", new DateOnly(2026, 3, 6), DigestFormat.Html, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Preview_FormatJsonWinsOverAccept_WithDate()
    {
        var (host, preview) = Create(azurite);
        using var _ = host;
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/districts/110111/digest?format=json&date=2026-03-09", null, Principals.City(), ("Accept", "text/html"));

        var response = await host.Create<DigestFunctions>().PreviewAsync(request, "110111", context);

        var json = response.AssertJson(HttpStatusCode.OK);
        Assert.Equal("2026-03-09", json.GetProperty("date").GetString());
        preview.Verify(p => p.RenderAsync("110111", new DateOnly(2026, 3, 9), DigestFormat.Json, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Preview_BadFormatDateAndDistrict_400NamingEach()
    {
        var (host, preview) = Create(azurite);
        using var _ = host;
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/districts/123/digest?format=pdf&date=tomorrow", null, Principals.City());

        var response = await host.Create<DigestFunctions>().PreviewAsync(request, "123", context);

        Assert.Equal(["code", "date", "format"], response.AssertProblem(HttpStatusCode.BadRequest));
        preview.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Preview_AnotherDistrict_403_NoPrincipal_401()
    {
        var (host, preview) = Create(azurite);
        using var _ = host;
        var context = host.Context();
        var functions = host.Create<DigestFunctions>();

        var other = await functions.PreviewAsync(host.Request(context, "GET", "/api/districts/110112/digest", null, Principals.District("110111")), "110112", context);
        var anonymous = await functions.PreviewAsync(host.Request(context, "GET", "/api/districts/110111/digest", null, principal: null), "110111", context);

        Assert.Equal(["code"], other.AssertProblem(HttpStatusCode.Forbidden));
        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
        preview.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Preview_NoDigestServiceRegistered_501AndLogged()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();

        var response = await host.Create<DigestFunctions>().PreviewAsync(host.Request(context, "GET", "/api/districts/110111/digest", null, Principals.District("110111")), "110111", context);

        response.AssertProblem(HttpStatusCode.NotImplemented);
        Assert.Single(host.Logs.WithEvent(5001));
    }
}
