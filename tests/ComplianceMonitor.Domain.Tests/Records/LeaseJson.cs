using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceMonitor.Domain.Records;

namespace ComplianceMonitor.Domain.Tests.Records;

/// <summary>Builds lease-record JSON for tests: a valid base record, changed one field path at a time.</summary>
/// <remarks>
/// Paths are the wire paths the reader reports (<c>landUser.creditCode</c>, <c>rentSchedule[0].amountYuan</c>).
/// Values are raw JSON (<c>"\"2024-03-01\""</c>, <c>"5"</c>, <c>"null"</c>).
/// </remarks>
internal sealed class LeaseJson
{
    /// <summary>The example record of records.md, verbatim (its credit code 91110111MA01ABCD1Q is valid).</summary>
    public const string RecordsMdExample = """
        {
          "leaseId": "FS-2024-0001",
          "districtCode": "110111",
          "parcel": { "code": "FS00-0105-0012", "name": "窦店镇工业地块", "areaSqm": 35000.5,
                      "landUse": "工业用地", "industryType": "高端制造" },
          "supplyMode": "new",
          "landUser": { "name": "北京某某科技有限公司", "creditCode": "91110111MA01ABCD1Q",
                        "contactName": "张三", "email": "zhang@example.com", "mobile": "13800138000" },
          "basePriceYuan": 30935000.00,
          "leaseYears": 5,
          "totalYears": 20,
          "leaseStart": "2024-03-01",
          "leaseEnd": "2029-02-28",
          "majorProjectApproval": null,
          "constructionCompletedOn": null,
          "rentSchedule": [ { "dueOn": "2024-03-01", "amountYuan": 7733750.00, "period": "lease" } ],
          "rentPayments": [ { "paidOn": "2024-03-01", "amountYuan": 7733750.00, "ref": "竞买保证金转租金" } ],
          "assessment": { "appliedOn": null, "result": null, "decidedOn": null, "noticeReceivedOn": null },
          "transfer": { "appliedOn": null, "contractSignedOn": null, "pricePayments": [], "registeredOn": null },
          "renewal": { "appliedOn": null, "approvedOn": null, "refusedOn": null, "approvedYears": null, "newLeaseEnd": null },
          "events": [ { "type": "mortgage", "on": "2025-06-10", "ref": "京(2025)房山区不动产证明第0001234号" } ],
          "exit": { "completedOn": null }
        }
        """;

    /// <summary>The lease id of the base record.</summary>
    public const string LeaseId = "FS-2024-0001";

    /// <summary>
    /// A record with every field recorded, in the writer's canonical form (field order of records.md, money
    /// with two decimals), so writing what is read from it gives the same text back.
    /// </summary>
    public const string Complete = """
        {
          "leaseId": "DX_2023-17",
          "districtCode": "110192",
          "parcel": { "code": "DX00-0201-0003", "name": "临空区物流地块", "areaSqm": 12000.25, "landUse": "工业用地", "industryType": "航空物流" },
          "supplyMode": "existing",
          "landUser": { "name": "北京临空物流有限公司", "creditCode": "911101080000000080", "contactName": "李四", "email": "li.si+lease@air-port.example.cn", "mobile": "19912345678" },
          "basePriceYuan": 1200000.50,
          "leaseYears": 3,
          "totalYears": 30,
          "leaseStart": "2023-01-01",
          "leaseEnd": "2025-12-31",
          "majorProjectApproval": { "ref": "京政函〔2022〕12号", "approvedOn": "2022-11-30", "maxTotalYears": 30 },
          "constructionCompletedOn": "2024-06-30",
          "rentSchedule": [
            { "dueOn": "2023-01-01", "amountYuan": 120000.05, "period": "lease" },
            { "dueOn": "2026-01-01", "amountYuan": 40000.00, "period": "renewal" }
          ],
          "rentPayments": [
            { "paidOn": "2023-01-01", "amountYuan": 100000.00, "ref": null },
            { "paidOn": "2023-02-15", "amountYuan": 20000.05, "ref": "补缴" }
          ],
          "assessment": { "appliedOn": "2025-05-20", "result": "passed", "decidedOn": "2025-09-01", "noticeReceivedOn": "2025-09-03" },
          "transfer": { "appliedOn": "2025-09-10", "contractSignedOn": "2025-09-15", "pricePayments": [ { "paidOn": "2025-09-15", "amountYuan": 1080000.45 } ], "registeredOn": "2026-01-20" },
          "renewal": { "appliedOn": "2025-06-01", "approvedOn": "2025-07-01", "refusedOn": null, "approvedYears": 1, "newLeaseEnd": "2026-12-31" },
          "events": [
            { "type": "useChange", "on": "2024-01-05", "ref": null },
            { "type": "realEstateDevelopment", "on": "2024-02-06", "ref": "通报" }
          ],
          "exit": { "completedOn": "2027-01-31" }
        }
        """;

    private readonly JsonObject root;

    private LeaseJson(string json) => root = JsonNode.Parse(json)!.AsObject();

    /// <summary>The records.md example: valid.</summary>
    public static LeaseJson Valid() => new(RecordsMdExample);

    /// <summary>A record with every field recorded: valid.</summary>
    public static LeaseJson CompleteRecord() => new(Complete);

    /// <summary>Sets the value at <paramref name="path"/> to the raw JSON <paramref name="rawJson"/>, creating it if absent.</summary>
    public LeaseJson With(string path, string rawJson)
    {
        var (parent, last) = Navigate(path);
        var value = JsonNode.Parse(rawJson);
        switch (last)
        {
            case string name:
                parent.AsObject()[name] = value;
                break;
            case int index:
                parent.AsArray()[index] = value;
                break;
        }

        return this;
    }

    /// <summary>Removes the property at <paramref name="path"/>.</summary>
    public LeaseJson Without(string path)
    {
        var (parent, last) = Navigate(path);
        if (last is not string name || !parent.AsObject().Remove(name))
        {
            throw new ArgumentException($"no property at {path}", nameof(path));
        }

        return this;
    }

    /// <summary>Applies edits written <c>path=rawJson</c> (set) or <c>-path</c> (remove), separated by <c> ; </c>.</summary>
    public LeaseJson Apply(string edits)
    {
        foreach (var edit in edits.Split(" ; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (edit.StartsWith('-'))
            {
                Without(edit[1..]);
            }
            else
            {
                var eq = edit.IndexOf('=', StringComparison.Ordinal);
                With(edit[..eq], edit[(eq + 1)..]);
            }
        }

        return this;
    }

    /// <summary>The record as JSON text.</summary>
    public string ToJson() => root.ToJsonString();

    /// <summary>A deep copy of the record as a node, e.g. to put several in an array.</summary>
    public JsonNode ToNode() => root.DeepClone();

    /// <summary>Reads the record with <see cref="LeaseRecordReader.Read"/>.</summary>
    public RecordReadResult Read()
    {
        using var document = JsonDocument.Parse(ToJson());
        return LeaseRecordReader.Read(document.RootElement);
    }

    /// <summary>An array of records as JSON text.</summary>
    public static string Array(params LeaseJson[] records)
    {
        var array = new JsonArray();
        foreach (var record in records)
        {
            array.Add(record.ToNode());
        }

        return array.ToJsonString();
    }

    /// <summary>Reads the record and returns it, failing the test with its errors when it is invalid.</summary>
    public LeaseRecord ReadValid()
    {
        var result = Read();
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Record!;
    }

    private (JsonNode Parent, object Last) Navigate(string path)
    {
        var steps = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            steps.Add(bracket < 0 ? part : part[..bracket]);
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                steps.Add(int.Parse(part[(bracket + 1)..close], System.Globalization.CultureInfo.InvariantCulture));
                bracket = part.IndexOf('[', close);
            }
        }

        JsonNode node = root;
        foreach (var step in steps.Take(steps.Count - 1))
        {
            node = step switch
            {
                string name => node.AsObject()[name] ?? throw new ArgumentException($"nothing at '{name}' in {path}", nameof(path)),
                int index => node.AsArray()[index] ?? throw new ArgumentException($"nothing at [{index}] in {path}", nameof(path)),
                _ => throw new InvalidOperationException(),
            };
        }

        return (node, steps[^1]);
    }
}
