using ComplianceMonitor.Functions.Scanning;

namespace ComplianceMonitor.Functions.Tests.Scanning;

[Trait("Category", "unit")]
public sealed class ScanRequestMessageTests
{
    [Fact]
    public void ToJson_TryParse_RoundTrip()
    {
        var message = new ScanRequestMessage("110111", new DateOnly(2026, 3, 6), "daily-20260306");

        Assert.Equal("""{"districtCode":"110111","asOf":"2026-03-06","runId":"daily-20260306"}""", message.ToJson());
        Assert.True(ScanRequestMessage.TryParse(message.ToJson(), out var read, out var problems, out _, out _));
        Assert.Equal(message, read);
        Assert.Empty(problems);
    }

    [Fact]
    public void TryParse_EveryFieldBad_ListsEachProblem()
    {
        Assert.False(ScanRequestMessage.TryParse("""{"districtCode":"999999","asOf":"06.03.2026","runId":"a b"}""", out var message, out var problems, out var district, out var runId));

        Assert.Null(message);
        Assert.Null(district);
        Assert.Null(runId);
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("districtCode:", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("asOf:", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("runId:", problems[2], StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OnlyAsOfBad_StillGivesDistrictAndRun()
    {
        Assert.False(ScanRequestMessage.TryParse("""{"districtCode":"110111","runId":"daily-20260306"}""", out _, out var problems, out var district, out var runId));

        Assert.Equal(["asOf: required"], problems);
        Assert.Equal("110111", district);
        Assert.Equal("daily-20260306", runId);
    }

    [Theory]
    [InlineData(null, "$: the message is empty")]
    [InlineData("", "$: the message is empty")]
    [InlineData("[]", "$: expected an object { districtCode, asOf, runId }")]
    public void TryParse_NotAnObject_OneProblemOnTheBody(string? body, string problem)
    {
        Assert.False(ScanRequestMessage.TryParse(body, out _, out var problems, out _, out _));

        Assert.Equal([problem], problems);
    }

    [Fact]
    public void DailyRunId_IsTheBeijingDate() => Assert.Equal("daily-20260306", ScanFanOut.DailyRunId(new DateOnly(2026, 3, 6)));
}
