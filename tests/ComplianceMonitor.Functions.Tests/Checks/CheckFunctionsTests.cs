using System.Net;
using System.Text.Json;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Functions.Checks;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Functions.Tests.Checks;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class CheckFunctionsTests(AzuriteFixture azurite)
{
    // 2026-03-05 23:30 UTC is 2026-03-06 07:30 in Beijing.
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task CheckRecords_OneRecord_ReturnsOneResultForTodayInBeijing()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/check", TestRecords.Json(TestRecords.Lease()), Principals.District("110111"));

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        var json = response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal("FS-2024-0001", json.GetProperty("leaseId").GetString());
        Assert.Equal("2026-03-06", json.GetProperty("asOf").GetString());
        var assessment = Assert.Single(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "ASSESSMENT_APPLICATION");
        Assert.Equal("upcoming", assessment.GetProperty("status").GetString());
        Assert.Equal("2028-08-31", assessment.GetProperty("deadline").GetString());
        Assert.Equal(909, assessment.GetProperty("daysRemaining").GetInt32());
    }

    [Fact]
    public async Task CheckRecords_ArrayWithAsOf_ReturnsArrayInInputOrder()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var body = TestRecords.Array(TestRecords.Lease("FS-2024-0002"), TestRecords.Lease("FS-2024-0001"));
        var request = host.Request(context, "POST", "/api/check?asOf=2028-08-01", body, Principals.District("110111"));

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        var json = response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        Assert.Equal(["FS-2024-0002", "FS-2024-0001"], json.EnumerateArray().Select(r => r.GetProperty("leaseId").GetString()));
        Assert.All(json.EnumerateArray(), r => Assert.Equal("2028-08-01", r.GetProperty("asOf").GetString()));
        var assessment = Assert.Single(json[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "ASSESSMENT_APPLICATION");
        Assert.Equal(30, assessment.GetProperty("daysRemaining").GetInt32());
    }

    [Fact]
    public async Task CheckRecords_InvalidRecord_400NamingEveryFieldAndNothingWritten()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var body = TestRecords.Json(TestRecords.Lease(), r =>
        {
            r["landUser"]!["creditCode"] = "91110111MA01ABCD1X";
            r["leaseEnd"] = "2023-01-01";
            r["leaseEndTypo"] = "2029-02-28";
        });
        var request = host.Request(context, "POST", "/api/check", body, Principals.District("110111"));

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        var fields = response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("landUser.creditCode", fields);
        Assert.Contains("leaseEnd", fields);
        Assert.Contains("leaseEndTypo", fields);
        var errors = response.Fake().Json().GetProperty("errors");
        Assert.All(errors.EnumerateArray(), e => Assert.Equal("FS-2024-0001", e.GetProperty("leaseId").GetString()));
        Assert.Null(await host.Services.GetRequiredService<ILeaseStore>().FindAsync("FS-2024-0001"));
    }

    [Theory]
    [InlineData("", "$")]
    [InlineData("{ not json", "$")]
    [InlineData("42", "$")]
    public async Task CheckRecords_BodyNotARecord_400OnTheBody(string body, string field)
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/check", body, Principals.District("110111"));

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        Assert.Equal([field], response.AssertProblem(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task CheckRecords_BadAsOf_400NamingAsOf()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/check?asOf=2026-13-01", TestRecords.Json(TestRecords.Lease()), Principals.District("110111"));

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        Assert.Equal(["asOf"], response.AssertProblem(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task CheckRecords_NoPrincipal_401()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/check", TestRecords.Json(TestRecords.Lease()), principal: null);

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        Assert.Equal(["X-MS-CLIENT-PRINCIPAL"], response.AssertProblem(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task CheckRecords_UnreadablePrincipal_401()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/check", TestRecords.Json(TestRecords.Lease()), principal: "bm90IGpzb24=");

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("not base64 of a JSON object", response.Fake().BodyText());
    }

    [Fact]
    public async Task CheckRecords_RecordOfAnotherDistrict_403NamingTheLease()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var body = TestRecords.Array(TestRecords.Lease("FS-2024-0001", "110111"), TestRecords.Lease("TZ-2024-0009", "110112"));
        var request = host.Request(context, "POST", "/api/check", body, Principals.District("110111"));

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        Assert.Equal(["districtCode"], response.AssertProblem(HttpStatusCode.Forbidden));
        var error = Assert.Single(response.Fake().Json().GetProperty("errors").EnumerateArray());
        Assert.Equal("TZ-2024-0009", error.GetProperty("leaseId").GetString());
    }

    [Fact]
    public async Task CheckRecords_PrincipalWithoutRoles_403()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/check", TestRecords.Json(TestRecords.Lease()), Principals.NoRoles());

        var response = await host.Create<CheckFunctions>().CheckRecordsAsync(request, context);

        response.AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CheckLease_StoredLeaseWithAsOf_ResultForThatDayWithETag()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        await store.UpsertAsync(TestRecords.Lease("FS-2024-0001", "110111"));
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/leases/FS-2024-0001/check?asOf=2027-03-01", null, Principals.District("110111"));

        var response = await host.Create<CheckFunctions>().CheckLeaseAsync(request, "FS-2024-0001", context);

        var json = response.AssertJson(HttpStatusCode.OK);
        Assert.Equal("2027-03-01", json.GetProperty("asOf").GetString());
        var assessment = Assert.Single(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "ASSESSMENT_APPLICATION");
        Assert.Equal(549, assessment.GetProperty("daysRemaining").GetInt32());
        Assert.Equal((await store.GetAsync("110111", "FS-2024-0001"))!.ETag, response.Fake().Header("ETag"));
    }

    [Fact]
    public async Task CheckLease_CityPrincipalWithoutAsOf_TodayInBeijing()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(TestRecords.Lease("TZ-2024-0001", "110112"));
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/leases/TZ-2024-0001/check", null, Principals.City());

        var response = await host.Create<CheckFunctions>().CheckLeaseAsync(request, "TZ-2024-0001", context);

        Assert.Equal("2026-03-06", response.AssertJson(HttpStatusCode.OK).GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task CheckLease_AnotherDistrictsLease_404LikeAMissingId()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(TestRecords.Lease("TZ-2024-0001", "110112"));
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/leases/TZ-2024-0001/check", null, Principals.District("110111"));

        var response = await host.Create<CheckFunctions>().CheckLeaseAsync(request, "TZ-2024-0001", context);

        Assert.Empty(response.AssertProblem(HttpStatusCode.NotFound));
        Assert.Equal("No lease has the id 'TZ-2024-0001'.", response.Fake().Json().GetProperty("detail").GetString());
        Assert.DoesNotContain("110112", response.Fake().BodyText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckLease_Unknown_404()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/leases/NOPE-1/check", null, Principals.City());

        var response = await host.Create<CheckFunctions>().CheckLeaseAsync(request, "NOPE-1", context);

        response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CheckLease_BadAsOf_400NamingAsOf()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/leases/FS-2024-0001/check?asOf=06/03/2026", null, Principals.City());

        var response = await host.Create<CheckFunctions>().CheckLeaseAsync(request, "FS-2024-0001", context);

        Assert.Equal(["asOf"], response.AssertProblem(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task CheckLease_NoPrincipal_401()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "GET", "/api/leases/FS-2024-0001/check", null, principal: null);

        var response = await host.Create<CheckFunctions>().CheckLeaseAsync(request, "FS-2024-0001", context);

        response.AssertProblem(HttpStatusCode.Unauthorized);
    }
}
