using System.Text.Json;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>Reads wire JSON (one record or an array) with <see cref="LeaseRecordReader"/>, locating errors by array index.</summary>
internal static class JsonLedgerParser
{
    /// <summary>Reads JSON from a stream (UTF-8, BOM allowed).</summary>
    public static async Task<LedgerReadResult> ReadAsync(
        Stream stream, string source, IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            // The reader's message ends with "Path: $ | LineNumber: 0 | BytePositionInLine: 28."; the position is given 1-based instead.
            var detail = ex.Message;
            var cut = detail.IndexOf(" Path:", StringComparison.Ordinal) is >= 0 and var p ? p : detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
            detail = cut >= 0 ? detail[..cut].Trim() : detail.Trim();
            var where = ex.LineNumber is { } line ? $"第{line + 1}行第{(ex.BytePositionInLine ?? 0) + 1}个字节附近" : "位置不明";
            return new LedgerReadResult([], [new ImportError(source, null, null, "$", $"{source}：不是有效的 JSON，{where}：{detail}")], 0);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                return new LedgerReadResult([], [new ImportError(source, null, null, "$", $"{source}：应为一条记录（JSON 对象）或记录数组")], 0);
            }

            var isArray = root.ValueKind == JsonValueKind.Array;
            var elements = isArray ? root.EnumerateArray().ToList() : [root];
            var records = new List<LeaseRecord>(elements.Count);
            var errors = new List<ImportError>();
            var firstRowById = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < elements.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int? row = isArray ? i + 1 : null;
                var prefix = isArray ? $"第{i + 1}条记录 " : "";
                var result = LeaseRecordReader.Read(elements[i]);
                var leaseId = result.Record?.LeaseId ?? LeaseIdOf(elements[i]);
                foreach (var error in result.Errors)
                {
                    errors.Add(new ImportError(source, row, error.LeaseId ?? leaseId, error.Field, $"{prefix}{error.Field}：{error.Message}"));
                }

                if (leaseId is not null && !firstRowById.TryAdd(leaseId, i + 1))
                {
                    errors.Add(new ImportError(source, row, leaseId, "leaseId",
                        $"{prefix}leaseId：租赁编号「{leaseId}」重复，第{firstRowById[leaseId]}条记录已有同一编号"));
                }

                if (result.IsValid)
                {
                    records.Add(result.Record!);
                }

                progress?.Report(new LedgerProgress(i + 1, elements.Count));
            }

            return new LedgerReadResult(errors.Count == 0 ? records : [], errors, elements.Count);
        }
    }

    private static string? LeaseIdOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object &&
        element.TryGetProperty("leaseId", out var id) &&
        id.ValueKind == JsonValueKind.String &&
        id.GetString() is { Length: > 0 } text
            ? text
            : null;
}
