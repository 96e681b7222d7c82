using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using static ComplianceMonitor.Functions.Tests.Adversarial.AttackSurface;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

/// <summary>
/// Theme: squatting. A lease id belongs to the first district that stores it (the atomic claim of its <c>leaseindex</c>
/// row); another district's write can neither take it nor learn where it is, on every write path: PUT, the console's
/// import confirm, and both racing each other. The loser's answer is the "id not available" 409 (or the import's error
/// list) without the owner's district, and the loser leaves nothing behind, not even a history row.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class LeaseIdSquattingTests(AzuriteFixture azurite)
{
    private const string Third = "110115";

    private static Attack Put(string leaseId, string district) =>
        new("PutLease", "PUT", $"/api/leases/{leaseId}", TestRecords.Json(TestRecords.Lease(leaseId, district)), ("id", leaseId));

    private static Attack Import(string leaseId, string district) =>
        new("ConfirmImport", "POST", "/api/imports?format=json", "[" + TestRecords.Json(TestRecords.Lease(leaseId, district)) + "]");

    [Fact]
    public async Task ConcurrentPuts_TwoDistrictsSameNewId_OneCreatesTheOther409WithoutNamingIt_TenRounds()
    {
        using var host = Empty(azurite);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        var history = host.Services.GetRequiredService<ILeaseHistoryStore>();
        var wins = new Dictionary<string, int>(StringComparer.Ordinal) { [Attacker] = 0, [Victim] = 0 };

        for (var round = 0; round < 10; round++)
        {
            var id = $"SQ-PUT-{round}";
            var responses = await Task.WhenAll(
                SendAsync(host, Put(id, Attacker), Principals.District(Attacker, "attacker.officer")),
                SendAsync(host, Put(id, Victim), Principals.District(Victim, "victim.officer")));
            var districts = new[] { Attacker, Victim };

            Assert.Equal([201, 409], responses.Select(r => (int)r.StatusCode).Order());
            var winner = districts[Array.FindIndex(responses, r => (int)r.StatusCode == 201)];
            var loser = districts[Array.FindIndex(responses, r => (int)r.StatusCode == 409)];
            var refused = responses.Single(r => (int)r.StatusCode == 409);
            var problem = AssertProblem(refused, 409, ApiResults.ConflictType);
            Assert.Equal($"The lease id '{id}' cannot be used in district {loser}; choose another id. Nothing was written.", problem.GetProperty("detail").GetString());
            Assert.DoesNotContain(winner, refused.BodyText(), StringComparison.Ordinal);
            Assert.Equal(winner, (await store.FindAsync(id))!.Record.DistrictCode);
            Assert.Null(await store.GetAsync(loser, id));
            var winnerHistory = await ToListAsync(history.ReadAsync(winner, id));
            var entry = Assert.Single(winnerHistory);
            Assert.Equal(("created", LeaseHistoryState.Applied, "api"), (entry.Action, entry.State, entry.Channel));
            Assert.Equal(winner == Attacker ? "attacker.officer" : "victim.officer", entry.Actor);
            Assert.Empty(await ToListAsync(history.ReadAsync(loser, id)));
            wins[winner]++;
        }

        Assert.Equal(10, wins.Values.Sum());
    }

    [Fact]
    public async Task ConfirmImport_OtherDistrictsId_ErrorNotNamingTheDistrict_NothingWritten()
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);

        var response = await SendAsync(host, Import(VictimLeaseId, Attacker), Principals.District(Attacker));

        var problem = AssertProblem(response, 400, ApiResults.InvalidInputType);
        var error = problem.GetProperty("errors")[0];
        Assert.Equal("leaseId", error.GetProperty("field").GetString());
        Assert.Equal($"the lease id '{VictimLeaseId}' cannot be used in district {Attacker}; choose another id", error.GetProperty("message").GetString());
        Assert.DoesNotContain(Victim, response.BodyText(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(host, before);
    }

    [Fact]
    public async Task ConfirmImport_OtherDistrictsId_ByTheCity_NamesTheDistrict()
    {
        // The city sees every district: it is told where the id lives (as PUT tells it), and still nothing moves.
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);

        var response = await SendAsync(host, Import(VictimLeaseId, Attacker), Principals.City());

        var problem = AssertProblem(response, 400, ApiResults.InvalidInputType);
        Assert.Equal(
            $"lease {VictimLeaseId} is stored under district {Victim}; leases do not move between districts",
            problem.GetProperty("errors")[0].GetProperty("message").GetString());
        await AssertNothingWrittenAsync(host, before);
    }

    [Fact]
    public async Task ImportRacingPut_TwoDistrictsSameNewId_ExactlyOneOwnerAndTheLoserNeverSeesIt_TenRounds()
    {
        using var host = Empty(azurite);
        var store = host.Services.GetRequiredService<ILeaseStore>();
        var history = host.Services.GetRequiredService<ILeaseHistoryStore>();

        for (var round = 0; round < 10; round++)
        {
            var id = $"SQ-IMP-{round}";
            var responses = await Task.WhenAll(
                SendAsync(host, Import(id, Third), Principals.District(Third, "importer")),
                SendAsync(host, Put(id, Victim), Principals.District(Victim, "putter")));
            var import = responses[0];
            var put = responses[1];
            var owner = (await store.FindAsync(id))!.Record.DistrictCode;

            if (owner == Third)
            {
                Assert.Equal(200, (int)import.StatusCode);
                AssertProblem(put, 409, ApiResults.ConflictType);
                Assert.DoesNotContain(Third, put.BodyText(), StringComparison.Ordinal);
                Assert.Null(await store.GetAsync(Victim, id));
                Assert.Empty(await ToListAsync(history.ReadAsync(Victim, id)));
            }
            else
            {
                Assert.Equal(Victim, owner);
                Assert.Equal(201, (int)put.StatusCode);

                // Lost at the check (400, the error list) or at the atomic claim (409): either way not naming the owner.
                Assert.True((int)import.StatusCode is 400 or 409, $"import answered {(int)import.StatusCode}: {import.BodyText()}");
                Assert.DoesNotContain(Victim, import.BodyText(), StringComparison.Ordinal);
                Assert.Null(await store.GetAsync(Third, id));
                Assert.Empty(await ToListAsync(history.ReadAsync(Third, id)));
            }
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
