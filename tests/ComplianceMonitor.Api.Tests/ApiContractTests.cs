using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceMonitor.Api.Auth;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Api.Tests;

/// <summary>
/// The API's behaviour, written once and run against both hosts (<see cref="FunctionsApiContractTests"/>,
/// <see cref="AspNetCoreApiContractTests"/>): the same routes, statuses, problem details and authorization.
/// </summary>
public abstract partial class ApiContractTests
{
    private const string WsRoleType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    protected abstract Task<IApiHost> StartAsync();

    public static TheoryData<string> AuthenticatedRoutes()
    {
        var data = new TheoryData<string>();
        foreach (var r in ApiRoutes.All.Where(r => !r.Anonymous))
        {
            data.Add(r.Name);
        }

        return data;
    }

    protected static string District(string code, string name = "wang.officer") =>
        ClientPrincipal.Encode("aad", [new PrincipalClaim("name", name), new PrincipalClaim(WsRoleType, ClientPrincipal.DistrictRolePrefix + code)], "name", WsRoleType);

    protected static string City(string name = "li.city") =>
        ClientPrincipal.Encode("aad", [new PrincipalClaim("name", name), new PrincipalClaim("roles", ClientPrincipal.CityRole)], "name", WsRoleType);

    private static string SamplePath(ApiRoute route) =>
        route.Path.Replace("{id}", "FS-2024-0001", StringComparison.Ordinal).Replace("{code}", "110111", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(AuthenticatedRoutes))]
    public async Task EveryDataRoute_WithoutAPrincipal_Is401ProblemNamingTheHeader(string routeName)
    {
        await using var host = await StartAsync();
        var route = ApiRoutes.Named(routeName);

        var result = await host.SendAsync(route.Method, SamplePath(route), "{}");

        AssertProblem(result, HttpStatusCode.Unauthorized, ["X-MS-CLIENT-PRINCIPAL"]);
        Assert.Equal("urn:compliance-monitor:problem:unauthenticated", result.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Check_InvalidSample_Is400ListingEveryFieldOfTheReader()
    {
        await using var host = await StartAsync();
        var text = File.ReadAllText(Path.Combine(Root(), "samples", "invalid-lease.json"));
        var expected = LeaseRecordReader.ReadMany(text).Errors.Select(e => e.Field).ToList();

        var result = await host.SendAsync("POST", "/api/check?asOf=2026-03-06", text, District("110111"));

        AssertProblem(result, HttpStatusCode.BadRequest, expected);
        Assert.Equal("/api/check", result.Json.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Check_ValidRecord_IsTheEnginesResultForTheDay()
    {
        await using var host = await StartAsync();
        var record = SampleLeases.Create("FS-2024-0001", "110111");
        var engine = host.Services.GetRequiredService<RuleEngine>();

        var result = await host.SendAsync("POST", "/api/check?asOf=2026-03-06", LeaseRecordJson.Serialize(record), District("110111"));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("application/json; charset=utf-8", result.ContentType);
        var check = engine.Check(record, new DateOnly(2026, 3, 6));
        Assert.Equal("2026-03-06", result.Json.GetProperty("asOf").GetString());
        Assert.Equal(check.Findings.Select(f => f.Rule.ToString()), result.Json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Lease_PutThenGet_CreatedThenReadable_AndAnotherDistrictsOfficerGetsTheMissingLeaseAnswer()
    {
        await using var host = await StartAsync();
        var record = SampleLeases.Create("FS-2024-0001", "110111");

        var put = await host.SendAsync("PUT", "/api/leases/FS-2024-0001", LeaseRecordJson.Serialize(record), District("110111"));
        var get = await host.SendAsync("GET", "/api/leases/FS-2024-0001", null, District("110111"));
        var outside = await host.SendAsync("GET", "/api/leases/FS-2024-0001", null, District("110112"));
        var missing = await host.SendAsync("GET", "/api/leases/FS-2024-0001", null, District("110112"));

        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.Equal("created", put.Json.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal("110111", get.Json.GetProperty("districtCode").GetString());
        Assert.Equal("房山区", get.Json.GetProperty("districtName").GetString());
        Assert.Equal(record.BasePriceYuan, get.Json.GetProperty("record").GetProperty("basePriceYuan").GetDecimal());
        AssertProblem(outside, HttpStatusCode.NotFound, []);
        Assert.Equal(missing.Body, outside.Body);
        Assert.Equal("No lease has the id 'FS-2024-0001'.", outside.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Lease_Page_ListsThatLeasesTasks_NotThoseOfALeaseWhoseIdItPrefixes()
    {
        await using var host = await StartAsync();
        var record = SampleLeases.Create("FS-2024-0001", "110111");
        Assert.Equal(HttpStatusCode.Created, (await host.SendAsync("PUT", "/api/leases/FS-2024-0001", LeaseRecordJson.Serialize(record), District("110111"))).Status);
        EnforcementTask Open(string leaseId) => new()
        {
            DistrictCode = "110111",
            Id = AlertKeyFor(leaseId),
            LeaseId = leaseId,
            Rule = RuleCode.RENT_ARREARS,
            Department = Department.PlanningAndNaturalResources,
            Summary = "欠缴租金",
            Basis = "三（五）",
            OpenedOn = new DateOnly(2026, 2, 1),
            DueOn = new DateOnly(2026, 2, 16),
            State = TaskState.Open,
            History = [new TaskHistoryEntry("opened", TaskState.Open, EnforcementTask.SystemActor, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), null)],
        };
        await host.Services.GetRequiredService<ITaskStore>().CreateManyAsync("110111", [Open("FS-2024-0001"), Open("FS-2024-00010")]);

        var page = await host.SendAsync("GET", "/api/leases/FS-2024-0001", null, District("110111"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(
            [TaskShortId.Derive("110111", AlertKeyFor("FS-2024-0001"))],
            page.Json.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Tasks_AcknowledgeWithANote_RecordsTheActorAndTheNote()
    {
        await using var host = await StartAsync();
        var task = new EnforcementTask
        {
            DistrictCode = "110111",
            Id = AlertKeyFor("FS-1"),
            LeaseId = "FS-1",
            Rule = RuleCode.RENT_ARREARS,
            Department = Department.PlanningAndNaturalResources,
            Summary = "欠缴租金",
            Basis = "三（五）",
            OpenedOn = new DateOnly(2026, 2, 1),
            DueOn = new DateOnly(2026, 2, 16),
            State = TaskState.Open,
            History = [new TaskHistoryEntry("opened", TaskState.Open, EnforcementTask.SystemActor, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), null)],
        };
        await host.Services.GetRequiredService<ITaskStore>().CreateManyAsync("110111", [task]);

        var noNote = await host.SendAsync("PATCH", "/api/tasks/" + Uri.EscapeDataString(task.Id), """{"action":"acknowledge","note":"  "}""", District("110111", "wang.officer"));
        var patched = await host.SendAsync("PATCH", "/api/tasks/" + Uri.EscapeDataString(task.Id), """{"action":"acknowledge","reason":"已电话联系"}""", District("110111", "wang.officer"));
        var shortId = TaskShortId.Derive("110111", task.Id);
        var byShortId = await host.SendAsync("GET", "/api/tasks/" + shortId, null, District("110111"));
        var listed = await host.SendAsync("GET", "/api/tasks?state=acknowledged", null, District("110111"));
        var otherDistrict = await host.SendAsync("GET", "/api/tasks?district=110111", null, District("110112"));

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var last = patched.Json.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("acknowledged", "wang.officer", "已电话联系"), (last.GetProperty("state").GetString(), last.GetProperty("by").GetString(), last.GetProperty("note").GetString()));
        AssertProblem(noNote, HttpStatusCode.BadRequest, ["note"]);
        Assert.Equal([shortId], listed.Json.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal((HttpStatusCode.OK, "acknowledged", task.Id), (byShortId.Status, byShortId.Json.GetProperty("state").GetString(), byShortId.Json.GetProperty("key").GetString()));
        AssertProblem(otherDistrict, HttpStatusCode.Forbidden, ["district"]);
    }

    [Fact]
    public async Task Tasks_BadFilterValues_Is400NamingEachParameter()
    {
        await using var host = await StartAsync();

        var result = await host.SendAsync("GET", "/api/tasks?state=closed&department=police&rule=X&escalated=maybe&from=2026-02-30&to=never", null, City());

        AssertProblem(result, HttpStatusCode.BadRequest, ["state", "department", "rule", "escalated", "from", "to"]);
    }

    [Fact]
    public async Task Alerts_BadFilterValues_Is400NamingEachParameter()
    {
        await using var host = await StartAsync();

        var result = await host.SendAsync("GET", "/api/alerts?state=closed&rule=NOT_A_RULE&severity=severe&status=late&from=2026-02-30&to=tomorrow", null, City());

        AssertProblem(result, HttpStatusCode.BadRequest, ["state", "rule", "severity", "status", "from", "to"]);
    }

    [Fact]
    public async Task Digest_UnknownDistrictAndBadDate_Is400NamingBoth()
    {
        await using var host = await StartAsync();

        var result = await host.SendAsync("GET", "/api/districts/999999/digest?date=2026-02-30", null, City());

        AssertProblem(result, HttpStatusCode.BadRequest, ["code", "date"]);
    }

    [Fact]
    public async Task OpenApi_ServedWithoutAPrincipal_DescribesEveryDocumentedRoute()
    {
        await using var host = await StartAsync();

        var result = await host.SendAsync("GET", "/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var doc = result.Json;
        Assert.Equal("3.0.3", doc.GetProperty("openapi").GetString());
        foreach (var route in ApiRoutes.All.Where(r => r.Documented))
        {
            Assert.True(doc.GetProperty("paths").TryGetProperty(route.Path, out var path), $"{route.Path} missing");
            Assert.Equal(route.Name, path.GetProperty(route.Method.ToLowerInvariant()).GetProperty("operationId").GetString());
        }
    }

    [Fact]
    public async Task Me_City_ReachesEveryDistrict_AndToday()
    {
        await using var host = await StartAsync();

        var me = (await host.SendAsync("GET", "/api/me", null, City("li.city"))).Json;

        Assert.Equal("li.city", me.GetProperty("name").GetString());
        Assert.True(me.GetProperty("isCity").GetBoolean());
        Assert.Equal(ComplianceMonitor.Domain.Jurisdictions.Jurisdiction.All.Count, me.GetProperty("districts").GetArrayLength());
        Assert.Equal("2026-03-06", me.GetProperty("today").GetString());
    }

    [Fact]
    public async Task ImportPreview_WritesNothing_ConfirmWritesAll()
    {
        await using var host = await StartAsync();
        var ledger = "[" + LeaseRecordJson.Serialize(SampleLeases.Create("FS-2024-0001", "110111")) + "," + LeaseRecordJson.Serialize(SampleLeases.Create("FS-2024-0002", "110111")) + "]";
        var leases = host.Services.GetRequiredService<ILeaseStore>();

        var preview = await host.SendAsync("POST", "/api/imports/preview?format=json", ledger, District("110111"));
        var afterPreview = await leases.FindAsync("FS-2024-0001");
        var outside = await host.SendAsync("POST", "/api/imports?format=json", ledger, District("110112"));
        var confirm = await host.SendAsync("POST", "/api/imports?format=json", ledger, District("110111"));

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Equal(["FS-2024-0001", "FS-2024-0002"], preview.Json.GetProperty("new").EnumerateArray().Select(e => e.GetString()));
        Assert.Null(afterPreview);
        AssertProblem(outside, HttpStatusCode.BadRequest, ["districtCode", "districtCode"]);
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.NotNull(await leases.FindAsync("FS-2024-0002"));
    }

    protected static void AssertProblem(ApiResult result, HttpStatusCode status, IReadOnlyList<string> fields)
    {
        Assert.True(status == result.Status, $"expected {status}, got {result.Status}: {result.Body}");
        Assert.Equal("application/problem+json; charset=utf-8", result.ContentType);
        var json = result.Json;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        var actual = json.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToList() : [];
        Assert.Equal(fields, actual);
    }

    private static string AlertKeyFor(string leaseId) => ComplianceMonitor.Application.Scanning.AlertKey.For(leaseId, RuleCode.RENT_ARREARS, "main");

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceMonitor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>The suite against the Functions app.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class FunctionsApiContractTests(AzuriteFixture azurite) : ApiContractTests
{
    protected override Task<IApiHost> StartAsync() => Task.FromResult<IApiHost>(new FunctionsApiHost(azurite));
}

/// <summary>The suite against <c>cm serve</c>'s ASP.NET Core host over HTTP.</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class AspNetCoreApiContractTests(AzuriteFixture azurite) : ApiContractTests
{
    protected override async Task<IApiHost> StartAsync() => await AspNetCoreApiHost.StartAsync(azurite);

    [Fact]
    public async Task EveryApiEndpoint_OfTheHost_IsInTheRouteTableOrIsTheDevelopmentSignIn()
    {
        await using var host = await AspNetCoreApiHost.StartAsync(azurite);
        var endpoints = host.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal) && !p.StartsWith("/api/dev/", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var table = ApiRoutes.All.Select(r => "/api/" + r.Template).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(table.Order(StringComparer.Ordinal), endpoints.Order(StringComparer.Ordinal));
    }
}
