using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Net;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Functions.Tasks;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using ComplianceMonitor.Application.Leases;

namespace ComplianceMonitor.Functions.Tests.Tasks;

[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TaskFunctionsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 6, 2, 0, 0, TimeSpan.Zero);

    private static readonly EnforcementTask Arrears = Task("110111", "FS-1", RuleCode.RENT_ARREARS, Department.PlanningAndNaturalResources, new DateOnly(2026, 2, 1));
    private static readonly EnforcementTask Assessment = Task("110111", "FS-2", RuleCode.ASSESSMENT_APPLICATION, Department.IndustryAuthority, new DateOnly(2026, 1, 10)) with { State = TaskState.Acknowledged };
    private static readonly EnforcementTask Tongzhou = Task("110112", "TZ-1", RuleCode.REGISTRATION, Department.PlanningAndNaturalResources, new DateOnly(2026, 1, 20)) with { Escalated = true, EscalatedOn = new DateOnly(2026, 2, 5) };

    private static EnforcementTask Task(string district, string leaseId, RuleCode rule, Department department, DateOnly openedOn) => new()
    {
        DistrictCode = district,
        Id = AlertKey.For(leaseId, rule, "main"),
        LeaseId = leaseId,
        Rule = rule,
        Department = department,
        Summary = "应在期限内履行义务",
        Basis = "三（五）",
        OpenedOn = openedOn,
        DueOn = openedOn.AddDays(15),
        State = TaskState.Open,
        History = [new TaskHistoryEntry("opened", TaskState.Open, EnforcementTask.SystemActor, new DateTimeOffset(openedOn, TimeOnly.MinValue, TimeSpan.Zero), null)],
    };

    private static async Task<FunctionsTestHost> SeededAsync(AzuriteFixture azurite)
    {
        var host = FunctionsTestHost.Create(azurite, Now);
        var store = host.Services.GetRequiredService<ITaskStore>();
        await store.CreateManyAsync("110111", [Arrears, Assessment]);
        await store.CreateManyAsync("110112", [Tongzhou]);
        return host;
    }

    [Fact]
    public async Task List_DistrictOfficer_SeesOwnDistrictsTasksByDueDate()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();

        var response = await host.Create<TaskFunctions>().ListAsync(host.Request(context, "GET", "/api/tasks", null, Principals.District("110111")), context);

        var json = response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(2, json.GetProperty("count").GetInt32());
        var tasks = json.GetProperty("tasks").EnumerateArray().ToList();
        // Ids are the short ids (T- + 8 Crockford base32 of the district and key); the key is shown beside.
        Assert.Equal([TaskShortId.Derive("110111", Assessment.Id), TaskShortId.Derive("110111", Arrears.Id)], tasks.Select(t => t.GetProperty("id").GetString()));
        Assert.Equal([Assessment.Id, Arrears.Id], tasks.Select(t => t.GetProperty("key").GetString()));
        Assert.All(tasks, t => Assert.Matches("^T-[0-9A-HJKMNP-TV-Z]{8}$", t.GetProperty("id").GetString()));
        Assert.Equal("2026-01-25", tasks[0].GetProperty("dueOn").GetString());
        Assert.Equal("acknowledged", tasks[0].GetProperty("state").GetString());
        Assert.Equal("industry", tasks[0].GetProperty("department").GetString());
        Assert.Equal("planning", tasks[1].GetProperty("department").GetString());
        Assert.Equal("opened", tasks[1].GetProperty("history")[0].GetProperty("action").GetString());
    }

    [Theory]
    [InlineData("?state=open", new[] { "FS-1" })]
    [InlineData("?state=active", new[] { "FS-2", "FS-1" })]
    [InlineData("?department=industry", new[] { "FS-2" })]
    [InlineData("?rule=RENT_ARREARS", new[] { "FS-1" })]
    [InlineData("?leaseId=FS-2", new[] { "FS-2" })]
    [InlineData("?state=resolved", new string[0])]
    public async Task List_Filters_OnlyMatchingTasks(string query, string[] leaseIds)
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();

        var response = await host.Create<TaskFunctions>().ListAsync(host.Request(context, "GET", "/api/tasks" + query, null, Principals.District("110111")), context);

        var tasks = response.AssertJson(HttpStatusCode.OK).GetProperty("tasks").EnumerateArray();
        Assert.Equal(leaseIds, tasks.Select(t => t.GetProperty("leaseId").GetString()));
    }

    [Fact]
    public async Task List_City_SeesEveryDistrict_AndCanFilterEscalated()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();
        var functions = host.Create<TaskFunctions>();

        var all = await functions.ListAsync(host.Request(context, "GET", "/api/tasks", null, Principals.City()), context);
        var escalated = await functions.ListAsync(host.Request(context, "GET", "/api/tasks?escalated=true", null, Principals.City()), context);

        Assert.Equal(3, all.AssertJson(HttpStatusCode.OK).GetProperty("count").GetInt32());
        var only = Assert.Single(escalated.AssertJson(HttpStatusCode.OK).GetProperty("tasks").EnumerateArray());
        Assert.Equal("110112", only.GetProperty("districtCode").GetString());
        Assert.Equal("2026-02-05", only.GetProperty("escalatedOn").GetString());
    }

    [Fact]
    public async Task List_AnotherDistrict_403()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();

        var response = await host.Create<TaskFunctions>().ListAsync(host.Request(context, "GET", "/api/tasks?district=110112", null, Principals.District("110111")), context);

        Assert.Equal(["district"], response.AssertProblem(HttpStatusCode.Forbidden));
        Assert.DoesNotContain("TZ-1", response.Fake().BodyText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_BadFilters_400NamingEachFilter()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();

        var response = await host.Create<TaskFunctions>().ListAsync(
            host.Request(context, "GET", "/api/tasks?district=999999&state=closed&department=police&rule=NOPE&escalated=maybe", null, Principals.City()),
            context);

        Assert.Equal(["district", "state", "department", "rule", "escalated"], response.AssertProblem(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task List_NoPrincipal_401()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();

        var response = await host.Create<TaskFunctions>().ListAsync(host.Request(context, "GET", "/api/tasks", null, principal: null), context);

        response.AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Patch_Acknowledge_200StoredWithTheCallersNameAndNote()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();
        var request = host.Request(context, "PATCH", "/api/tasks/" + Arrears.Id, """{"action":"acknowledge","reason":"已联系企业"}""", Principals.District("110111", "wang.officer"));

        var response = await host.Create<TaskFunctions>().PatchAsync(request, Arrears.Id, context);

        var json = response.AssertJson(HttpStatusCode.OK);
        Assert.Equal("acknowledged", json.GetProperty("state").GetString());
        var stored = await host.Services.GetRequiredService<ITaskStore>().GetAsync("110111", Arrears.Id);
        Assert.Equal(TaskState.Acknowledged, stored!.State);
        var last = stored.History[^1];
        Assert.Equal(("acknowledged", "wang.officer", "已联系企业", Now), (last.Action, last.By, last.Note, last.At));
        Assert.Equal(stored.ETag, response.Fake().Header("ETag"));
    }

    [Fact]
    public async Task Patch_IdInBody_ResolvesTheTask()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();
        var body = $$"""{"id":"{{Assessment.Id}}","action":"resolve","note":"企业已提出考核申请，另行核实","resolution":"unchanged"}""";

        var response = await host.Create<TaskFunctions>().PatchAsync(host.Request(context, "PATCH", "/api/tasks", body, Principals.City()), null, context);

        Assert.Equal("resolved", response.AssertJson(HttpStatusCode.OK).GetProperty("state").GetString());
        Assert.Equal(TaskState.Resolved, (await host.Services.GetRequiredService<ITaskStore>().GetAsync("110111", Assessment.Id))!.State);
    }

    [Fact]
    public async Task Patch_DismissWithReason_200_WithoutReason_400AndUnchanged()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();
        var functions = host.Create<TaskFunctions>();
        var store = host.Services.GetRequiredService<ITaskStore>();

        var refused = await functions.PatchAsync(host.Request(context, "PATCH", "/api/tasks/" + Arrears.Id, """{"action":"dismiss","reason":"  "}""", Principals.District("110111")), Arrears.Id, context);
        var unchanged = await store.GetAsync("110111", Arrears.Id);
        var done = await functions.PatchAsync(host.Request(context, "PATCH", "/api/tasks/" + Arrears.Id, """{"action":"dismiss","reason":"重复登记"}""", Principals.District("110111")), Arrears.Id, context);

        Assert.Equal(["note"], refused.AssertProblem(HttpStatusCode.BadRequest));
        Assert.Equal(TaskState.Open, unchanged!.State);
        Assert.Single(unchanged.History);
        done.AssertJson(HttpStatusCode.OK);
        var dismissed = await store.GetAsync("110111", Arrears.Id);
        Assert.Equal((TaskState.Dismissed, "重复登记"), (dismissed!.State, dismissed.History[^1].Note));
    }

    [Theory]
    [InlineData("""{"action":"close"}""", new[] { "action" })]
    [InlineData("""{"reason":"x"}""", new[] { "action" })]
    [InlineData("""{"action":"resolve","by":"someone else"}""", new[] { "by", "note" })]
    [InlineData("""{"id":"other","action":"resolve"}""", new[] { "id", "note" })]
    [InlineData("""{"action":"acknowledge"}""", new[] { "note" })]
    [InlineData("""{"action":"acknowledge","note":"a","reason":"b"}""", new[] { "note" })]
    [InlineData("""{"action":"acknowledge","note":"x","resolution":"unchanged"}""", new[] { "resolution" })]
    [InlineData("""{"action":"resolve","note":"x","resolution":"paid"}""", new[] { "resolution" })]
    [InlineData("""{"action":"dismiss","note":"x","fact":{"paidOn":"2026-03-01"}}""", new[] { "fact" })]
    [InlineData("""{"action":7}""", new[] { "action", "action" })]
    [InlineData("""[1]""", new[] { "$" })]
    public async Task Patch_InvalidBody_400NamingFieldsAndUnchanged(string body, string[] fields)
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();

        var response = await host.Create<TaskFunctions>().PatchAsync(host.Request(context, "PATCH", "/api/tasks/" + Arrears.Id, body, Principals.District("110111")), Arrears.Id, context);

        Assert.Equal(fields, response.AssertProblem(HttpStatusCode.BadRequest));
        Assert.Equal(TaskState.Open, (await host.Services.GetRequiredService<ITaskStore>().GetAsync("110111", Arrears.Id))!.State);
    }

    [Fact]
    public async Task Patch_AnotherDistrictsTask_404LikeAMissingIdAndUnchanged()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();

        var response = await host.Create<TaskFunctions>().PatchAsync(host.Request(context, "PATCH", "/api/tasks/" + Tongzhou.Id, """{"action":"resolve","note":"已办","resolution":"unchanged"}""", Principals.District("110111")), Tongzhou.Id, context);

        Assert.Empty(response.AssertProblem(HttpStatusCode.NotFound));
        Assert.Equal($"No enforcement task has the id '{Tongzhou.Id}'.", response.Fake().Json().GetProperty("detail").GetString());
        Assert.Equal(TaskState.Open, (await host.Services.GetRequiredService<ITaskStore>().GetAsync("110112", Tongzhou.Id))!.State);
    }

    [Fact]
    public async Task Patch_MoveTheLifeDoesNotAllow_409()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();

        var response = await host.Create<TaskFunctions>().PatchAsync(host.Request(context, "PATCH", "/api/tasks/" + Assessment.Id, """{"action":"acknowledge","note":"已联系"}""", Principals.District("110111")), Assessment.Id, context);

        Assert.Equal(["action"], response.AssertProblem(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Patch_UnknownTask_404_NoPrincipal_401()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();
        var functions = host.Create<TaskFunctions>();

        var missing = await functions.PatchAsync(host.Request(context, "PATCH", "/api/tasks/none", """{"action":"resolve","note":"x","resolution":"unchanged"}""", Principals.City()), "none", context);
        var anonymous = await functions.PatchAsync(host.Request(context, "PATCH", "/api/tasks/" + Arrears.Id, """{"action":"resolve"}""", principal: null), Arrears.Id, context);

        missing.AssertProblem(HttpStatusCode.NotFound);
        anonymous.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(TaskState.Open, (await host.Services.GetRequiredService<ITaskStore>().GetAsync("110111", Arrears.Id))!.State);
    }

    [Fact]
    public async Task Get_ByShortIdInAnyCaseOrByKey_200_AnotherDistrictsTask_404LikeMissing()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();
        var functions = host.Create<TaskFunctions>();
        var shortId = TaskShortId.Derive("110111", Arrears.Id);
        var tongzhou = TaskShortId.Derive("110112", Tongzhou.Id);

        var byShort = await functions.GetAsync(host.Request(context, "GET", "/api/tasks/" + shortId.ToLowerInvariant(), null, Principals.District("110111")), shortId.ToLowerInvariant(), context);
        var byKey = await functions.GetAsync(host.Request(context, "GET", "/api/tasks/" + Uri.EscapeDataString(Arrears.Id), null, Principals.District("110111")), Arrears.Id, context);
        var other = await functions.GetAsync(host.Request(context, "GET", "/api/tasks/" + tongzhou, null, Principals.District("110111")), tongzhou, context);
        var none = await functions.GetAsync(host.Request(context, "GET", "/api/tasks/T-00000000", null, Principals.City()), "T-00000000", context);

        var json = byShort.AssertJson(HttpStatusCode.OK);
        Assert.Equal((shortId, Arrears.Id, "FS-1", "open", (string?)null, false), (json.GetProperty("id").GetString(), json.GetProperty("key").GetString(), json.GetProperty("leaseId").GetString(), json.GetProperty("state").GetString(), json.GetProperty("resolution").GetString(), json.GetProperty("awaitsScan").GetBoolean()));
        Assert.Equal(shortId, byKey.AssertJson(HttpStatusCode.OK).GetProperty("id").GetString());
        Assert.Empty(other.AssertProblem(HttpStatusCode.NotFound));
        Assert.Equal($"No enforcement task has the id '{tongzhou}'.", other.Fake().Json().GetProperty("detail").GetString());
        none.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_ResolveRentArrearsWithThePayment_RecordsItOnTheLeaseWithTheCaller_AndMarksTheTask()
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();
        await host.Services.GetRequiredService<LeaseWriter>().UpsertAsync(TestRecords.Lease("FS-1"), "seed", "test");
        var shortId = TaskShortId.Derive("110111", Arrears.Id);
        var body = """{"action":"resolve","note":"已缴清","resolution":"recorded","fact":{"paidOn":"2026-03-05","amountYuan":250000.50,"ref":"银行回单 0305"}}""";

        var response = await host.Create<TaskFunctions>().PatchAsync(host.Request(context, "PATCH", "/api/tasks/" + shortId, body, Principals.District("110111", "wang.officer")), shortId, context);

        var json = response.AssertJson(HttpStatusCode.OK);
        Assert.Equal(("resolved", "recorded", true), (json.GetProperty("state").GetString(), json.GetProperty("resolution").GetString(), json.GetProperty("awaitsScan").GetBoolean()));
        var detail = $"task {shortId} RENT_ARREARS: rentPayments += 2026-03-05 250000.50 (银行回单 0305)";
        Assert.Equal($"已缴清 [recorded on lease FS-1: {detail}]", json.GetProperty("history")[1].GetProperty("note").GetString());
        var lease = (await host.Services.GetRequiredService<Application.Leases.ILeaseStore>().GetAsync("110111", "FS-1"))!.Record;
        Assert.Equal(new Domain.Records.Payment(new DateOnly(2026, 3, 5), 250_000.50m, "银行回单 0305"), lease.RentPayments[^1]);
        Assert.Equal(2, lease.RentPayments.Count);
        var history = new List<Application.Leases.LeaseHistoryEntry>();
        await foreach (var e in host.Services.GetRequiredService<Application.Leases.ILeaseHistoryStore>().ReadAsync("110111", "FS-1"))
        {
            history.Add(e);
        }

        var audit = Assert.Single(history, e => e.Action == "task");
        Assert.Equal(("wang.officer", "api", detail, Application.Leases.LeaseHistoryState.Applied, Now), (audit.Actor, audit.Channel, audit.Detail, audit.State, audit.At));
    }

    [Theory]
    [InlineData("""{"action":"resolve","note":"已缴清"}""", new[] { "resolution" })]
    [InlineData("""{"action":"resolve","note":"已缴清","resolution":"recorded"}""", new[] { "fact" })]
    [InlineData("""{"action":"resolve","note":"已缴清","resolution":"handled"}""", new[] { "resolution" })]
    [InlineData("""{"action":"resolve","note":"已缴清","resolution":"unchanged","fact":{"paidOn":"2026-03-05"}}""", new[] { "fact" })]
    [InlineData("""{"action":"resolve","note":"已缴清","resolution":"recorded","fact":{"paidOn":"2026-3-5","amountYuan":-1,"payer":"x"}}""", new[] { "fact.payer", "fact.paidOn", "fact.amountYuan" })]
    [InlineData("""{"action":"resolve","note":"已缴清","resolution":"recorded","fact":{"amountYuan":0.001}}""", new[] { "fact.paidOn", "fact.amountYuan" })]
    [InlineData("""{"action":"resolve","note":" ","resolution":"unchanged"}""", new[] { "note" })]
    public async Task Patch_ResolveWithoutHowOrWithABadFact_400NamingTheFields_NothingWritten(string body, string[] fields)
    {
        using var host = await SeededAsync(azurite);
        var context = host.Context();
        await host.Services.GetRequiredService<LeaseWriter>().UpsertAsync(TestRecords.Lease("FS-1"), "seed", "test");
        var before = (await host.Services.GetRequiredService<Application.Leases.ILeaseStore>().GetAsync("110111", "FS-1"))!.ETag;

        var response = await host.Create<TaskFunctions>().PatchAsync(host.Request(context, "PATCH", "/api/tasks/" + Uri.EscapeDataString(Arrears.Id), body, Principals.District("110111")), Arrears.Id, context);

        Assert.Equal(fields, response.AssertProblem(HttpStatusCode.BadRequest));
        Assert.Equal(before, (await host.Services.GetRequiredService<Application.Leases.ILeaseStore>().GetAsync("110111", "FS-1"))!.ETag);
        var task = (await host.Services.GetRequiredService<ITaskStore>().GetAsync("110111", Arrears.Id))!;
        Assert.Equal((TaskState.Open, 1), (task.State, task.History.Count));
    }
}
