using ClosedXML.Excel;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Infrastructure.Import;

namespace ComplianceMonitor.Infrastructure.Tests.Import;

/// <summary>Three realistic leases, as records, and the helpers the import tests share.</summary>
internal static class LedgerFixtures
{
    public const string FangshanCreditCode = "91110111MA01ABCD1Q";
    public const string DaxingCreditCode = "91110115MA00XYK12T";
    public const string YizhuangCreditCode = "91110302MA01KLMN3B";

    /// <summary>房山, new supply, first year's rent paid from the bid deposit, a mortgage recorded.</summary>
    public static LeaseRecord Fangshan { get; } = new()
    {
        LeaseId = "FS-2024-0001",
        DistrictCode = "110111",
        Parcel = new Parcel { Code = "FS00-0105-0012", Name = "窦店镇工业地块", AreaSqm = 35000.5m, LandUse = "工业用地", IndustryType = "高端制造" },
        SupplyMode = SupplyMode.New,
        LandUser = new LandUser
        {
            Name = "北京某某科技有限公司", CreditCode = FangshanCreditCode, ContactName = "张三", Email = "zhang@example.com", Mobile = "13800138000",
        },
        BasePriceYuan = 30935000.00m,
        LeaseYears = 5,
        TotalYears = 20,
        LeaseStart = new DateOnly(2024, 3, 1),
        LeaseEnd = new DateOnly(2029, 2, 28),
        RentSchedule =
        [
            new RentInstalment(new DateOnly(2024, 3, 1), 7733750.00m, RentPeriod.Lease),
            new RentInstalment(new DateOnly(2025, 3, 1), 386687.50m, RentPeriod.Lease),
        ],
        RentPayments = [new Payment(new DateOnly(2024, 3, 1), 7733750.00m, "竞买保证金转租金")],
        Events = [new LeaseEvent(LeaseEventType.Mortgage, new DateOnly(2025, 6, 10), "京(2025)房山区不动产证明第0001234号")],
    };

    /// <summary>大兴, existing land, assessment passed, transfer contract signed and land price paid in two parts.</summary>
    public static LeaseRecord Daxing { get; } = new()
    {
        LeaseId = "DX-2023-0007",
        DistrictCode = "110115",
        Parcel = new Parcel { Code = "DX-0203-0045", Name = "采育镇存量工业用地", AreaSqm = 12000m, LandUse = "工业用地" },
        SupplyMode = SupplyMode.Existing,
        LandUser = new LandUser { Name = "北京某某生物医药有限公司", CreditCode = DaxingCreditCode, Mobile = "13911112222" },
        BasePriceYuan = 20000000m,
        LeaseYears = 4,
        TotalYears = 20,
        LeaseStart = new DateOnly(2023, 9, 1),
        LeaseEnd = new DateOnly(2027, 8, 31),
        RentSchedule = [new RentInstalment(new DateOnly(2023, 9, 1), 1000000m, RentPeriod.Lease)],
        Assessment = new Assessment
        {
            AppliedOn = new DateOnly(2027, 3, 1), Result = AssessmentResult.Passed, DecidedOn = new DateOnly(2027, 4, 15), NoticeReceivedOn = new DateOnly(2027, 4, 20),
        },
        Transfer = new Transfer
        {
            AppliedOn = new DateOnly(2027, 5, 6),
            ContractSignedOn = new DateOnly(2027, 6, 1),
            PricePayments = [new Payment(new DateOnly(2027, 6, 10), 12000000m, null), new Payment(new DateOnly(2027, 6, 20), 8000000.5m, null)],
        },
    };

    /// <summary>经开区, a major project approved for a longer term, construction completed, a renewal approved.</summary>
    public static LeaseRecord Yizhuang { get; } = new()
    {
        LeaseId = "YZ_2022_3",
        DistrictCode = "110191",
        Parcel = new Parcel { Code = "YZ-15-03", Name = "亦庄新城15街区地块", IndustryType = "集成电路" },
        SupplyMode = SupplyMode.New,
        LandUser = new LandUser { Name = "北京某某半导体有限公司", CreditCode = YizhuangCreditCode, ContactName = "李四", Email = "li.si@example.cn" },
        BasePriceYuan = 88000000.25m,
        LeaseYears = 5,
        TotalYears = 30,
        LeaseStart = new DateOnly(2022, 7, 1),
        LeaseEnd = new DateOnly(2027, 6, 30),
        MajorProjectApproval = new MajorProjectApproval { Ref = "京政函〔2022〕15号", ApprovedOn = new DateOnly(2022, 5, 10), MaxTotalYears = 30 },
        ConstructionCompletedOn = new DateOnly(2023, 12, 20),
        RentSchedule =
        [
            new RentInstalment(new DateOnly(2022, 7, 1), 4400000m, RentPeriod.Lease),
            new RentInstalment(new DateOnly(2027, 7, 1), 1320000m, RentPeriod.Renewal),
        ],
        RentPayments = [new Payment(new DateOnly(2022, 7, 1), 4400000m, null)],
        Renewal = new Renewal { AppliedOn = new DateOnly(2027, 1, 5), ApprovedOn = new DateOnly(2027, 2, 1), ApprovedYears = 3, NewLeaseEnd = new DateOnly(2030, 6, 30) },
        Events =
        [
            new LeaseEvent(LeaseEventType.Sublease, new DateOnly(2024, 4, 1), null),
            new LeaseEvent(LeaseEventType.UseChange, new DateOnly(2025, 1, 2), "亦规划〔2025〕3号"),
        ],
    };

    /// <summary>The three leases in ledger order.</summary>
    public static IReadOnlyList<LeaseRecord> All { get; } = [Fangshan, Daxing, Yizhuang];

    /// <summary>Asserts two records are equal field by field, lists included (record equality compares lists by reference).</summary>
    public static void AssertSameRecord(LeaseRecord expected, LeaseRecord actual)
    {
        Assert.Equal(expected.LeaseId, actual.LeaseId);
        Assert.Equal(expected.DistrictCode, actual.DistrictCode);
        Assert.Equal(expected.Parcel, actual.Parcel);
        Assert.Equal(expected.SupplyMode, actual.SupplyMode);
        Assert.Equal(expected.LandUser, actual.LandUser);
        Assert.Equal(expected.BasePriceYuan, actual.BasePriceYuan);
        Assert.Equal(expected.LeaseYears, actual.LeaseYears);
        Assert.Equal(expected.TotalYears, actual.TotalYears);
        Assert.Equal(expected.LeaseStart, actual.LeaseStart);
        Assert.Equal(expected.LeaseEnd, actual.LeaseEnd);
        Assert.Equal(expected.MajorProjectApproval, actual.MajorProjectApproval);
        Assert.Equal(expected.ConstructionCompletedOn, actual.ConstructionCompletedOn);
        Assert.Equal(expected.RentSchedule, actual.RentSchedule);
        Assert.Equal(expected.RentPayments, actual.RentPayments);
        Assert.Equal(expected.Assessment, actual.Assessment);
        Assert.Equal(expected.Transfer.AppliedOn, actual.Transfer.AppliedOn);
        Assert.Equal(expected.Transfer.ContractSignedOn, actual.Transfer.ContractSignedOn);
        Assert.Equal(expected.Transfer.PricePayments, actual.Transfer.PricePayments);
        Assert.Equal(expected.Transfer.RegisteredOn, actual.Transfer.RegisteredOn);
        Assert.Equal(expected.Renewal, actual.Renewal);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.Exit, actual.Exit);
    }

    /// <summary>Asserts the result holds exactly the expected records, in order, and no error.</summary>
    public static void AssertRecords(LedgerReadResult result, params LeaseRecord[] expected)
    {
        Assert.Empty(result.Errors);
        Assert.Equal(expected.Length, result.Records.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            AssertSameRecord(expected[i], result.Records[i]);
        }
    }

    /// <summary>Asserts the result is rejected whole with exactly these errors, in order.</summary>
    public static void AssertErrors(LedgerReadResult result, params ImportError[] expected)
    {
        Assert.Empty(result.Records);
        Assert.Equal(expected, result.Errors);
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cm-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Collects progress reports synchronously (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
internal sealed class RecordingProgress : IProgress<LedgerProgress>
{
    public List<LedgerProgress> Reports { get; } = [];

    public void Report(LedgerProgress value) => Reports.Add(value);
}

/// <summary>Writes test workbooks: each sheet a header row and data rows; strings are stored as text cells, never converted.</summary>
internal static class TestWorkbook
{
    public static void Write(string path, params (string Name, object?[][] Rows)[] sheets)
    {
        using var workbook = new XLWorkbook();
        foreach (var (name, rows) in sheets)
        {
            var worksheet = workbook.Worksheets.Add(name);
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < rows[r].Length; c++)
                {
                    Set(worksheet.Cell(r + 1, c + 1), rows[r][c]);
                }
            }
        }

        workbook.SaveAs(path);
    }

    private static void Set(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                cell.SetValue(text);
                cell.DataType = XLDataType.Text;
                break;
            case DateOnly date:
                cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
                cell.Style.NumberFormat.Format = "yyyy-mm-dd";
                break;
            case DateTime dateTime:
                cell.SetValue(dateTime);
                break;
            case decimal number:
                cell.SetValue((double)number);
                break;
            case int number:
                cell.SetValue((double)number);
                break;
            case double number:
                cell.SetValue(number);
                break;
            case bool flag:
                cell.SetValue(flag);
                break;
            default:
                throw new ArgumentException($"unsupported cell value {value.GetType()}", nameof(value));
        }
    }
}

/// <summary>Finds the repository root (the folder holding Directory.Packages.props) from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Directory.Packages.props")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
