using System.Text.Json;
using ComplianceMonitor.Cli.Tests.Support;

namespace ComplianceMonitor.Cli.Tests.Commands;

/// <summary><c>cm return-quote</c> on the returned lease of samples/ledger.json (YZ-2024-0206: yearly rent, 2026 half paid).</summary>
[Trait("Category", "unit")]
public class ReturnQuoteCommandTests
{
    [Fact]
    public async Task ReturnQuote_SampleLeaseYearlyRentPartPaid_LinesToTheFen()
    {
        // 600,000 a year due 1 June; 2026 instalment: 300,000 paid, 142 of 365 days used to 2026-10-20:
        // 300,000 − 600,000 × 142 ÷ 365 (233,424.66) = 66,575.34; less damages 50,000; plus building 1,200,000.
        var run = await Cm.RunAsync(["return-quote", "--lease", RepoPaths.Ledger, "--lease-id", "YZ-2024-0206", "--return-day", "2026-10-20",
            "--damages", "50000", "--building-value", "1200000"]);

        Assert.Equal(0, run.ExitCode);
        var quote = run.Json();
        Assert.Equal(
            [0m, 0m, 66_575.34m, -50_000m, 1_200_000m],
            quote.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("amountYuan").GetDecimal()));
        Assert.Equal(1_216_575.34m, quote.GetProperty("totalYuan").GetDecimal());
        Assert.Equal(
            "已缴300,000.00元 − 应缴600,000.00元 × 已使用142天 ÷ 365天（233,424.66元） = 66,575.34元",
            quote.GetProperty("lines")[2].GetProperty("formula").GetString());
    }

    [Fact]
    public async Task ReturnQuote_BuildingValueAndDemolitionCostTogether_Exit2NamingTheField()
    {
        var run = await Cm.RunAsync(["return-quote", "--lease", RepoPaths.Ledger, "--lease-id", "YZ-2024-0206", "--return-day", "2026-10-20",
            "--building-value", "1", "--demolition-cost", "1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("demolitionCostYuan", run.Json().GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task ReturnQuote_Text_ShowsEveryLineAndTheTotal()
    {
        var run = await Cm.RunAsync(["return-quote", "--lease", RepoPaths.Ledger, "--lease-id", "YZ-2024-0206", "--return-day", "2026-10-20", "--format", "text"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("3. 租赁期租金（应缴日2026-06-01，覆盖2026-06-01至2027-05-31，共365天）：66,575.34元", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("合计：66,575.34元", run.Stdout, StringComparison.Ordinal);
    }
}
