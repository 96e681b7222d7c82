using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Leases;

/// <summary>A lease with a performance agreement and a voluntary return stored in Azurite and read back whole (agreement.md).</summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class TableLeaseStoreAgreementTests(AzuriteFixture azurite)
{
    private const string Fangshan = "110111";

    [Fact]
    public async Task UpsertAsync_WithAgreementAndReturn_ReadBackEqual()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        var record = SampleLeases.Create("FS-2024-0901", Fangshan) with
        {
            Agreement = new Agreement
            {
                Ref = "房山经信〔2024〕履约12号",
                SignedOn = new DateOnly(2024, 2, 20),
                Milestones = [new Milestone(MilestoneKind.ConstructionStart, new DateOnly(2024, 9, 1), new DateOnly(2024, 10, 15))],
                Indicators =
                [
                    new Indicator
                    {
                        Code = "energyPerValue", Name = "单位能耗增加值", Unit = "吨标煤/万元", Direction = IndicatorDirection.AtMost, Target = 0.5m,
                        Actuals = [new IndicatorActual(2025, 0.62m, new DateOnly(2026, 3, 10))],
                    },
                ],
                Damages = new AgreementDamages(0.5m, DamagesBase.LeaseRent),
            },
            VoluntaryReturn = new VoluntaryReturn { AppliedOn = new DateOnly(2026, 9, 10), AcceptedOn = new DateOnly(2026, 10, 20) },
        };

        await store.UpsertAsync(record);
        var stored = await store.GetAsync(Fangshan, "FS-2024-0901");

        Assert.NotNull(stored);
        Assert.Equal(LeaseRecordJson.Serialize(record), LeaseRecordJson.Serialize(stored.Record));
        Assert.Equal(0.62m, stored.Record.Agreement!.Indicators[0].Actuals[0].Value);
        Assert.Equal(new DateOnly(2026, 10, 20), stored.Record.VoluntaryReturn!.AcceptedOn);
    }

    [Fact]
    public async Task UpsertAsync_WithoutAgreement_StoredJsonHasNoAgreementProperty()
    {
        var store = new TableLeaseStore(azurite.CreateFactory());
        var record = SampleLeases.Create("FS-2024-0902", Fangshan);

        await store.UpsertAsync(record);
        var stored = await store.GetAsync(Fangshan, "FS-2024-0902");

        Assert.Null(stored!.Record.Agreement);
        Assert.DoesNotContain("agreement", LeaseRecordJson.Serialize(stored.Record), StringComparison.Ordinal);
    }
}
