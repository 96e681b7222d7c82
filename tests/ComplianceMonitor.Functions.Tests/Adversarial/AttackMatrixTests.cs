using System.Reflection;
using System.Text.RegularExpressions;
using ComplianceMonitor.Api;
using Xunit.Abstractions;
using static ComplianceMonitor.Functions.Tests.Adversarial.AttackSurface;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

/// <summary>
/// The measure of the adversarial suite: every (route, attack case) pair the suite's tests send and expect refused,
/// enumerated from the very data those tests iterate (<see cref="AttackSurface.EveryRoute"/>, the malformed principals,
/// the metacharacter ids, the scan days), printed per route and in total. A route without a principal, id or body
/// attack fails here, and so does a case removed from a theme (the total is pinned).
/// </summary>
[Trait("Category", "unit")]
public sealed class AttackMatrixTests(ITestOutputHelper output)
{
    /// <summary>One attack case on one route, and the answer the suite asserts.</summary>
    public sealed record Case(string Route, string Theme, string Name, string Refusal);

    /// <summary>Every (route, case) pair the adversarial tests exercise.</summary>
    public static IReadOnlyList<Case> Matrix()
    {
        var cases = new List<Case>();
        void Add(IEnumerable<Attack> routes, string theme, string name, string refusal) =>
            cases.AddRange(routes.Select(a => new Case(a.Route, theme, name, refusal)));

        var idReads = IdRoutes.Where(a => a.Route != "PutLease").ToList();

        // ForgedAndMalformedPrincipalTests
        Add(EveryRoute, "principal", "forged city principal without platform auth", "401");
        foreach (var row in ForgedAndMalformedPrincipalTests.Malformed)
        {
            Add(EveryRoute, "principal", "malformed: " + (string)row[0], "401");
        }

        Add(EveryRoute, "principal", "no principal", "401");
        Add(idReads, "principal", "roles under another claim type", "404");

        // OtherDistrictIdsTests
        Add(idReads, "other district", "another district's id", "404 byte-identical to missing");
        Add([Route("PutLease")], "other district", "PUT of another district's lease id", "409 not naming it");
        Add(EveryRoute.Where(a => a.Route is "CheckRecords" or "ListTasks" or "ScanOnDemand" or "DigestPreview" or "ListHolds" or "ListDeadReminders"), "other district", "request naming another district", "403");
        Add(EveryRoute.Where(a => a.Route is "SetHold" or "RequeueReminders"), "other district", "another district's id in the body", "byte-identical to missing, nothing written");

        // LeaseIdSquattingTests
        Add([Route("PutLease")], "squatting", "two districts' PUTs racing for one new id", "409 for the loser");
        Add([Route("ConfirmImport")], "squatting", "import of another district's id", "400 not naming it");
        Add([Route("ConfirmImport")], "squatting", "import racing another district's PUT", "400/409 for the loser");

        // MetacharacterIdsTests
        foreach (var id in MetacharacterIdsTests.Ids)
        {
            Add(idReads, "metacharacters", "id " + Shown(id), "404");
        }

        foreach (var id in MetacharacterIdsTests.Ids.Where(i => !Regex.IsMatch(i, "^[A-Za-z0-9_-]{1,64}$")))
        {
            Add([Route("PutLease")], "metacharacters", "PUT id " + Shown(id), "400");
        }

        // OversizedAndNestedBodiesTests
        Add(BodyRoutes, "bodies", "body over 8 MiB", "413");
        Add(BodyRoutes, "bodies", "JSON nested 100,000 deep", "400 (preview: 200 with its errors, written: false)");
        Add([Route("CheckRecords")], "bodies", "1,001 records", "413");
        Add([Route("CheckRecords")], "bodies", "1,001 invalid records", "413");

        // BackdatedAndFutureScanApiTests
        foreach (var day in typeof(BackdatedAndFutureScanApiTests).GetMethod(nameof(BackdatedAndFutureScanApiTests.ScanForAnotherDay_400NamingAsOf_NothingQueuedOrWritten))!
                     .GetCustomAttributes<InlineDataAttribute>().Select(a => (string)a.GetData(null!).Single()[0]))
        {
            Add([Route("ScanOnDemand")], "scan day", "asOf " + day, "400");
        }

        return cases;
    }

    private static string Shown(string id) => id.Length > 24 ? $"{id[..8]}…({id.Length} chars)" : id.Replace("\u0000", "\\0", StringComparison.Ordinal);

    [Fact]
    public void Matrix_RoutesTimesAttackCases_CountedPerRouteAndInTotal()
    {
        var matrix = Matrix();
        var routes = ApiRoutes.All.Where(r => !r.Anonymous).Select(r => r.Name).ToList();
        var byRoute = matrix.GroupBy(c => c.Route).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        foreach (var route in routes.Order(StringComparer.Ordinal))
        {
            output.WriteLine($"{route,-16} {byRoute.GetValueOrDefault(route),4} case(s): {string.Join(", ", matrix.Where(c => c.Route == route).GroupBy(c => c.Theme).Select(g => $"{g.Key} {g.Count()}"))}");
        }

        output.WriteLine($"routes x attack cases exercised and refused: {matrix.Count} over {routes.Count} routes ({matrix.Select(c => c.Theme + c.Name).Distinct().Count()} distinct cases)");

        // Every route that needs a caller: all 8 principal cases, and its id and body attacks where it has an id or a body.
        Assert.All(routes, r => Assert.True(matrix.Count(c => c.Route == r && c.Theme == "principal") >= 8, $"{r} lacks principal cases"));
        Assert.All(IdRoutes.Where(a => a.Route != "PutLease"), a => Assert.Contains(matrix, c => c.Route == a.Route && c.Theme == "other district"));
        Assert.All(IdRoutes, a => Assert.True(matrix.Count(c => c.Route == a.Route && c.Theme == "metacharacters") >= 10, $"{a.Route} lacks metacharacter ids"));
        Assert.All(BodyRoutes, a => Assert.Equal(2, matrix.Count(c => c.Route == a.Route && c.Theme == "bodies" && (c.Name.StartsWith("body over", StringComparison.Ordinal) || c.Name.StartsWith("JSON nested", StringComparison.Ordinal)))));
        Assert.Equal(routes.Order(StringComparer.Ordinal), byRoute.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(399, matrix.Count); // 375 + GetTask (issue 11 part 5): 9 principal, 1 other district, 14 metacharacter ids
    }
}
