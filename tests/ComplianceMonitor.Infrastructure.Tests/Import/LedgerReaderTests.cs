using System.Text;
using ComplianceMonitor.Infrastructure.Import;
using static ComplianceMonitor.Infrastructure.Tests.Import.LedgerFixtures;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

[Trait("Category", "unit")]
public sealed class LedgerReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("a.json", LedgerFormat.Json)]
    [InlineData("B.JSON", LedgerFormat.Json)]
    [InlineData("dir.v2/台账.Csv", LedgerFormat.Csv)]
    [InlineData("/tmp/ledger.xlsx", LedgerFormat.Xlsx)]
    public void FormatOf_KnownExtension_IsItsFormat(string path, LedgerFormat expected) => Assert.Equal(expected, LedgerReader.FormatOf(path));

    [Theory]
    [InlineData("ledger.txt")]
    [InlineData("ledger")]
    [InlineData("ledger.xls")]
    public void FormatOf_UnknownExtension_IsNull(string path) => Assert.Null(LedgerReader.FormatOf(path));

    [Fact]
    public async Task ReadAsync_UnknownExtension_IsAnErrorWithoutOpeningTheFile()
    {
        var result = await CreateSut().ReadAsync(_folder.File("ledger.txt"));

        AssertErrors(result, new ImportError("ledger.txt", null, null, "$", "ledger.txt：不支持的文件类型「.txt」，应为 .json、.csv 或 .xlsx"));
    }

    [Fact]
    public async Task ReadAsync_OldExcelFormat_IsAnErrorAskingForXlsx()
    {
        var result = await CreateSut().ReadAsync(_folder.File("台账.xls"));

        AssertErrors(result, new ImportError("台账.xls", null, null, "$", "台账.xls：不支持的文件类型「.xls」，应为 .json、.csv 或 .xlsx；旧版 .xls 请在 Excel 中另存为 .xlsx"));
    }

    [Fact]
    public async Task ReadAsync_MissingFile_Throws()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => CreateSut().ReadAsync(_folder.File("missing.csv")));
    }

    [Fact]
    public async Task ReadAsync_UpperCaseExtension_ChoosesTheFormat()
    {
        var path = _folder.File("LEDGER.CSV");
        File.Copy(Path.Combine(RepositoryRoot.Find(), "samples", "templates", "ledger-example.csv"), path);

        var result = await CreateSut().ReadAsync(path);

        AssertRecords(result, Fangshan, Daxing, Yizhuang);
    }

    [Fact]
    public async Task ReadAsync_StreamWithoutSourceName_NamesTheSourceAfterTheFormat()
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes("true"));

        var result = await CreateSut().ReadAsync(stream, LedgerFormat.Json);

        Assert.Equal("ledger.json", Assert.Single(result.Errors).Source);
    }

    [Fact]
    public async Task ReadAsync_CancelledToken_Throws()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "samples", "templates", "ledger-example.csv");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().ReadAsync(path, cancellationToken: cancellation.Token));
    }

    private static LedgerReader CreateSut() => new();
}
