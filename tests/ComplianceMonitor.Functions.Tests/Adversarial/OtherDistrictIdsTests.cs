using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Application.Tasks;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using static ComplianceMonitor.Functions.Tests.Adversarial.AttackSurface;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

/// <summary>
/// Theme: another district's ids. A district officer of 110111 aims every route at 110112's lease and task. Ids answer
/// exactly like missing ids (404, same body byte for byte as on empty storage); a PUT of the other district's lease id is
/// refused without naming that district and cannot take the id over; district-named requests are refused (403: the
/// district list is public, nothing is revealed); nothing is written.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class OtherDistrictIdsTests(AzuriteFixture azurite)
{
    public static TheoryData<string> ReadAndChangeById => Names(IdRoutes.Where(a => a.Route != "PutLease"));

    public static TheoryData<string> DistrictNamed => Names(EveryRoute.Where(a => a.Route is "CheckRecords" or "ListTasks" or "ScanOnDemand" or "DigestPreview" or "ListHolds" or "ListDeadReminders"));

    /// <summary>Routes naming another district's lease or reminder in the body: answered as for a missing one.</summary>
    public static TheoryData<string> IdInBody => Names(EveryRoute.Where(a => a.Route is "SetHold" or "RequeueReminders"));

    [Theory]
    [MemberData(nameof(ReadAndChangeById))]
    public async Task OtherDistrictsId_AnswersByteForByteLikeAMissingId_AndNothingIsWritten(string route)
    {
        using var host = await SeededAsync(azurite);
        using var empty = Empty(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);
        var attack = Route(route);
        var officer = Principals.District(Attacker);

        var outside = await SendAsync(host, attack, officer);
        var missing = await SendAsync(empty, attack, officer);

        AssertProblem(outside, 404, ApiResults.NotFoundType);
        Assert.Equal(missing.StatusCode, outside.StatusCode);
        Assert.Equal(missing.Header("Content-Type"), outside.Header("Content-Type"));
        Assert.Equal(missing.BodyText(), outside.BodyText());
        Assert.Null(outside.Header("ETag"));
        Assert.DoesNotContain(Victim, outside.BodyText(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(host, before);
        Assert.Equal(TaskState.Open, (await host.Services.GetRequiredService<ITaskStore>().GetAsync(Victim, VictimTask.Id))!.State);
    }

    [Theory]
    [MemberData(nameof(IdInBody))]
    public async Task OtherDistrictsIdInTheBody_AnswersByteForByteLikeAMissingId_AndNothingIsWritten(string route)
    {
        using var host = await SeededAsync(azurite);
        using var empty = Empty(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);
        var attack = Route(route);
        var officer = Principals.District(Attacker);

        var outside = await SendAsync(host, attack, officer);
        var missing = await SendAsync(empty, attack, officer);

        Assert.Equal(missing.StatusCode, outside.StatusCode);
        Assert.Equal(missing.BodyText(), outside.BodyText());
        Assert.DoesNotContain(Victim, outside.BodyText(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(host, before);
    }

    [Fact]
    public async Task PutLease_OtherDistrictsId_409NotNamingTheDistrict_AndTheIdIsNotTakenOver()
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        var victim = await store.GetAsync(Victim, VictimLeaseId);
        var attack = new Attack("PutLease", "PUT", $"/api/leases/{VictimLeaseId}", TestRecords.Json(TestRecords.Lease(VictimLeaseId, Attacker)), ("id", VictimLeaseId));

        var response = await SendAsync(host, attack, Principals.District(Attacker));

        var problem = AssertProblem(response, 409, ApiResults.ConflictType);
        Assert.Equal($"The lease id '{VictimLeaseId}' cannot be used in district {Attacker}; choose another id. Nothing was written.", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(Victim, response.BodyText(), StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(Attacker, VictimLeaseId));
        Assert.Equal(victim!.ETag, (await store.GetAsync(Victim, VictimLeaseId))!.ETag);
        await AssertNothingWrittenAsync(host, before);
    }

    [Theory]
    [MemberData(nameof(DistrictNamed))]
    public async Task DistrictNamedRequests_ForAnotherDistrict_403AndNothingWrittenOrQueued(string route)
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);

        var response = await SendAsync(host, Route(route), Principals.District(Attacker));

        var problem = AssertProblem(response, 403, ApiResults.ForbiddenType);
        Assert.Contains($"they do not reach district {Victim}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(host, before);
    }

    [Fact]
    public async Task ListTasks_WithoutDistrict_ShowsOnlyTheCallersDistricts()
    {
        using var host = await SeededAsync(azurite);

        var response = await SendAsync(host, new Attack("ListTasks", "GET", "/api/tasks", null), Principals.District(Attacker));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, response.Json().GetProperty("count").GetInt32());
        Assert.DoesNotContain(VictimLeaseId, response.BodyText(), StringComparison.Ordinal);
    }
}
