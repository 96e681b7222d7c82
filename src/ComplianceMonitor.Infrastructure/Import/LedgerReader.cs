namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>
/// Reads a district's lease ledger from JSON, CSV or the Excel workbook into validated lease records, all or nothing.
/// </summary>
/// <remarks>
/// Every lease goes through <c>LeaseRecordReader.Read</c>, so a ledger is validated exactly like the wire JSON; cell
/// formats (dates, numbers, codes), headers, sheets and duplicate lease ids are checked here. When anything is wrong
/// no record is returned and every problem is listed, located by sheet (or file), row and column header.
/// Columns and notation: docs/ledger-columns.md. Stateless and thread-safe.
/// </remarks>
public sealed class LedgerReader
{
    /// <summary>The format a file name's extension stands for (<c>.json</c>, <c>.csv</c>, <c>.xlsx</c>, any case), or null.</summary>
    public static LedgerFormat? FormatOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JSON" => LedgerFormat.Json,
        ".CSV" => LedgerFormat.Csv,
        ".XLSX" => LedgerFormat.Xlsx,
        _ => null,
    };

    /// <summary>Reads a ledger file, choosing the format by its extension; an unknown extension is reported as an error.</summary>
    /// <param name="path">The file to read; errors name it by its file name.</param>
    /// <param name="progress">Receives the rows examined (and the total when known) as the file is read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public async Task<LedgerReadResult> ReadAsync(
        string path, IProgress<LedgerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = Path.GetFileName(path);
        if (FormatOf(path) is not { } format)
        {
            var extension = Path.GetExtension(path);
            var hint = string.Equals(extension, ".xls", StringComparison.OrdinalIgnoreCase) ? "；旧版 .xls 请在 Excel 中另存为 .xlsx" : "";
            return new LedgerReadResult([],
                [new ImportError(name, null, null, "$", $"{name}：不支持的文件类型「{extension}」，应为 .json、.csv 或 .xlsx{hint}")], 0);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, useAsync: true);
        await using (stream)
        {
            return await ReadAsync(stream, format, name, progress, cancellationToken);
        }
    }

    /// <summary>Reads a ledger from a stream in the given format.</summary>
    /// <param name="stream">The content; read to the end, not closed.</param>
    /// <param name="format">The format of the content.</param>
    /// <param name="sourceName">The name errors give the file (JSON, CSV; a workbook's errors name its sheets); defaults to the format's extension, e.g. <c>ledger.csv</c>.</param>
    /// <param name="progress">Receives the rows examined (and the total when known) as the stream is read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<LedgerReadResult> ReadAsync(
        Stream stream, LedgerFormat format, string? sourceName = null, IProgress<LedgerProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = string.IsNullOrWhiteSpace(sourceName) ? $"ledger.{format.ToString().ToLowerInvariant()}" : sourceName;
        return format switch
        {
            LedgerFormat.Json => JsonLedgerParser.ReadAsync(stream, source, progress, cancellationToken),
            LedgerFormat.Csv => CsvLedgerParser.ReadAsync(stream, source, progress, cancellationToken),
            LedgerFormat.Xlsx => XlsxLedgerParser.ReadAsync(stream, source, progress, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown ledger format"),
        };
    }
}
