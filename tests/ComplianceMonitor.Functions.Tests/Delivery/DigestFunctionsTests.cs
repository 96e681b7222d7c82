using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Net;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Functions.Delivery;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace ComplianceMonitor.Functions.Tests.Delivery;

[Trait("Category", "azurite")]
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
    public async Task PreviewAsync_RealDigestOfADistrictWithData_HtmlAndJsonOfItsAlerts_403ForAnother()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var lease = TestRecords.Lease();
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(lease);
        await host.Services.GetRequiredService<ScanService>().ScanDistrictAsync("110111", new DateOnly(2026, 3, 6), "test-run");
        var open = 0;
        await foreach (var alert in host.Services.GetRequiredService<IAlertStore>().ListAsync("110111"))
        {
            open += alert.Item is { State: AlertState.Open } ? 1 : 0;
        }

        var context = host.Context();
        var functions = host.Create<DigestFunctions>();

        var html = (FakeHttpResponseData)await functions.PreviewAsync(host.Request(context, "GET", "/api/districts/110111/digest?format=html", null, Principals.District("110111")), "110111", context);
        var json = await functions.PreviewAsync(host.Request(context, "GET", "/api/districts/110111/digest?format=json&date=2026-03-06", null, Principals.District("110111")), "110111", context);
        var other = await functions.PreviewAsync(host.Request(context, "GET", "/api/districts/110112/digest", null, Principals.District("110111")), "110112", context);

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html; charset=utf-8", html.Header("Content-Type"));
        Assert.StartsWith("<!DOCTYPE html>", html.BodyText().TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("房山区", html.BodyText(), StringComparison.Ordinal);
        Assert.Contains(lease.LeaseId, html.BodyText(), StringComparison.Ordinal);
        var body = json.AssertJson(HttpStatusCode.OK);
        Assert.Equal("110111", body.GetProperty("districtCode").GetString());
        Assert.Equal("房山区", body.GetProperty("districtName").GetString());
        Assert.Equal("2026-03-06", body.GetProperty("date").GetString());
        Assert.True(open > 0, "the scan should have opened alerts for the sample lease");
        Assert.Equal(open, body.GetProperty("counts").GetProperty("openAlerts").GetInt32());
        Assert.Equal(["code"], other.AssertProblem(HttpStatusCode.Forbidden));
    }
}
