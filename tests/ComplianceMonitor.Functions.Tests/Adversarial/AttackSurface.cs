using System.Text.Json;
using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Domain.Rules;
using ComplianceMonitor.Functions.Http;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

/// <summary>One call of one API route (by its route-table name), as an attacker would send it.</summary>
public sealed record Attack(string Route, string Method, string Path, string? Body, params (string Name, string? Value)[] RouteValues)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Method} {Path} ({Route})";
}

/// <summary>
/// The shared ground of the adversarial tests: a victim district (110112) holding a lease and a task, an attacker
/// district (110111), every route of the API reachable through <see cref="FunctionsApi.RunAsync"/> (the same path the
/// HTTP triggers take), and storage snapshots to prove that nothing was written.
/// </summary>
internal static class AttackSurface
{
    public const string Victim = "110112";
    public const string Attacker = "110111";
    public const string VictimLeaseId = "TZ-ADV-1";

    public static readonly DateTimeOffset Now = new(2026, 3, 5, 23, 30, 0, TimeSpan.Zero); // 2026-03-06 07:30 Beijing
    public const string Today = "2026-03-06";

    public static readonly EnforcementTask VictimTask = new()
    {
        DistrictCode = Victim,
        Id = AlertKey.For(VictimLeaseId, RuleCode.REGISTRATION, "main"),
        LeaseId = VictimLeaseId,
        Rule = RuleCode.REGISTRATION,
        Department = Department.PlanningAndNaturalResources,
        Summary = "应在期限内履行义务",
        Basis = "三（五）",
        OpenedOn = new DateOnly(2026, 1, 20),
        DueOn = new DateOnly(2026, 2, 4),
        State = TaskState.Open,
        History = [new TaskHistoryEntry("opened", TaskState.Open, EnforcementTask.SystemActor, new DateTimeOffset(2026, 1, 20, 0, 0, 0, TimeSpan.Zero), null)],
    };

    /// <summary>The victim lease's active snooze (a hold the attacker must not see or lift).</summary>
    public static readonly Snooze VictimSnooze = new(VictimLeaseId, null, "企业来函", new DateOnly(2026, 3, 20), "victim.officer", Now);

    /// <summary>The id of <see cref="VictimSnooze"/> on the holds routes.</summary>
    public const string VictimHoldId = "snooze." + VictimLeaseId;

    /// <summary>The victim's dead reminder (which the attacker must not requeue).</summary>
    public static readonly OutboxEntry VictimDeadReminder = new()
    {
        DistrictCode = Victim,
        Id = AlertKey.OutboxId(VictimTask.Id, "D+1", OutboxChannel.Email, "victim@example.com"),
        AlertKey = VictimTask.Id,
        LeaseId = VictimLeaseId,
        Rule = RuleCode.REGISTRATION,
        Stage = "D+1",
        Channel = OutboxChannel.Email,
        Recipient = "victim@example.com",
        LandUserName = "受害企业",
        FindingStatus = FindingStatus.Overdue,
        Severity = Severity.Critical,
        Basis = "三（五）",
        Message = "逾期",
        QueuedOn = new DateOnly(2026, 3, 1),
        CreatedAt = new DateTimeOffset(2026, 2, 28, 22, 0, 0, TimeSpan.Zero),
        Status = OutboxStatus.Dead,
        Attempts = 5,
        LastError = "SendGrid 400: invalid address",
    };

    /// <summary>A host over a fresh table prefix holding the victim's lease, task, snooze and dead reminder.</summary>
    public static async Task<FunctionsTestHost> SeededAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        var host = FunctionsTestHost.Create(azurite, Now, settings: settings);
        await host.Services.GetRequiredService<ILeaseStore>().UpsertAsync(TestRecords.Lease(VictimLeaseId, Victim));
        await host.Services.GetRequiredService<ITaskStore>().CreateManyAsync(Victim, [VictimTask]);
        await host.Services.GetRequiredService<ISnoozeStore>().SaveAsync(Victim, VictimSnooze, null);
        await host.Services.GetRequiredService<IOutboxStore>().CreateManyAsync(Victim, [VictimDeadReminder]);
        return host;
    }

    /// <summary>A host over a fresh, empty table prefix (where every id is missing).</summary>
    public static FunctionsTestHost Empty(AzuriteFixture azurite) => FunctionsTestHost.Create(azurite, Now);

    /// <summary>Sends <paramref name="attack"/> with <paramref name="principal"/> (the header value, or null for none).</summary>
    public static async Task<FakeHttpResponseData> SendAsync(FunctionsTestHost host, Attack attack, string? principal)
    {
        var context = host.Context();
        var request = host.Request(context, attack.Method, attack.Path, attack.Body, principal);
        var response = await FunctionsApi.RunAsync(request, context, attack.Route, attack.RouteValues);
        return response.Fake();
    }

    /// <summary>Every route that needs a caller, each called the way its owner would (valid body), aimed at the victim.</summary>
    public static IReadOnlyList<Attack> EveryRoute { get; } =
    [
        new("CheckRecords", "POST", "/api/check", TestRecords.Json(TestRecords.Lease("TZ-ADV-9", Victim))),
        new("CheckLease", "GET", $"/api/leases/{VictimLeaseId}/check", null, ("id", VictimLeaseId)),
        new("PutLease", "PUT", $"/api/leases/{VictimLeaseId}", TestRecords.Json(TestRecords.Lease(VictimLeaseId, Victim)), ("id", VictimLeaseId)),
        new("PostLeaseEvent", "POST", $"/api/leases/{VictimLeaseId}/events", """{"type":"mortgage","on":"2026-03-01","ref":"r"}""", ("id", VictimLeaseId)),
        new("LeaseHistory", "GET", $"/api/leases/{VictimLeaseId}/history", null, ("id", VictimLeaseId)),
        new("ListTasks", "GET", $"/api/tasks?district={Victim}", null),
        new("GetTask", "GET", $"/api/tasks/{Uri.EscapeDataString(VictimTask.Id)}", null, ("id", VictimTask.Id)),
        new("PatchTask", "PATCH", $"/api/tasks/{Uri.EscapeDataString(VictimTask.Id)}", """{"action":"dismiss","note":"无需处理"}""", ("id", VictimTask.Id)),
        new("ScanOnDemand", "POST", "/api/scan", $$"""{"districtCode":"{{Victim}}"}""", []),
        new("DigestPreview", "GET", $"/api/districts/{Victim}/digest?format=json", null, ("code", Victim)),
        new("Me", "GET", "/api/me", null),
        new("GetLease", "GET", $"/api/leases/{VictimLeaseId}", null, ("id", VictimLeaseId)),
        new("ListAlerts", "GET", $"/api/alerts?district={Victim}", null),
        new("PreviewImport", "POST", "/api/imports/preview?format=json", "[" + TestRecords.Json(TestRecords.Lease("TZ-ADV-8", Victim)) + "]"),
        new("ConfirmImport", "POST", "/api/imports?format=json", "[" + TestRecords.Json(TestRecords.Lease("TZ-ADV-8", Victim)) + "]"),
        new("ReportIndicatorActuals", "POST", $"/api/leases/{VictimLeaseId}/indicators", """{"indicator":"investmentIntensity","period":"2025","value":640,"reportedOn":"2026-03-01"}""", ("id", VictimLeaseId)),
        new("RecordReturn", "POST", $"/api/leases/{VictimLeaseId}/return", """{"action":"apply","on":"2026-03-01"}""", ("id", VictimLeaseId)),
        new("ReturnQuote", "GET", $"/api/leases/{VictimLeaseId}/return-quote?returnDay=2026-03-01", null, ("id", VictimLeaseId)),
        new("ListHolds", "GET", $"/api/holds?district={Victim}", null),
        new("SetHold", "POST", "/api/holds", $$"""{"kind":"snooze","leaseId":"{{VictimLeaseId}}","until":"2026-03-31","reason":"攻击"}"""),
        new("LiftHold", "POST", $"/api/holds/{VictimHoldId}/lift", """{"reason":"攻击"}""", ("id", VictimHoldId)),
        new("ListDeadReminders", "GET", $"/api/outbox/dead?district={Victim}", null),
        new("RequeueReminders", "POST", "/api/outbox/requeue", JsonSerializer.Serialize(new { ids = new[] { VictimDeadReminder.Id } })),
    ];

    /// <summary>The routes whose path carries a lease or task id.</summary>
    public static IReadOnlyList<Attack> IdRoutes => [.. EveryRoute.Where(a => a.RouteValues.Any(v => v.Name == "id"))];

    /// <summary>The routes that read a body.</summary>
    public static IReadOnlyList<Attack> BodyRoutes => [.. EveryRoute.Where(a => a.Body is not null)];

    /// <summary>The route names as theory data.</summary>
    public static TheoryData<string> Names(IEnumerable<Attack> attacks)
    {
        var data = new TheoryData<string>();
        foreach (var a in attacks)
        {
            data.Add(a.Route);
        }

        return data;
    }

    /// <summary>The attack on route <paramref name="name"/>.</summary>
    public static Attack Route(string name) => EveryRoute.Single(a => a.Route == name);

    /// <summary>Asserts a problem response and returns its JSON.</summary>
    public static JsonElement AssertProblem(FakeHttpResponseData response, int status, string type)
    {
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {response.BodyText()}");
        Assert.Equal("application/problem+json; charset=utf-8", response.Header("Content-Type"));
        var json = response.Json();
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.Equal(type, json.GetProperty("type").GetString());
        return json;
    }

    /// <summary>Asserts that storage is exactly as it was.</summary>
    public static async Task AssertNothingWrittenAsync(FunctionsTestHost host, StorageSnapshot before)
    {
        var after = await StorageSnapshot.TakeAsync(host.Tables);
        var diff = after.DifferencesFrom(before);
        Assert.True(diff.Length == 0, "storage changed:\n" + diff);
    }
}
