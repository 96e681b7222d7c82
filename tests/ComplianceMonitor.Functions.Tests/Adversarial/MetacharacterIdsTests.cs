using ComplianceMonitor.Api.Http;
using ComplianceMonitor.Functions.Tests.Support;
using ComplianceMonitor.Testing.Storage;
using static ComplianceMonitor.Functions.Tests.Adversarial.AttackSurface;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

/// <summary>
/// Theme: ids made of path and OData metacharacters. None reaches another entity (the victim's lease and task stay
/// invisible and untouched), none causes a 500: reads and changes by id answer 404 exactly like any missing id, a PUT
/// answers 400 naming the field; nothing is written.
/// </summary>
[Trait("Category", "azurite")]
[Collection("azurite")]
public sealed class MetacharacterIdsTests(AzuriteFixture azurite)
{
    /// <summary>Ids an attacker would try against Table Storage keys, OData filters and paths.</summary>
    public static readonly string[] Ids =
    [
        "' or PartitionKey ne '",
        "TZ-ADV-1' or '1' eq '1",
        $"{VictimLeaseId}' or RowKey ne '",
        "../110112/TZ-ADV-1",
        "..%2F..%2Fleases",
        "TZ-ADV-1#",
        "TZ-ADV-1?x=1",
        "TZ-ADV-1\\x",
        "TZ-ADV-1\u0000",
        "TZ-ADV-1 ",
        "tz-adv-1",
        "%27%20or%20%271%27%3D%271",
        "*",
        new string('A', 2000),
    ];

    public static TheoryData<string> ReadAndChangeById => Names(IdRoutes.Where(a => a.Route != "PutLease"));

    [Theory]
    [MemberData(nameof(ReadAndChangeById))]
    public async Task MetacharacterIds_ReadAndChange_404LikeAnyMissingId_NothingWritten(string route)
    {
        using var host = await SeededAsync(azurite);
        using var empty = Empty(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);
        var template = Route(route);

        foreach (var id in Ids)
        {
            var attack = template with
            {
                Path = template.Path.Replace(VictimLeaseId, Uri.EscapeDataString(id), StringComparison.Ordinal).Replace(Uri.EscapeDataString(VictimTask.Id), Uri.EscapeDataString(id), StringComparison.Ordinal),
                RouteValues = [("id", id)],
            };
            var response = await SendAsync(host, attack, Principals.City());
            var control = await SendAsync(empty, attack, Principals.City());

            Assert.True((int)response.StatusCode is 404 or 400, $"{route} with id '{id}': {(int)response.StatusCode} {response.BodyText()}");
            Assert.Equal(control.BodyText(), response.BodyText());
            Assert.DoesNotContain("\"findings\"", response.BodyText(), StringComparison.Ordinal);
            Assert.DoesNotContain("\"districtCode\"", response.BodyText(), StringComparison.Ordinal);
        }

        await AssertNothingWrittenAsync(host, before);
    }

    [Fact]
    public async Task MetacharacterIds_Put_400NamingTheLeaseIdAndNothingWritten()
    {
        using var host = await SeededAsync(azurite);
        var before = await StorageSnapshot.TakeAsync(host.Tables);

        foreach (var id in Ids.Where(i => !System.Text.RegularExpressions.Regex.IsMatch(i, "^[A-Za-z0-9_-]{1,64}$")))
        {
            var body = TestRecords.Json(TestRecords.Lease("FS-OK-1", Attacker), o => o["leaseId"] = id);
            var response = await SendAsync(host, new Attack("PutLease", "PUT", "/api/leases/" + Uri.EscapeDataString(id), body, ("id", id)), Principals.City());

            var problem = AssertProblem(response, 400, ApiResults.InvalidInputType);
            Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "leaseId");
        }

        await AssertNothingWrittenAsync(host, before);
    }
}
