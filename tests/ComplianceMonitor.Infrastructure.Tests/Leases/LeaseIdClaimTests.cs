using Azure.Core;
using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Tests.Storage;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Leases;

/// <summary>
/// No squatting at the store: a lease id is claimed for one district by the conditional insert of its <c>leaseindex</c> row,
/// before the lease row, so two districts racing for a new id leave exactly one owner and the other write fails whole
/// (no lease row, no history row).
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class LeaseIdClaimTests(AzuriteFixture azurite)
{
    private const string Fangshan = "110111";
    private const string Daxing = "110115";

    [Fact]
    public async Task UpsertAsync_OtherDistrictClaimsTheIdJustBeforeOurClaim_ConflictAndNoLeaseRowOfOurs()
    {
        // Deterministic interleaving: both writers read "no such lease"; Daxing's write lands right before our index insert.
        var prefix = AzuriteFixture.NewPrefix();
        var daxing = new TableLeaseStore(azurite.CreateFactory(prefix));
        var intercept = new InterceptPolicy(
            InterceptPolicy.Matches(RequestMethod.Post, prefix + TableLeaseStore.IndexTable),
            () => daxing.UpsertAsync(SampleLeases.Create("SQ-0001", Daxing)));
        var fangshan = new TableLeaseStore(azurite.CreateFactory(prefix, configure: o => o.AddPolicy(intercept, HttpPipelinePosition.PerRetry)));

        var ex = await Assert.ThrowsAsync<LeaseDistrictConflictException>(() => fangshan.UpsertAsync(SampleLeases.Create("SQ-0001", Fangshan)));

        Assert.True(intercept.Fired);
        Assert.Equal((Daxing, Fangshan), (ex.StoredDistrict, ex.RequestedDistrict));
        Assert.Null(await fangshan.GetAsync(Fangshan, "SQ-0001"));
        Assert.Equal(Daxing, (await fangshan.FindAsync("SQ-0001"))!.Record.DistrictCode);
        Assert.Equal(Daxing, await fangshan.IndexedDistrictAsync("SQ-0001"));
    }

    [Fact]
    public async Task WriterUpsert_TwoDistrictsInParallelSameNewIds_ExactlyOneOwnerEachAndNoHistoryForTheLoser()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero));
        LeaseWriter Writer()
        {
            var factory = azurite.CreateFactory(prefix);
            var store = new TableLeaseStore(factory);
            return new LeaseWriter(store, new LeaseEventService(store), new TableLeaseHistoryStore(factory), time);
        }

        var (a, b) = (Writer(), Writer());
        var reader = new TableLeaseStore(azurite.CreateFactory(prefix));
        var history = new TableLeaseHistoryStore(azurite.CreateFactory(prefix));

        for (var i = 0; i < 20; i++)
        {
            var id = $"SQ-P-{i:D2}";
            var results = await Task.WhenAll(Attempt(a, id, Fangshan, "fs.officer"), Attempt(b, id, Daxing, "dx.officer"));

            Assert.Equal([false, true], results.Select(r => r.Conflict).Order());
            var winner = results.Single(r => !r.Conflict).District;
            var loser = results.Single(r => r.Conflict).District;
            Assert.Equal(UpsertOutcome.Created, results.Single(r => !r.Conflict).Outcome);
            Assert.Equal(winner, (await reader.FindAsync(id))!.Record.DistrictCode);
            Assert.Null(await reader.GetAsync(loser, id));
            Assert.Single(await ToListAsync(history.ReadAsync(winner, id)), e => e.State == LeaseHistoryState.Applied && e.Action == "created");
            Assert.Empty(await ToListAsync(history.ReadAsync(loser, id)));
        }
    }

    private static async Task<(string District, bool Conflict, UpsertOutcome? Outcome)> Attempt(LeaseWriter writer, string id, string district, string actor)
    {
        try
        {
            return (district, false, await writer.UpsertAsync(SampleLeases.Create(id, district), actor, "api"));
        }
        catch (LeaseDistrictConflictException)
        {
            return (district, true, null);
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
