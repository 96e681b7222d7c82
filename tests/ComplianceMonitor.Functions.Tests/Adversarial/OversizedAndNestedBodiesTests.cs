using System.Text;
using ComplianceMonitor.Api.Endpoints;
using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Functions.Tests.Adversarial.AttackSurface;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

/// <summary>
/// Theme: bodies built to exhaust the server. Over 8 MiB: 413 before parsing; more than 1,000 records to /api/check: 413
/// naming the limit; JSON nested 100,000 deep: a 400 naming the body, never a 500 or a stack overflow; nothing written.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class OversizedAndNestedBodiesTests(AzuriteFixture azurite)
{
    public static TheoryData<string> BodyRouteNames => Names(BodyRoutes);

    private static Attack WithBody(Attack attack, string body) => attack with { Body = body };

    [Theory]
    [MemberData(nameof(BodyRouteNames))]
    public async Task BodyOver8MiB_413AndNothingWritten(string route)
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);
        var body = "[\"" + new string('x', ApiRequest.MaxBodyBytes) + "\"]";

        var response = await SendAsync(host, WithBody(Route(route), body), Principals.City());

        var problem = AssertProblem(response, 413, ApiResults.TooLargeType);
        Assert.Equal($"The body is over {ApiRequest.MaxBodyBytes} bytes; send fewer records per request.", problem.GetProperty("detail").GetString());
        await AssertNothingWrittenAsync(host, before);
    }

    [Theory]
    [MemberData(nameof(BodyRouteNames))]
    public async Task JsonNested100000Deep_400NotA500AndNothingWritten(string route)
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);
        var body = new string('[', 100_000) + new string(']', 100_000);

        var response = await SendAsync(host, WithBody(Route(route), body), Principals.City());

        if (route == "PreviewImport")
        {
            // A preview's answer is the list of what is wrong with the ledger (200, written: false), never a 500.
            Assert.Equal(200, (int)response.StatusCode);
            var preview = response.Json();
            Assert.False(preview.GetProperty("written").GetBoolean());
            Assert.Equal("$", preview.GetProperty("errors")[0].GetProperty("field").GetString());
        }
        else
        {
            var problem = AssertProblem(response, 400, ApiResults.InvalidInputType);
            Assert.Equal("$", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        }

        await AssertNothingWrittenAsync(host, before);
    }

    [Fact]
    public async Task Check_1001Records_413NamingTheLimit_1000Records_Checked()
    {
        using var host = await SeededAsync(azurite);
        string Many(int n) => "[" + string.Join(",", Enumerable.Range(1, n).Select(i => TestRecords.Json(TestRecords.Lease($"FS-MANY-{i}", Attacker)))) + "]";

        var over = await SendAsync(host, new Attack("CheckRecords", "POST", "/api/check", Many(CheckEndpoints.MaxRecords + 1)), Principals.City());
        var atLimit = await SendAsync(host, new Attack("CheckRecords", "POST", "/api/check", Many(CheckEndpoints.MaxRecords)), Principals.City());

        var problem = AssertProblem(over, 413, ApiResults.TooLargeType);
        Assert.Equal("At most 1000 records can be checked in one request; send them in batches. Nothing was checked.", problem.GetProperty("detail").GetString());
        Assert.Equal("at most 1000 records", problem.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(200, (int)atLimit.StatusCode);
        Assert.Equal(1000, atLimit.Json().GetArrayLength());
    }

    [Fact]
    public async Task Check_1001InvalidRecords_413BeforeValidating()
    {
        using var host = await SeededAsync(azurite);
        var body = new StringBuilder("[");
        for (var i = 0; i <= CheckEndpoints.MaxRecords; i++)
        {
            body.Append(i == 0 ? "{}" : ",{}");
        }

        var response = await SendAsync(host, new Attack("CheckRecords", "POST", "/api/check", body.Append(']').ToString()), Principals.City());

        AssertProblem(response, 413, ApiResults.TooLargeType);
    }
}
