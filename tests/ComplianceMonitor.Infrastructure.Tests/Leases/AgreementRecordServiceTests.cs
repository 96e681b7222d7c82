using ComplianceMonitor.Application.Leases;
using ComplianceMonitor.Domain.Agreements;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Testing.Records;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Leases;

/// <summary>Indicator actuals and return steps written over Azurite: idempotent, audited, safe under concurrent writers.</summary>
[Trait("Category", "azurite")]
public sealed class AgreementRecordServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 2, 0, 0, TimeSpan.Zero); // 2026-03-05 10:00 Beijing

    private static LeaseRecord Lease(string id) => SampleLeases.Create(id) with
    {
        Agreement = new Agreement
        {
            Ref = "房山经信〔2024〕履约12号",
            Indicators =
            [
                new Indicator { Code = "investmentIntensity", Name = "投资强度", Unit = "万元/亩", Direction = IndicatorDirection.AtLeast, Target = 800m },
                new Indicator { Code = "energyPerValue", Name = "单位能耗增加值", Unit = "吨标煤/万元", Direction = IndicatorDirection.AtMost, Target = 0.5m },
            ],
        },
    };

    private static async Task<List<LeaseHistoryEntry>> HistoryAsync(ILeaseHistoryStore history, string leaseId)
    {
        var list = new List<LeaseHistoryEntry>();
        await foreach (var e in history.ReadAsync("110111", leaseId))
        {
            list.Add(e);
        }

        return list;
    }

    private static (TableLeaseStore Store, TableLeaseHistoryStore History, AgreementRecordService Service, FakeTimeProvider Time) Create(Infrastructure.Storage.TableClientFactory factory)
    {
        var store = new TableLeaseStore(factory);
        var history = new TableLeaseHistoryStore(factory);
        var time = new FakeTimeProvider(Now);
        var writer = new LeaseWriter(store, new LeaseEventService(store), history, time);
        return (store, history, new AgreementRecordService(store, writer, time), time);
    }

    [Fact]
    public async Task TwoWritersFromTheSameStaleRead_DifferentIndicators_BothWritten_TwoHistoryRows()
    {
        var (store, history, service, _) = Create(azurite.CreateFactory());
        await store.UpsertAsync(Lease("FS-AG-1"));
        var stale = (await store.FindAsync("FS-AG-1"))!;

        var results = await Task.WhenAll(
            service.ReportIndicatorAsync(stale, new IndicatorReport("investmentIntensity", "2025", 620m, new DateOnly(2026, 3, 1)), "王芳", "api"),
            service.ReportIndicatorAsync(stale, new IndicatorReport("energyPerValue", "2025", 0.62m, new DateOnly(2026, 3, 2)), "李明", "api"));
        var stored = (await store.FindAsync("FS-AG-1"))!.Record;

        Assert.All(results, r => Assert.Equal(AgreementChangeOutcome.Added, r.Outcome));
        Assert.Equal(new IndicatorActual(2025, 620m, new DateOnly(2026, 3, 1)), stored.Agreement!.Indicators[0].Actuals.Single());
        Assert.Equal(new IndicatorActual(2025, 0.62m, new DateOnly(2026, 3, 2)), stored.Agreement.Indicators[1].Actuals.Single());
        Assert.Equal(2, (await HistoryAsync(history, "FS-AG-1")).Count(e => e.Action == "indicator" && e.State == LeaseHistoryState.Applied));
    }

    [Fact]
    public async Task TheSameActualFromTwoWritersAtOnce_WrittenOnce_OneHistoryRow()
    {
        var (store, history, service, _) = Create(azurite.CreateFactory());
        await store.UpsertAsync(Lease("FS-AG-2"));
        var stale = (await store.FindAsync("FS-AG-2"))!;
        var report = new IndicatorReport("energyPerValue", "2025", 0.45m, new DateOnly(2026, 3, 1));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => service.ReportIndicatorAsync(stale, report, "王芳", "api")));
        var entries = await HistoryAsync(history, "FS-AG-2");

        Assert.Equal(1, results.Count(r => r.Outcome == AgreementChangeOutcome.Added));
        Assert.Equal(3, results.Count(r => r.Outcome == AgreementChangeOutcome.Unchanged));
        Assert.Equal(["indicator energyPerValue 2025: 0.45 (reported 2026-03-01)"], entries.Select(e => e.Detail));
        Assert.Single((await store.FindAsync("FS-AG-2"))!.Record.Agreement!.Indicators[1].Actuals);
    }

    [Fact]
    public async Task AnotherValueForTheSameYear_Replaced_HistoryShowsOldAndNew_ReadinessUsesTheNewValue()
    {
        var (store, history, service, time) = Create(azurite.CreateFactory());
        await store.UpsertAsync(Lease("FS-AG-3"));

        var first = await service.ReportIndicatorAsync((await store.FindAsync("FS-AG-3"))!, new IndicatorReport("energyPerValue", "2025", 0.62m, new DateOnly(2026, 3, 1)), "王芳", "api");
        time.Advance(TimeSpan.FromMinutes(1));
        var corrected = await service.ReportIndicatorAsync((await store.FindAsync("FS-AG-3"))!, new IndicatorReport("energyPerValue", "2025", 0.48m, null), "李明", "cli indicators");
        var stored = (await store.FindAsync("FS-AG-3"))!.Record;
        var entries = await HistoryAsync(history, "FS-AG-3");
        var readiness = Domain.Rules.RuleEngine.Default.Check(stored, new DateOnly(2026, 3, 5)).Readiness!;

        Assert.Equal((AgreementChangeOutcome.Added, AgreementChangeOutcome.Replaced, (decimal?)0.62m), (first.Outcome, corrected.Outcome, corrected.PreviousValue));
        Assert.Equal(new IndicatorActual(2025, 0.48m, new DateOnly(2026, 3, 5)), stored.Agreement!.Indicators[1].Actuals.Single()); // reportedOn defaults to today (Beijing)
        Assert.Equal(
            [("王芳", "indicator energyPerValue 2025: 0.62 (reported 2026-03-01)"), ("李明", "indicator energyPerValue 2025: 0.62 → 0.48 (reported 2026-03-05)")],
            entries.Select(e => (e.Actor, e.Detail)));
        var energy = readiness.Indicators.Single(i => i.Indicator.Code == "energyPerValue");
        Assert.Equal((true, 1.0417m), (energy.Meets, energy.Ratio)); // at most 0.5: 0.5 ÷ 0.48
    }

    [Fact]
    public async Task InvalidReport_EveryFieldNamed_NothingWritten_NoHistoryRow()
    {
        var (store, history, service, _) = Create(azurite.CreateFactory());
        await store.UpsertAsync(Lease("FS-AG-4"));
        var stored = (await store.FindAsync("FS-AG-4"))!;

        var result = await service.ReportIndicatorAsync(stored, new IndicatorReport("taxPerMu", "2026", -3m, new DateOnly(2026, 3, 6)), "王芳", "api");
        var after = (await store.FindAsync("FS-AG-4"))!;

        Assert.Equal(AgreementChangeOutcome.Invalid, result.Outcome);
        Assert.Equal(["indicator", "period", "value", "reportedOn"], result.Errors.Select(e => e.Field));
        Assert.Equal("'taxPerMu' is not an indicator of the agreement of lease FS-AG-4 (one of investmentIntensity, energyPerValue)", result.Errors[0].Message);
        Assert.Equal(stored.ETag, after.ETag);
        Assert.Empty(await HistoryAsync(history, "FS-AG-4"));
    }

    [Fact]
    public async Task ReturnSteps_InOrder_AuditedOnce_AcceptanceWithoutApplicationRefusedByField()
    {
        var (store, history, service, time) = Create(azurite.CreateFactory());
        await store.UpsertAsync(Lease("FS-AG-5"));

        var early = await service.RecordReturnAsync((await store.FindAsync("FS-AG-5"))!, ReturnStep.Accept, new DateOnly(2026, 3, 4), "王芳", "api");
        var apply = await service.RecordReturnAsync((await store.FindAsync("FS-AG-5"))!, ReturnStep.Apply, new DateOnly(2026, 3, 1), "王芳", "api");
        time.Advance(TimeSpan.FromMinutes(1));
        var before = await service.RecordReturnAsync((await store.FindAsync("FS-AG-5"))!, ReturnStep.Accept, new DateOnly(2026, 2, 28), "王芳", "api");
        var accept = await service.RecordReturnAsync((await store.FindAsync("FS-AG-5"))!, ReturnStep.Accept, new DateOnly(2026, 3, 4), "王芳", "api");
        var again = await service.RecordReturnAsync((await store.FindAsync("FS-AG-5"))!, ReturnStep.Accept, new DateOnly(2026, 3, 4), "王芳", "api");
        var stored = (await store.FindAsync("FS-AG-5"))!.Record;

        Assert.Equal(("on", AgreementChangeOutcome.Invalid), (early.Errors.Single().Field, early.Outcome));
        Assert.Equal(("on", AgreementChangeOutcome.Invalid), (before.Errors.Single().Field, before.Outcome));
        Assert.Equal((AgreementChangeOutcome.Added, AgreementChangeOutcome.Added, AgreementChangeOutcome.Unchanged), (apply.Outcome, accept.Outcome, again.Outcome));
        Assert.Equal(new VoluntaryReturn { AppliedOn = new DateOnly(2026, 3, 1), AcceptedOn = new DateOnly(2026, 3, 4) }, stored.VoluntaryReturn);
        Assert.Equal(["return apply on 2026-03-01", "return accept on 2026-03-04"], (await HistoryAsync(history, "FS-AG-5")).Select(e => e.Detail));
    }
}
