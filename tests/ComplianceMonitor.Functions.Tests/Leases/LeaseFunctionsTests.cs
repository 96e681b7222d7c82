using System.Net;
using System.Text.Json.Nodes;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Functions.Leases;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Functions.Tests.Leases;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class LeaseFunctionsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 6, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PutLease_NewValidRecord_201StoredWithETagAndLocation()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "PUT", "/api/leases/FS-2024-0001", TestRecords.Json(TestRecords.Lease()), Principals.District("110111"));

        var response = await host.Create<LeaseFunctions>().PutLeaseAsync(request, "FS-2024-0001", context);

        var json = response.AssertJson(HttpStatusCode.Created);
        Assert.Equal("created", json.GetProperty("outcome").GetString());
        Assert.Equal("110111", json.GetProperty("districtCode").GetString());
        var stored = await host.Services.GetRequiredService<ILeaseStore>().GetAsync("110111", "FS-2024-0001");
        Assert.NotNull(stored);
        Assert.Equal(TestRecords.Lease().BasePriceYuan, stored.Record.BasePriceYuan);
        Assert.Equal(stored.ETag, response.Fake().Header("ETag"));
        Assert.Equal("/api/leases/FS-2024-0001/check", response.Fake().Header("Location"));
    }

    [Fact]
    public async Task PutLease_SameRecordAgain_200Unchanged_ChangedRecord_200Updated()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var functions = host.Create<LeaseFunctions>();
        var principal = Principals.District("110111");
        var context = host.Context();
        await functions.PutLeaseAsync(host.Request(context, "PUT", "/api/leases/FS-2024-0001", TestRecords.Json(TestRecords.Lease()), principal), "FS-2024-0001", context);

        var again = await functions.PutLeaseAsync(host.Request(context, "PUT", "/api/leases/FS-2024-0001", TestRecords.Json(TestRecords.Lease()), principal), "FS-2024-0001", context);
        var changedBody = TestRecords.Json(TestRecords.Lease(), r => r["constructionCompletedOn"] = "2025-12-01");
        var changed = await functions.PutLeaseAsync(host.Request(context, "PUT", "/api/leases/FS-2024-0001", changedBody, principal), "FS-2024-0001", context);

        Assert.Equal("unchanged", again.AssertJson(HttpStatusCode.OK).GetProperty("outcome").GetString());
        Assert.Equal("updated", changed.AssertJson(HttpStatusCode.OK).GetProperty("outcome").GetString());
        var stored = await host.Services.GetRequiredService<ILeaseStore>().GetAsync("110111", "FS-2024-0001");
        Assert.Equal(new DateOnly(2025, 12, 1), stored!.Record.ConstructionCompletedOn);
    }

    [Fact]
    public async Task PutLease_InvalidFields_400NamingEachAndNothingWritten()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var body = TestRecords.Json(TestRecords.Lease(), r =>
        {
            r["supplyMode"] = "auction";
            r["landUser"]!["mobile"] = "12345";
            r["basePriceYuan"] = -1;
        });
        var request = host.Request(context, "PUT", "/api/leases/FS-2024-0001", body, Principals.District("110111"));

        var response = await host.Create<LeaseFunctions>().PutLeaseAsync(request, "FS-2024-0001", context);

        var fields = response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("supplyMode", fields);
        Assert.Contains("landUser.mobile", fields);
        Assert.Contains("basePriceYuan", fields);
        Assert.Null(await host.Services.GetRequiredService<ILeaseStore>().FindAsync("FS-2024-0001"));
    }

    [Fact]
    public async Task PutLease_PathIdDiffersFromBody_400NamingLeaseIdAndNothingWritten()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "PUT", "/api/leases/FS-2024-0002", TestRecords.Json(TestRecords.Lease("FS-2024-0001")), Principals.District("110111"));

        var response = await host.Create<LeaseFunctions>().PutLeaseAsync(request, "FS-2024-0002", context);

        Assert.Equal(["leaseId"], response.AssertProblem(HttpStatusCode.BadRequest));
        var store = host.Services.GetRequiredService<ILeaseStore>();
        Assert.Null(await store.FindAsync("FS-2024-0001"));
        Assert.Null(await store.FindAsync("FS-2024-0002"));
    }

    [Fact]
    public async Task PutLease_Array_400OnTheBody()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "PUT", "/api/leases/FS-2024-0001", TestRecords.Array(TestRecords.Lease()), Principals.District("110111"));

        var response = await host.Create<LeaseFunctions>().PutLeaseAsync(request, "FS-2024-0001", context);

        Assert.Equal(["$"], response.AssertProblem(HttpStatusCode.BadRequest));
        Assert.Null(await host.Services.GetRequiredService<ILeaseStore>().FindAsync("FS-2024-0001"));
    }

    [Fact]
    public async Task PutLease_NoPrincipal_401AndNothingWritten()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "PUT", "/api/leases/FS-2024-0001", TestRecords.Json(TestRecords.Lease()), principal: null);

        var response = await host.Create<LeaseFunctions>().PutLeaseAsync(request, "FS-2024-0001", context);

        response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Null(await host.Services.GetRequiredService<ILeaseStore>().FindAsync("FS-2024-0001"));
    }

    [Fact]
    public async Task PutLease_RecordOfAnotherDistrict_403AndNothingWritten()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var request = host.Request(context, "PUT", "/api/leases/TZ-2024-0001", TestRecords.Json(TestRecords.Lease("TZ-2024-0001", "110112")), Principals.District("110111"));

        var response = await host.Create<LeaseFunctions>().PutLeaseAsync(request, "TZ-2024-0001", context);

        Assert.Equal(["districtCode"], response.AssertProblem(HttpStatusCode.Forbidden));
        Assert.Null(await host.Services.GetRequiredService<ILeaseStore>().FindAsync("TZ-2024-0001"));
    }

    [Fact]
    public async Task PutLease_IdStoredUnderAnotherDistrict_409NotNamingItForTheOutsider_409NamingItForCity()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        await store.UpsertAsync(TestRecords.Lease("X-1", "110112"));
        var context = host.Context();
        var functions = host.Create<LeaseFunctions>();
        var body = TestRecords.Json(TestRecords.Lease("X-1", "110111"));

        var outsider = await functions.PutLeaseAsync(host.Request(context, "PUT", "/api/leases/X-1", body, Principals.District("110111")), "X-1", context);
        var city = await functions.PutLeaseAsync(host.Request(context, "PUT", "/api/leases/X-1", body, Principals.City()), "X-1", context);

        Assert.Equal(["leaseId"], outsider.AssertProblem(HttpStatusCode.Conflict));
        Assert.DoesNotContain("110112", outsider.Fake().BodyText(), StringComparison.Ordinal);
        Assert.Equal(["districtCode"], city.AssertProblem(HttpStatusCode.Conflict));
        Assert.Equal("110112", (await store.FindAsync("X-1"))!.Record.DistrictCode);
        Assert.Null(await store.GetAsync("110111", "X-1"));
    }

    [Fact]
    public async Task PostEvent_ValidMortgage_201AppendedUnderNewETag()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        await store.UpsertAsync(TestRecords.Lease());
        var before = await store.GetAsync("110111", "FS-2024-0001");
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/leases/FS-2024-0001/events", """{"type":"sublease","on":"2026-02-20","ref":"租赁合同第7号"}""", Principals.District("110111"), ("If-Match", before!.ETag));

        var response = await host.Create<LeaseFunctions>().PostEventAsync(request, "FS-2024-0001", context);

        var json = response.AssertJson(HttpStatusCode.Created);
        Assert.Equal("appended", json.GetProperty("outcome").GetString());
        Assert.Equal("sublease", json.GetProperty("event").GetProperty("type").GetString());
        Assert.Equal(2, json.GetProperty("eventCount").GetInt32());
        var after = await store.GetAsync("110111", "FS-2024-0001");
        Assert.Equal(
            [new LeaseEvent(LeaseEventType.Mortgage, new DateOnly(2025, 6, 10), "京(2025)房山区不动产证明第0001234号"), new LeaseEvent(LeaseEventType.Sublease, new DateOnly(2026, 2, 20), "租赁合同第7号")],
            after!.Record.Events);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal(after.ETag, response.Fake().Header("ETag"));
        Assert.Equal(LeaseRecordJson.Serialize(before.Record with { Events = after.Record.Events }), LeaseRecordJson.Serialize(after.Record));
    }

    [Fact]
    public async Task PostEvent_SameEventTwice_SecondIs200AndNotDuplicated()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        await store.UpsertAsync(TestRecords.Lease());
        var functions = host.Create<LeaseFunctions>();
        var context = host.Context();
        const string body = """{"type":"useChange","on":"2026-03-01","ref":null}""";

        var first = await functions.PostEventAsync(host.Request(context, "POST", "/api/leases/FS-2024-0001/events", body, Principals.District("110111")), "FS-2024-0001", context);
        var second = await functions.PostEventAsync(host.Request(context, "POST", "/api/leases/FS-2024-0001/events", body, Principals.District("110111")), "FS-2024-0001", context);

        first.AssertJson(HttpStatusCode.Created);
        Assert.Equal("alreadyRecorded", second.AssertJson(HttpStatusCode.OK).GetProperty("outcome").GetString());
        Assert.Equal(2, (await store.GetAsync("110111", "FS-2024-0001"))!.Record.Events.Count);
    }

    [Theory]
    [InlineData("""{"type":"lease","on":"2026-02-20"}""", "type")]
    [InlineData("""{"type":"mortgage","on":"2026-02-30"}""", "on")]
    [InlineData("""{"type":"mortgage"}""", "on")]
    [InlineData("""{"type":"mortgage","on":"2026-02-20","reference":"x"}""", "reference")]
    [InlineData("""["mortgage"]""", "$")]
    [InlineData("""{"type":"mortgage","on":"2026-02-20""", "$")]
    public async Task PostEvent_InvalidEvent_400NamingTheFieldAndNothingWritten(string body, string field)
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        await store.UpsertAsync(TestRecords.Lease());
        var before = await store.GetAsync("110111", "FS-2024-0001");
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/leases/FS-2024-0001/events", body, Principals.District("110111"));

        var response = await host.Create<LeaseFunctions>().PostEventAsync(request, "FS-2024-0001", context);

        Assert.Equal([field], response.AssertProblem(HttpStatusCode.BadRequest));
        var after = await store.GetAsync("110111", "FS-2024-0001");
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Single(after.Record.Events);
    }

    [Fact]
    public async Task PostEvent_StaleIfMatch_412AndNothingWritten()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        await store.UpsertAsync(TestRecords.Lease());
        var stale = (await store.GetAsync("110111", "FS-2024-0001"))!.ETag;
        await store.UpsertAsync(TestRecords.Lease() with { ConstructionCompletedOn = new DateOnly(2025, 12, 1) });
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/leases/FS-2024-0001/events", """{"type":"mortgage","on":"2026-03-01","ref":"r"}""", Principals.District("110111"), ("If-Match", stale));

        var response = await host.Create<LeaseFunctions>().PostEventAsync(request, "FS-2024-0001", context);

        Assert.Equal(["If-Match"], response.AssertProblem(HttpStatusCode.PreconditionFailed));
        var after = await store.GetAsync("110111", "FS-2024-0001");
        Assert.Single(after!.Record.Events);
        Assert.Equal(new DateOnly(2025, 12, 1), after.Record.ConstructionCompletedOn);
    }

    [Fact]
    public async Task PostEvent_AnotherDistrictsLease_404LikeAMissingIdAndNothingWritten()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        await store.UpsertAsync(TestRecords.Lease("TZ-2024-0001", "110112"));
        var before = await store.GetAsync("110112", "TZ-2024-0001");
        var context = host.Context();
        var request = host.Request(context, "POST", "/api/leases/TZ-2024-0001/events", """{"type":"mortgage","on":"2026-03-01","ref":"r"}""", Principals.District("110111"));

        var response = await host.Create<LeaseFunctions>().PostEventAsync(request, "TZ-2024-0001", context);

        Assert.Empty(response.AssertProblem(HttpStatusCode.NotFound));
        Assert.Equal(before!.ETag, (await store.GetAsync("110112", "TZ-2024-0001"))!.ETag);
    }

    [Fact]
    public async Task PostEvent_NoPrincipal_401_UnknownLease_404()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var context = host.Context();
        var functions = host.Create<LeaseFunctions>();
        const string body = """{"type":"mortgage","on":"2026-03-01","ref":"r"}""";

        var anonymous = await functions.PostEventAsync(host.Request(context, "POST", "/api/leases/FS-2024-0001/events", body, principal: null), "FS-2024-0001", context);
        var missing = await functions.PostEventAsync(host.Request(context, "POST", "/api/leases/NOPE/events", body, Principals.City()), "NOPE", context);

        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
        missing.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AppendAsync_LeaseChangedBetweenReadAndWrite_ReappliesOnTheLatestVersion()
    {
        using var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        await store.UpsertAsync(TestRecords.Lease());
        var read = (await store.GetAsync("110111", "FS-2024-0001"))!;
        // Another writer replaces the record after our read: its change must survive our append.
        await store.UpsertAsync(TestRecords.Lease() with { ConstructionCompletedOn = new DateOnly(2025, 12, 1) });
        var service = host.Services.GetRequiredService<LeaseEventService>();
        using var body = System.Text.Json.JsonDocument.Parse("""{"type":"mortgage","on":"2026-03-01","ref":"r"}""");

        var result = await service.AppendAsync(read, body.RootElement, ifMatch: null);

        Assert.Equal(EventAppendOutcome.Appended, result.Outcome);
        var after = (await store.GetAsync("110111", "FS-2024-0001"))!;
        Assert.Equal(new DateOnly(2025, 12, 1), after.Record.ConstructionCompletedOn);
        Assert.Equal(2, after.Record.Events.Count);
        Assert.Equal(result.ETag, after.ETag);
    }
}
