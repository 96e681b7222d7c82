using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Functions.Tests.Adversarial.AttackSurface;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

/// <summary>
/// Theme: scans for another day. <c>POST /api/scan</c> writes (opens, resolves, queues reminders), so the API scans only
/// today in Beijing: a past or future <c>asOf</c> is a 400 naming <c>asOf</c> and pointing at the read-only checks, and
/// nothing is queued or written. (The CLI's deliberate <c>--backdate</c> is tested in the CLI tests.)
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class BackdatedAndFutureScanApiTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("2026-03-05")]
    [InlineData("2026-03-07")]
    [InlineData("2024-01-01")]
    [InlineData("2099-12-31")]
    public async Task ScanForAnotherDay_400NamingAsOf_NothingQueuedOrWritten(string asOf)
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);

        var response = await SendAsync(host, new Attack("ScanOnDemand", "POST", "/api/scan", $$"""{"districtCode":"{{Victim}}","asOf":"{{asOf}}"}"""), Principals.City());

        var problem = AssertProblem(response, 400, ApiResults.InvalidInputType);
        Assert.Equal("Nothing was scanned or queued.", problem.GetProperty("detail").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("asOf", error.GetProperty("field").GetString());
        Assert.Equal(
            $"'{asOf}' is not today in Beijing ({Today}): the API scans only today. To see another day's findings without writing anything use GET /api/leases/{{id}}/check?asOf= or POST /api/check?asOf=.",
            error.GetProperty("message").GetString());
        await AssertNothingWrittenAsync(host, before);
    }

    [Fact]
    public async Task ScanForToday_Accepted_ControlCase()
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);

        var response = await SendAsync(host, new Attack("ScanOnDemand", "POST", "/api/scan", $$"""{"districtCode":"{{Victim}}","asOf":"{{Today}}"}"""), Principals.City());

        Assert.Equal(202, (int)response.StatusCode);
        Assert.NotEqual(string.Empty, (await StorageSnapshot.TakeAsync(host.Tables)).DifferencesFrom(before));
    }
}
