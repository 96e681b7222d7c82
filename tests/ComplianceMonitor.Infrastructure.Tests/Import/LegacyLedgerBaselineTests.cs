using System.Text;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Import;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

/// <summary>
/// Ledgers without agreements import exactly as before the agreement columns and sheets existed: the stored form of every
/// record (<see cref="LeaseRecordJson"/>) is byte-for-byte the baseline written by the importer of that time (issue 12).
/// </summary>
/// <remarks>The baselines under <c>Baselines/</c> were written before the agreement import was added; regenerate them only for a deliberate change (<c>CM_REGENERATE_BASELINES=1</c>).</remarks>
[Trait("Category", "unit")]
public sealed class LegacyLedgerBaselineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadAsync_ExampleCsvWithoutAgreements_StoresByteForByteTheBaselineRecords()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "samples", "templates", "ledger-example.csv");

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        Assert.All(result.Records, r => Assert.Null(r.Agreement));
        Assert.All(result.Records, r => Assert.Null(r.VoluntaryReturn));
        AssertBaseline("ledger-example.csv.records.jsonl", result.Records);
    }

    [Fact]
    public async Task ReadAsync_WorkbookOfThePreAgreementLayout_StoresByteForByteTheBaselineRecords()
    {
        var path = _folder.File("old.xlsx");
        XlsxLedgerReaderTests.WriteLedgerFile(path, XlsxLedgerReaderTests.ChineseHeaders, chineseSheets: true);

        var result = await new LedgerReader().ReadAsync(path);

        Assert.Empty(result.Errors);
        Assert.Equal(15, result.RowsRead);
        Assert.All(result.Records, r => Assert.Null(r.Agreement));
        AssertBaseline("old-workbook.xlsx.records.jsonl", result.Records);
    }

    private static void AssertBaseline(string name, IReadOnlyList<LeaseRecord> records)
    {
        var actual = string.Concat(records.Select(r => LeaseRecordJson.Serialize(r) + "\n"));
        var path = Path.Combine(RepositoryRoot.Find(), "tests", "ComplianceMonitor.Infrastructure.Tests", "Import", "Baselines", name);
        if (Environment.GetEnvironmentVariable("CM_REGENERATE_BASELINES") == "1")
        {
            File.WriteAllText(path, actual, new UTF8Encoding(false));
        }

        Assert.Equal(File.ReadAllText(path, Encoding.UTF8), actual);
    }
}
