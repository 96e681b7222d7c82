using System.Net;
using System.Text.Json;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Returns;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Api.Tests;

/// <summary>The performance-agreement routes (issue 12), on both hosts: indicator actuals, the voluntary return, its quote.</summary>
public abstract partial class ApiContractTests
{
    private static LeaseRecord Sample(string leaseId) =>
        LeaseRecordReader.ReadMany(File.ReadAllText(Path.Combine(Root(), "samples", "ledger.json"))).Records.Single(r => r.LeaseId == leaseId);

    private static async Task PutAsync(IApiHost host, LeaseRecord record)
    {
        var put = await host.SendAsync("PUT", "/api/leases/" + record.LeaseId, LeaseRecordJson.Serialize(record), District(record.DistrictCode));
        Assert.Equal(HttpStatusCode.Created, put.Status);
        Tick(host);
    }

    private static async Task<ApiResult> PostAsync(IApiHost host, string path, string body, string principal)
    {
        var result = await host.SendAsync("POST", path, body, principal);
        Tick(host);
        return result;
    }

    /// <summary>A minute on: history rows are ordered by time, and rows of one instant would tie.</summary>
    private static void Tick(IApiHost host) =>
        ((Microsoft.Extensions.Time.Testing.FakeTimeProvider)host.Services.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromMinutes(1));

    private static List<(string Action, string Actor, string? Detail)> Changes(ApiResult history) =>
        [.. history.Json.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("action").GetString()!, c.GetProperty("actor").GetString()!, c.GetProperty("detail").GetString()))];

    [Fact]
    public async Task Indicators_SameValueTwice_OneHistoryRow_ACorrection_ReplacedWithOldAndNew_ReadinessSeesIt()
    {
        await using var host = await StartAsync();
        var lease = Sample("HR-2025-0201");
        const string Path = "/api/leases/HR-2025-0201/indicators";
        var missing = await PostAsync(host, Path, """{"indicator":"investmentIntensity","period":"2025","value":640}""", District("110111"));
        await PutAsync(host, lease);
        var officer = District("110116", "zhao.huairou");

        var first = await PostAsync(host, Path, """{"indicator":"investmentIntensity","period":"2025","value":640,"reportedOn":"2026-03-02"}""", officer);
        var again = await PostAsync(host, Path, """{"indicator":"investmentIntensity","period":"2025","value":640,"reportedOn":"2026-03-03"}""", officer);
        var corrected = await PostAsync(host, Path, """[{"indicator":"investmentIntensity","period":"2025","value":660,"reportedOn":"2026-03-04"}]""", officer);
        var outside = await PostAsync(host, Path, """{"indicator":"investmentIntensity","period":"2025","value":1}""", District("110111"));
        var history = await host.SendAsync("GET", "/api/leases/HR-2025-0201/history", null, officer);
        var check = await host.SendAsync("GET", "/api/leases/HR-2025-0201/check?asOf=2026-03-06", null, officer);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal("added", first.Json.GetProperty("actuals")[0].GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("unchanged", again.Json.GetProperty("actuals")[0].GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.Created, corrected.Status);
        var replaced = corrected.Json.GetProperty("actuals")[0];
        Assert.Equal(("replaced", 660m, 640m), (replaced.GetProperty("outcome").GetString(), replaced.GetProperty("value").GetDecimal(), replaced.GetProperty("previousValue").GetDecimal()));
        Assert.Equal(
            [
                ("indicator", "zhao.huairou", "indicator investmentIntensity 2025: 640 (reported 2026-03-02)"),
                ("indicator", "zhao.huairou", "indicator investmentIntensity 2025: 640 → 660 (reported 2026-03-04)"),
            ],
            Changes(history).Skip(1));
        Assert.Equal("created", Changes(history)[0].Action);
        AssertProblem(outside, HttpStatusCode.NotFound, []);
        Assert.Equal(missing.Body, outside.Body);

        var readiness = check.Json.GetProperty("readiness");
        var intensity = readiness.GetProperty("indicators")[0];
        Assert.Equal(("2025", 660m, 0.825m), (intensity.GetProperty("latestPeriod").GetString(), intensity.GetProperty("latestValue").GetDecimal(), intensity.GetProperty("ratio").GetDecimal()));
        Assert.Equal("offTrack", readiness.GetProperty("overall").GetString()); // the start is 249 days late (2025-06-30 → 2026-03-06)
    }

    [Fact]
    public async Task Indicators_BadInput_400NamingEveryField_NothingWritten()
    {
        await using var host = await StartAsync();
        await PutAsync(host, Sample("HR-2025-0201"));
        var officer = District("110116");

        var bad = await PostAsync(host, "/api/leases/HR-2025-0201/indicators", """{"indicator":"nope","period":"25","value":-1,"reportedOn":"2026-13-01","unit":"x"}""", officer);
        var batch = await host.SendAsync("POST", "/api/leases/HR-2025-0201/indicators",
            """[{"indicator":"localEmployment","period":"2025","value":130,"reportedOn":"2026-03-01"},{"indicator":"investmentIntensity","period":"2026","value":700}]""", officer);
        var history = await host.SendAsync("GET", "/api/leases/HR-2025-0201/history", null, officer);

        AssertProblem(bad, HttpStatusCode.BadRequest, ["unit", "reportedOn", "indicator", "period", "value"]);
        AssertProblem(batch, HttpStatusCode.BadRequest, ["[1].period"]);
        Assert.Equal(["created"], Changes(history).Select(c => c.Action));

        var semantic = await PostAsync(host, "/api/leases/HR-2025-0201/indicators", """{"indicator":"nope","period":"25","value":-1}""", officer);
        AssertProblem(semantic, HttpStatusCode.BadRequest, ["indicator", "period", "value"]);
        Assert.Contains("investmentIntensity, localEmployment", semantic.Json.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_ApplyThenAccept_AuditedIdempotent_FromAcceptanceOnlyReturnRefund()
    {
        await using var host = await StartAsync();
        await PutAsync(host, Sample("CP-2025-0204"));
        var officer = District("110114", "sun.changping");
        const string Path = "/api/leases/CP-2025-0204/return";
        var before = await host.SendAsync("GET", "/api/leases/CP-2025-0204/check?asOf=2026-03-06", null, officer);

        var acceptFirst = await PostAsync(host, Path, """{"action":"accept","on":"2026-03-05"}""", officer);
        var apply = await PostAsync(host, Path, """{"action":"apply","on":"2026-03-01"}""", officer);
        var applyAgain = await PostAsync(host, Path, """{"action":"apply","on":"2026-03-01"}""", officer);
        var applyOtherDay = await PostAsync(host, Path, """{"action":"apply","on":"2026-03-02"}""", officer);
        var future = await PostAsync(host, Path, """{"action":"accept","on":"2026-03-07"}""", officer);
        var accept = await PostAsync(host, Path, """{"action":"accept","on":"2026-03-05"}""", officer);
        var outside = await PostAsync(host, Path, """{"action":"refundPaid","on":"2026-03-06"}""", District("110111"));
        var after = await host.SendAsync("GET", "/api/leases/CP-2025-0204/check?asOf=2026-03-06", null, officer);
        var history = await host.SendAsync("GET", "/api/leases/CP-2025-0204/history", null, officer);

        Assert.Contains("MILESTONE", before.Json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()));
        AssertProblem(acceptFirst, HttpStatusCode.BadRequest, ["on"]);
        Assert.Equal((HttpStatusCode.Created, "recorded"), (apply.Status, apply.Json.GetProperty("outcome").GetString()));
        Assert.Equal((HttpStatusCode.OK, "alreadyRecorded"), (applyAgain.Status, applyAgain.Json.GetProperty("outcome").GetString()));
        AssertProblem(applyOtherDay, HttpStatusCode.Conflict, ["on"]);
        AssertProblem(future, HttpStatusCode.BadRequest, ["on"]);
        Assert.Equal(HttpStatusCode.Created, accept.Status);
        Assert.Equal("2026-03-05", accept.Json.GetProperty("voluntaryReturn").GetProperty("acceptedOn").GetString());
        AssertProblem(outside, HttpStatusCode.NotFound, []);

        var finding = Assert.Single(after.Json.GetProperty("findings").EnumerateArray());
        Assert.Equal(("RETURN_REFUND", "2026-04-04", "district"), (finding.GetProperty("rule").GetString(), finding.GetProperty("deadline").GetString(), finding.GetProperty("responsible").GetString()));
        Assert.False(after.Json.TryGetProperty("readiness", out _));
        Assert.Equal(
            [("return", "sun.changping", "return apply on 2026-03-01"), ("return", "sun.changping", "return accept on 2026-03-05")],
            Changes(history).Skip(1));
    }

    [Fact]
    public async Task ReturnQuote_LineByLineToTheFen_AsTheCalculatorAndCmReturnQuote_DefaultDayIsTheAcceptance()
    {
        await using var host = await StartAsync();
        var lease = Sample("YZ-2024-0206");
        await PutAsync(host, lease);
        var officer = District("110191");
        var (expected, _) = ReturnQuoteCalculator.Quote(lease, new ReturnQuoteInputs(new DateOnly(2026, 10, 20), 50000m, 1200000m));
        var cli = JsonDocument.Parse(ReturnQuoteJson.Serialize(expected!)).RootElement;

        var quote = await host.SendAsync("GET", "/api/leases/YZ-2024-0206/return-quote?returnDay=2026-10-20&liquidatedDamagesYuan=50000&appraisedBuildingValueYuan=1200000", null, officer);
        var byDefault = await host.SendAsync("GET", "/api/leases/YZ-2024-0206/return-quote?liquidatedDamagesYuan=50000&appraisedBuildingValueYuan=1200000", null, officer);
        var bad = await host.SendAsync("GET", "/api/leases/YZ-2024-0206/return-quote?returnDay=2026-02-30&demolitionCostYuan=abc", null, officer);
        var both = await host.SendAsync("GET", "/api/leases/YZ-2024-0206/return-quote?appraisedBuildingValueYuan=1&demolitionCostYuan=1", null, officer);
        var outside = await host.SendAsync("GET", "/api/leases/YZ-2024-0206/return-quote", null, District("110111"));
        var missing = await host.SendAsync("GET", "/api/leases/YZ-2099-0001/return-quote", null, District("110111"));

        Assert.Equal(HttpStatusCode.OK, quote.Status);
        var json = quote.Json;
        Assert.Equal(1216575.34m, json.GetProperty("totalYuan").GetDecimal());
        Assert.Equal(cli.GetProperty("totalYuan").GetDecimal(), json.GetProperty("totalYuan").GetDecimal());
        Assert.Equal(
            cli.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("label").GetString(), l.GetProperty("amountYuan").GetDecimal(), l.GetProperty("formula").GetString())),
            json.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("label").GetString(), l.GetProperty("amountYuan").GetDecimal(), l.GetProperty("formula").GetString())));
        var third = json.GetProperty("lines")[2];
        Assert.Equal(66575.34m, third.GetProperty("amountYuan").GetDecimal());
        Assert.Equal("已缴300,000.00元 − 应缴600,000.00元 × 已使用142天 ÷ 365天（233,424.66元） = 66,575.34元", third.GetProperty("formula").GetString());
        Assert.Equal(quote.Body, byDefault.Body);
        AssertProblem(bad, HttpStatusCode.BadRequest, ["returnDay", "demolitionCostYuan"]);
        AssertProblem(both, HttpStatusCode.BadRequest, ["demolitionCostYuan"]);
        AssertProblem(outside, HttpStatusCode.NotFound, []);
        Assert.Equal(missing.Json.GetProperty("title").GetString(), outside.Json.GetProperty("title").GetString());
    }
}
