using System.Text.Json;
using ComplianceMonitor.Domain.Records;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Tests.Records;

[Trait("Category", "unit")]
public class LeaseRecordReaderTests
{
    private const string Id = LeaseJson.LeaseId;
    private const string Required = "is required (必填)";
    private const string DateFormat = "must be a date yyyy-MM-dd (日期格式应为yyyy-MM-dd)";
    private const string Positive = "must be greater than 0 (应大于0)";
    private const string TwoDecimals = "must have at most two decimals (金额最多两位小数)";
    private const string AtLeastOne = "must be at least 1 (应为正整数)";
    private const string WholeNumber = "must be a whole number (应为整数)";
    private const string Mobile = "must be a mainland mobile number: 11 digits starting 13-19 (手机号应为1[3-9]开头的11位数字)";
    private const string Email = "must be an email address like name@example.com (邮箱地址格式不正确)";
    private const string LeaseIdFormat = "must be 1-64 letters, digits, '-' or '_' (租赁编号应为1-64位字母、数字、-或_)";

    [Fact]
    public void Read_RecordsMdExample_GivesEveryField()
    {
        var record = LeaseJson.Valid().ReadValid();

        Assert.Equal("FS-2024-0001", record.LeaseId);
        Assert.Equal("110111", record.DistrictCode);
        Assert.Equal(
            new Parcel { Code = "FS00-0105-0012", Name = "窦店镇工业地块", AreaSqm = 35000.5m, LandUse = "工业用地", IndustryType = "高端制造" },
            record.Parcel);
        Assert.Equal(SupplyMode.New, record.SupplyMode);
        Assert.Equal(
            new LandUser { Name = "北京某某科技有限公司", CreditCode = "91110111MA01ABCD1Q", ContactName = "张三", Email = "zhang@example.com", Mobile = "13800138000" },
            record.LandUser);
        Assert.Equal(30935000.00m, record.BasePriceYuan);
        Assert.Equal(5, record.LeaseYears);
        Assert.Equal(20, record.TotalYears);
        Assert.Equal(new DateOnly(2024, 3, 1), record.LeaseStart);
        Assert.Equal(new DateOnly(2029, 2, 28), record.LeaseEnd);
        Assert.Null(record.MajorProjectApproval);
        Assert.Null(record.ConstructionCompletedOn);
        Assert.Equal([new RentInstalment(new DateOnly(2024, 3, 1), 7733750.00m, RentPeriod.Lease)], record.RentSchedule);
        Assert.Equal([new Payment(new DateOnly(2024, 3, 1), 7733750.00m, "竞买保证金转租金")], record.RentPayments);
        Assert.Equal(Assessment.Empty, record.Assessment);
        Assert.Equal(Transfer.Empty.AppliedOn, record.Transfer.AppliedOn);
        Assert.Empty(record.Transfer.PricePayments);
        Assert.Null(record.Transfer.RegisteredOn);
        Assert.Equal(Renewal.Empty, record.Renewal);
        Assert.Equal([new LeaseEvent(LeaseEventType.Mortgage, new DateOnly(2025, 6, 10), "京(2025)房山区不动产证明第0001234号")], record.Events);
        Assert.Equal(Exit.Empty, record.Exit);
    }

    [Fact]
    public void Read_CompleteRecord_GivesNestedValues()
    {
        var record = LeaseJson.CompleteRecord().ReadValid();

        Assert.Equal(SupplyMode.Existing, record.SupplyMode);
        Assert.Equal(new MajorProjectApproval { Ref = "京政函〔2022〕12号", ApprovedOn = new DateOnly(2022, 11, 30), MaxTotalYears = 30 }, record.MajorProjectApproval);
        Assert.Equal(new DateOnly(2024, 6, 30), record.ConstructionCompletedOn);
        Assert.Equal(new RentInstalment(new DateOnly(2026, 1, 1), 40000m, RentPeriod.Renewal), record.RentSchedule[1]);
        Assert.Equal(new Payment(new DateOnly(2023, 1, 1), 100000m, null), record.RentPayments[0]);
        Assert.Equal(
            new Assessment { AppliedOn = new DateOnly(2025, 5, 20), Result = AssessmentResult.Passed, DecidedOn = new DateOnly(2025, 9, 1), NoticeReceivedOn = new DateOnly(2025, 9, 3) },
            record.Assessment);
        Assert.Equal(new DateOnly(2025, 9, 15), record.Transfer.ContractSignedOn);
        Assert.Equal([new Payment(new DateOnly(2025, 9, 15), 1080000.45m, null)], record.Transfer.PricePayments);
        Assert.Equal(new DateOnly(2026, 1, 20), record.Transfer.RegisteredOn);
        Assert.Equal(
            new Renewal { AppliedOn = new DateOnly(2025, 6, 1), ApprovedOn = new DateOnly(2025, 7, 1), ApprovedYears = 1, NewLeaseEnd = new DateOnly(2026, 12, 31) },
            record.Renewal);
        Assert.Equal(new DateOnly(2026, 12, 31), record.EffectiveLeaseEnd);
        Assert.Equal([LeaseEventType.UseChange, LeaseEventType.RealEstateDevelopment], record.Events.Select(e => e.Type));
        Assert.Equal(new DateOnly(2027, 1, 31), record.Exit.CompletedOn);
    }

    [Theory]
    [InlineData("-majorProjectApproval ; -constructionCompletedOn ; -rentSchedule ; -rentPayments ; -assessment ; -transfer ; -renewal ; -events ; -exit")]
    [InlineData("rentSchedule=null ; rentPayments=null ; events=null ; assessment=null ; transfer=null ; renewal=null ; exit=null")]
    [InlineData("-parcel.areaSqm ; -parcel.landUse ; -parcel.industryType ; -landUser.contactName ; -landUser.mobile")]
    [InlineData("landUser.email=null")]
    [InlineData("-landUser.email")]
    [InlineData("transfer={} ; renewal={} ; assessment={} ; exit={}")]
    public void Read_OptionalFieldsAbsentOrNull_IsValidWithEmptyDefaults(string edits)
    {
        var record = LeaseJson.Valid().Apply(edits).ReadValid();

        Assert.Equal(Id, record.LeaseId);
    }

    [Fact]
    public void Read_AbsentNestedObjectsAndArrays_GiveEmptyInstances()
    {
        var record = LeaseJson.Valid().Apply("-rentSchedule ; -rentPayments ; -assessment ; -transfer ; -renewal ; -events ; -exit").ReadValid();

        Assert.Empty(record.RentSchedule);
        Assert.Empty(record.RentPayments);
        Assert.Empty(record.Events);
        Assert.Same(Assessment.Empty, record.Assessment);
        Assert.Same(Transfer.Empty, record.Transfer);
        Assert.Same(Renewal.Empty, record.Renewal);
        Assert.Same(Exit.Empty, record.Exit);
    }

    [Theory]
    [InlineData("districtCode")]
    [InlineData("parcel")]
    [InlineData("parcel.code")]
    [InlineData("parcel.name")]
    [InlineData("supplyMode")]
    [InlineData("landUser")]
    [InlineData("landUser.name")]
    [InlineData("landUser.creditCode")]
    [InlineData("basePriceYuan")]
    [InlineData("leaseYears")]
    [InlineData("totalYears")]
    [InlineData("leaseStart")]
    [InlineData("leaseEnd")]
    [InlineData("rentSchedule[0].dueOn")]
    [InlineData("rentSchedule[0].amountYuan")]
    [InlineData("rentSchedule[0].period")]
    [InlineData("rentPayments[0].paidOn")]
    [InlineData("rentPayments[0].amountYuan")]
    [InlineData("events[0].type")]
    [InlineData("events[0].on")]
    public void Read_RequiredFieldAbsent_ReportsRequiredOnThatPath(string path)
    {
        var result = LeaseJson.Valid().Without(path).Read();

        Assert.Null(result.Record);
        Assert.Equal([new ValidationError(Id, path, Required)], result.Errors);
    }

    [Theory]
    [InlineData("districtCode")]
    [InlineData("parcel")]
    [InlineData("parcel.name")]
    [InlineData("landUser.creditCode")]
    [InlineData("basePriceYuan")]
    [InlineData("leaseEnd")]
    [InlineData("rentSchedule[0].period")]
    public void Read_RequiredFieldNull_ReportsRequiredOnThatPath(string path)
    {
        var result = LeaseJson.Valid().With(path, "null").Read();

        Assert.Equal([new ValidationError(Id, path, Required)], result.Errors);
    }

    [Theory]
    [InlineData("majorProjectApproval={\"approvedOn\":\"2024-01-10\"}", "majorProjectApproval.ref", Required)]
    [InlineData("majorProjectApproval={\"ref\":\"  \"}", "majorProjectApproval.ref", "must not be blank (不能为空)")]
    [InlineData("transfer.pricePayments=[{\"amountYuan\":1.00}]", "transfer.pricePayments[0].paidOn", Required)]
    [InlineData("transfer.pricePayments=[{\"paidOn\":\"2029-03-01\"}]", "transfer.pricePayments[0].amountYuan", Required)]
    [InlineData("parcel.code=\"\"", "parcel.code", "must not be blank (不能为空)")]
    [InlineData("landUser.name=\" \"", "landUser.name", "must not be blank (不能为空)")]
    public void Read_NestedRequiredMissingOrBlank_ReportsPath(string edits, string field, string message)
    {
        var result = LeaseJson.Valid().Apply(edits).Read();

        Assert.Equal([new ValidationError(Id, field, message)], result.Errors);
    }

    [Theory]
    [InlineData("basePriceYuan", "\"30935000\"", "must be a number, not a string (应为数字)")]
    [InlineData("leaseYears", "\"5\"", "must be a number, not a string (应为数字)")]
    [InlineData("totalYears", "true", "must be a number, not a boolean (应为数字)")]
    [InlineData("parcel.areaSqm", "\"35000\"", "must be a number, not a string (应为数字)")]
    [InlineData("rentSchedule[0].amountYuan", "[7733750]", "must be a number, not an array (应为数字)")]
    [InlineData("districtCode", "110111", "must be a string, not a number (应为字符串)")]
    [InlineData("supplyMode", "true", "must be a string, not a boolean (应为字符串)")]
    [InlineData("landUser.mobile", "13800138000", "must be a string, not a number (应为字符串)")]
    [InlineData("events[0].ref", "{}", "must be a string, not an object (应为字符串)")]
    [InlineData("leaseStart", "20240301", DateFormat)]
    [InlineData("events[0].on", "{}", DateFormat)]
    [InlineData("parcel", "\"FS00-0105-0012\"", "must be an object, not a string (应为对象)")]
    [InlineData("landUser", "[]", "must be an object, not an array (应为对象)")]
    [InlineData("assessment", "[]", "must be an object, not an array (应为对象)")]
    [InlineData("majorProjectApproval", "\"京政函\"", "must be an object, not a string (应为对象)")]
    [InlineData("rentSchedule", "{}", "must be an array, not an object (应为数组)")]
    [InlineData("events", "\"mortgage\"", "must be an array, not a string (应为数组)")]
    [InlineData("transfer.pricePayments", "1", "must be an array, not a number (应为数组)")]
    [InlineData("rentSchedule[0]", "7733750.00", "must be an object, not a number (应为对象)")]
    [InlineData("events[0]", "null", "must be an object, not null (应为对象)")]
    public void Read_WrongJsonType_ReportsExpectedType(string path, string rawJson, string message)
    {
        var result = LeaseJson.Valid().With(path, rawJson).Read();

        Assert.Equal([new ValidationError(Id, path, message)], result.Errors);
    }

    [Theory]
    [InlineData("\"FS 2024 0001\"", LeaseIdFormat)]
    [InlineData("\"FS/2024/0001\"", LeaseIdFormat)]
    [InlineData("\"房山-0001\"", LeaseIdFormat)]
    [InlineData("\"FS-2024-0001\\n\"", LeaseIdFormat)]
    [InlineData("\"A234567890123456789012345678901234567890123456789012345678901234X\"", LeaseIdFormat)]
    [InlineData("\"\"", "must not be blank (不能为空)")]
    [InlineData("12", "must be a string, not a number (应为字符串)")]
    [InlineData("null", Required)]
    public void Read_LeaseIdUnreadable_ReportsLeaseIdWithoutLeaseId(string rawJson, string message)
    {
        var result = LeaseJson.Valid().With("leaseId", rawJson).Read();

        Assert.Equal([new ValidationError(null, "leaseId", message)], result.Errors);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("A_b-9")]
    [InlineData("A234567890123456789012345678901234567890123456789012345678901234")]
    public void Read_LeaseIdOfAllowedCharacters_IsKept(string leaseId)
    {
        var record = LeaseJson.Valid().With("leaseId", JsonSerializer.Serialize(leaseId)).ReadValid();

        Assert.Equal(leaseId, record.LeaseId);
    }

    [Theory]
    [InlineData("110191")]
    [InlineData("110192")]
    [InlineData("110101")]
    [InlineData("110119")]
    public void Read_ConfiguredDistrictCode_IsKept(string code)
    {
        var record = LeaseJson.Valid().With("districtCode", $"\"{code}\"").ReadValid();

        Assert.Equal(code, record.DistrictCode);
    }

    [Theory]
    [InlineData("110103", "'110103' is not a configured district code (未配置的区代码)")]
    [InlineData("110000", "'110000' is not a configured district code (未配置的区代码)")]
    [InlineData("110111 ", "'110111 ' is not a configured district code (未配置的区代码)")]
    public void Read_UnknownDistrictCode_ReportsDistrictCode(string code, string message)
    {
        var result = LeaseJson.Valid().With("districtCode", $"\"{code}\"").Read();

        Assert.Equal([new ValidationError(Id, "districtCode", message)], result.Errors);
    }

    [Theory]
    [InlineData("supplyMode", "New", "must be one of new, existing, not 'New' (取值应为new, existing之一)")]
    [InlineData("supplyMode", "新增", "must be one of new, existing, not '新增' (取值应为new, existing之一)")]
    [InlineData("rentSchedule[0].period", "rent", "must be one of lease, renewal, not 'rent' (取值应为lease, renewal之一)")]
    [InlineData("events[0].type", "pledge",
        "must be one of transfer, sublease, mortgage, useChange, industryChange, realEstateDevelopment, not 'pledge' (取值应为transfer, sublease, mortgage, useChange, industryChange, realEstateDevelopment之一)")]
    [InlineData("events[0].type", "UseChange",
        "must be one of transfer, sublease, mortgage, useChange, industryChange, realEstateDevelopment, not 'UseChange' (取值应为transfer, sublease, mortgage, useChange, industryChange, realEstateDevelopment之一)")]
    public void Read_UnknownEnumName_ReportsAllowedNames(string path, string text, string message)
    {
        var result = LeaseJson.Valid().With(path, JsonSerializer.Serialize(text)).Read();

        Assert.Equal([new ValidationError(Id, path, message)], result.Errors);
    }

    [Fact]
    public void Read_UnknownAssessmentResult_ReportsAllowedNames()
    {
        var result = LeaseJson.Valid().Apply("assessment.result=\"ok\" ; assessment.decidedOn=\"2028-10-01\"").Read();

        Assert.Equal([new ValidationError(Id, "assessment.result", "must be one of passed, failed, not 'ok' (取值应为passed, failed之一)")], result.Errors);
    }

    [Theory]
    [InlineData("events[0].type", "transfer", LeaseEventType.Transfer)]
    [InlineData("events[0].type", "sublease", LeaseEventType.Sublease)]
    [InlineData("events[0].type", "industryChange", LeaseEventType.IndustryChange)]
    [InlineData("events[0].type", "realEstateDevelopment", LeaseEventType.RealEstateDevelopment)]
    public void Read_EventTypeWireName_ParsesToEnum(string path, string text, LeaseEventType expected)
    {
        var record = LeaseJson.Valid().With(path, JsonSerializer.Serialize(text)).ReadValid();

        Assert.Equal(expected, record.Events[0].Type);
    }

    [Theory]
    [InlineData("91110111MA01ABCD1X", "check character should be 'Q', not 'X' (校验码应为Q)")]
    [InlineData("91110111MA01ABCD10", "check character should be 'Q', not '0' (校验码应为Q)")]
    [InlineData("91110111MA01ABCD1q", "character 'q' at position 18 is not allowed: use digits and upper-case letters except I, O, S, V, Z (第18位字符不合法)")]
    [InlineData("91110111ma01abcd1q", "character 'm' at position 9 is not allowed: use digits and upper-case letters except I, O, S, V, Z (第9位字符不合法)")]
    [InlineData("91110111MA01ABCDIQ", "character 'I' at position 17 is not allowed: use digits and upper-case letters except I, O, S, V, Z (第17位字符不合法)")]
    [InlineData("91110111MA01ABCD1", "must be 18 characters, not 17 (统一社会信用代码应为18位)")]
    [InlineData("91110111MA01ABCD1QQ", "must be 18 characters, not 19 (统一社会信用代码应为18位)")]
    [InlineData("91110111-MA01ABCD1Q", "must be 18 characters, not 19 (统一社会信用代码应为18位)")]
    public void Read_InvalidCreditCode_ReportsCreditCodeWithReason(string code, string message)
    {
        var result = LeaseJson.Valid().With("landUser.creditCode", $"\"{code}\"").Read();

        Assert.Equal([new ValidationError(Id, "landUser.creditCode", message)], result.Errors);
    }

    [Theory]
    [InlineData("12800138000")]
    [InlineData("10800138000")]
    [InlineData("1380013800")]
    [InlineData("138001380000")]
    [InlineData("+8613800138000")]
    [InlineData("138 0013 8000")]
    [InlineData("13800138000\\n")]
    [InlineData("１３８００１３８０００")]
    [InlineData("")]
    public void Read_InvalidMobile_ReportsMobile(string mobile)
    {
        var result = LeaseJson.Valid().With("landUser.mobile", $"\"{mobile}\"").Read();

        Assert.Equal([new ValidationError(Id, "landUser.mobile", Mobile)], result.Errors);
    }

    [Theory]
    [InlineData("zhang")]
    [InlineData("zhang@")]
    [InlineData("@example.com")]
    [InlineData("zhang@example")]
    [InlineData("zhang@example.c")]
    [InlineData("zh ang@example.com")]
    [InlineData("zhang@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("zhang@.example.com")]
    [InlineData("zhang@example..com")]
    [InlineData(".zhang@example.com")]
    [InlineData("zhang.@example.com")]
    [InlineData("zhang@-example.com")]
    [InlineData("\\\"zhang\\\"@example.com")]
    [InlineData(" zhang@example.com")]
    [InlineData("")]
    public void Read_InvalidEmail_ReportsEmail(string email)
    {
        var result = LeaseJson.Valid().With("landUser.email", $"\"{email}\"").Read();

        Assert.Equal([new ValidationError(Id, "landUser.email", Email)], result.Errors);
    }

    [Theory]
    [InlineData("-landUser.email ; -landUser.mobile")]
    [InlineData("landUser.email=null ; landUser.mobile=null")]
    [InlineData("-landUser.email ; landUser.mobile=null")]
    public void Read_NoEmailNorMobile_ReportsLandUser(string edits)
    {
        var result = LeaseJson.Valid().Apply(edits).Read();

        Assert.Equal([new ValidationError(Id, "landUser", "needs an email or a mobile (邮箱和手机号至少填写一项)")], result.Errors);
    }

    [Fact]
    public void Read_InvalidEmailAndNoMobile_ReportsOnlyTheEmail()
    {
        var result = LeaseJson.Valid().Apply("landUser.email=\"zhang\" ; -landUser.mobile").Read();

        Assert.Equal([new ValidationError(Id, "landUser.email", Email)], result.Errors);
    }

    [Theory]
    [InlineData("-landUser.email", null, "13800138000")]
    [InlineData("-landUser.mobile", "zhang@example.com", null)]
    public void Read_EitherEmailOrMobile_IsValid(string edits, string? email, string? mobile)
    {
        var record = LeaseJson.Valid().Apply(edits).ReadValid();

        Assert.Equal(email, record.LandUser.Email);
        Assert.Equal(mobile, record.LandUser.Mobile);
    }

    [Theory]
    [InlineData("leaseStart", "2024-3-1", DateFormat)]
    [InlineData("leaseStart", "2024/03/01", DateFormat)]
    [InlineData("leaseStart", "20240301", DateFormat)]
    [InlineData("leaseStart", "2024-03-01T00:00:00", DateFormat)]
    [InlineData("leaseStart", " 2024-03-01", DateFormat)]
    [InlineData("leaseStart", "01-03-2024", DateFormat)]
    [InlineData("leaseStart", "２０２４-03-01", DateFormat)]
    [InlineData("leaseStart", "", DateFormat)]
    [InlineData("leaseStart", "2023-02-29", "'2023-02-29' is not a calendar date (日期不存在)")]
    [InlineData("leaseEnd", "2025-02-30", "'2025-02-30' is not a calendar date (日期不存在)")]
    [InlineData("leaseEnd", "2029-13-01", "'2029-13-01' is not a calendar date (日期不存在)")]
    [InlineData("constructionCompletedOn", "0000-01-01", "'0000-01-01' is not a calendar date (日期不存在)")]
    [InlineData("rentSchedule[0].dueOn", "2024-04-31", "'2024-04-31' is not a calendar date (日期不存在)")]
    [InlineData("rentPayments[0].paidOn", "2024-3-01", DateFormat)]
    [InlineData("events[0].on", "2025-06-10Z", DateFormat)]
    [InlineData("assessment.appliedOn", "2028-08-00", "'2028-08-00' is not a calendar date (日期不存在)")]
    [InlineData("transfer.registeredOn", "yesterday", DateFormat)]
    [InlineData("transfer.appliedOn", "2029-02-29", "'2029-02-29' is not a calendar date (日期不存在)")]
    [InlineData("transfer.contractSignedOn", "2029-3-1", DateFormat)]
    [InlineData("renewal.appliedOn", "2028-1-1", DateFormat)]
    [InlineData("renewal.approvedOn", "2028-06-31", "'2028-06-31' is not a calendar date (日期不存在)")]
    [InlineData("exit.completedOn", "2029.02.28", DateFormat)]
    public void Read_BadDate_ReportsDatePath(string path, string text, string message)
    {
        var result = LeaseJson.Valid().With(path, JsonSerializer.Serialize(text)).Read();

        Assert.Equal([new ValidationError(Id, path, message)], result.Errors);
    }

    [Fact]
    public void Read_LeapDay_IsADate()
    {
        var record = LeaseJson.Valid().With("leaseStart", "\"2024-02-29\"").ReadValid();

        Assert.Equal(new DateOnly(2024, 2, 29), record.LeaseStart);
    }

    [Theory]
    [InlineData("basePriceYuan", "0", Positive)]
    [InlineData("basePriceYuan", "-30935000", Positive)]
    [InlineData("basePriceYuan", "-0.01", Positive)]
    [InlineData("basePriceYuan", "30935000.001", TwoDecimals)]
    [InlineData("basePriceYuan", "1e400", "is out of range (数值超出范围)")]
    [InlineData("rentSchedule[0].amountYuan", "0", Positive)]
    [InlineData("rentSchedule[0].amountYuan", "7733750.005", TwoDecimals)]
    [InlineData("rentPayments[0].amountYuan", "-7733750.00", Positive)]
    [InlineData("rentPayments[0].amountYuan", "0.001", TwoDecimals)]
    [InlineData("parcel.areaSqm", "0", Positive)]
    [InlineData("parcel.areaSqm", "-1.5", Positive)]
    public void Read_BadAmount_ReportsAmountPath(string path, string rawJson, string message)
    {
        var result = LeaseJson.Valid().With(path, rawJson).Read();

        Assert.Equal([new ValidationError(Id, path, message)], result.Errors);
    }

    [Fact]
    public void Read_BadPricePaymentAmount_ReportsNestedArrayPath()
    {
        var result = LeaseJson.Valid().With("transfer.pricePayments", "[{\"paidOn\":\"2029-03-01\",\"amountYuan\":100.00},{\"paidOn\":\"2029-03-02\",\"amountYuan\":-5}]").Read();

        Assert.Equal([new ValidationError(Id, "transfer.pricePayments[1].amountYuan", Positive)], result.Errors);
    }

    [Fact]
    public void Read_BadAmountInThirdInstalment_ReportsIndexedPath()
    {
        var result = LeaseJson.Valid()
            .With("rentSchedule", """[{"dueOn":"2024-03-01","amountYuan":1.00,"period":"lease"},{"dueOn":"2025-03-01","amountYuan":1.00,"period":"lease"},{"dueOn":"2026-03-01","amountYuan":"1.00","period":"lease"}]""")
            .Read();

        Assert.Equal([new ValidationError(Id, "rentSchedule[2].amountYuan", "must be a number, not a string (应为数字)")], result.Errors);
    }

    [Theory]
    [InlineData("basePriceYuan", "30935000.1", 30935000.1)]
    [InlineData("basePriceYuan", "1.230", 1.23)]
    [InlineData("basePriceYuan", "3.0935E7", 30935000)]
    [InlineData("basePriceYuan", "0.01", 0.01)]
    [InlineData("parcel.areaSqm", "0.125", 0.125)]
    public void Read_AcceptableNumber_IsKept(string path, string rawJson, double expected)
    {
        var record = LeaseJson.Valid().With(path, rawJson).ReadValid();

        var actual = path == "basePriceYuan" ? record.BasePriceYuan : record.Parcel.AreaSqm;
        Assert.Equal((decimal)expected, actual);
    }

    [Theory]
    [InlineData("leaseYears", "0", "leaseYears", AtLeastOne)]
    [InlineData("leaseYears", "-1", "leaseYears", AtLeastOne)]
    [InlineData("leaseYears", "5.5", "leaseYears", WholeNumber)]
    [InlineData("leaseYears", "1e10", "leaseYears", "is out of range (数值超出范围)")]
    [InlineData("totalYears", "20.01", "totalYears", WholeNumber)]
    [InlineData("totalYears", "4", "totalYears", "must be at least leaseYears (5) (总年期不得少于租赁年期)")]
    [InlineData("majorProjectApproval", "{\"ref\":\"京政函〔2024〕1号\",\"maxTotalYears\":0}", "majorProjectApproval.maxTotalYears", AtLeastOne)]
    [InlineData("majorProjectApproval", "{\"ref\":\"京政函〔2024〕1号\",\"maxTotalYears\":30.5}", "majorProjectApproval.maxTotalYears", WholeNumber)]
    public void Read_BadYears_ReportsYearsPath(string path, string rawJson, string field, string message)
    {
        var result = LeaseJson.Valid().With(path, rawJson).Read();

        Assert.Equal([new ValidationError(Id, field, message)], result.Errors);
    }

    [Theory]
    [InlineData("leaseYears=5.0 ; totalYears=20", 5, 20)]
    [InlineData("leaseYears=1 ; totalYears=1", 1, 1)]
    [InlineData("leaseYears=8 ; totalYears=60", 8, 60)]
    public void Read_WholeYears_AreKeptEvenBeyondPolicyLimits(string edits, int leaseYears, int totalYears)
    {
        var record = LeaseJson.Valid().Apply(edits).ReadValid();

        Assert.Equal((leaseYears, totalYears), (record.LeaseYears, record.TotalYears));
    }

    [Theory]
    [InlineData("renewal.approvedYears=0", "renewal.approvedYears", AtLeastOne)]
    [InlineData("renewal.approvedYears=1.5", "renewal.approvedYears", WholeNumber)]
    [InlineData("renewal.approvedYears=\"2\"", "renewal.approvedYears", "must be a number, not a string (应为数字)")]
    [InlineData("renewal.newLeaseEnd=\"2029-02-28\"", "renewal.newLeaseEnd", "must be after leaseEnd 2029-02-28 (续租结束日应晚于原租赁结束日)")]
    [InlineData("renewal.newLeaseEnd=\"2028-12-31\"", "renewal.newLeaseEnd", "must be after leaseEnd 2029-02-28 (续租结束日应晚于原租赁结束日)")]
    [InlineData("leaseEnd=\"2024-02-29\"", "leaseEnd", "must not be before leaseStart 2024-03-01 (租赁结束日不得早于开始日)")]
    public void Read_BadTermDates_ReportsPath(string edits, string field, string message)
    {
        var result = LeaseJson.Valid().Apply(edits).Read();

        Assert.Equal([new ValidationError(Id, field, message)], result.Errors);
    }

    [Fact]
    public void Read_LeaseOfOneDay_IsValid()
    {
        var record = LeaseJson.Valid().With("leaseEnd", "\"2024-03-01\"").ReadValid();

        Assert.Equal(record.LeaseStart, record.LeaseEnd);
    }

    [Fact]
    public void Read_RenewalEndingTheDayAfterLeaseEnd_IsValid()
    {
        var record = LeaseJson.Valid().Apply("renewal.approvedOn=\"2028-09-01\" ; renewal.newLeaseEnd=\"2029-03-01\"").ReadValid();

        Assert.Equal(new DateOnly(2029, 3, 1), record.EffectiveLeaseEnd);
    }

    [Theory]
    [InlineData("assessment.result=\"passed\"", "assessment.decidedOn", "is required when result is recorded (记录考核结果时须填写决定日期)")]
    [InlineData("assessment.result=\"failed\" ; assessment.decidedOn=null", "assessment.decidedOn", "is required when result is recorded (记录考核结果时须填写决定日期)")]
    [InlineData("assessment.decidedOn=\"2028-10-01\"", "assessment.result", "is required when decidedOn is recorded (记录决定日期时须填写考核结果)")]
    [InlineData("assessment.noticeReceivedOn=\"2028-10-08\"", "assessment.noticeReceivedOn", "needs a recorded result (记录通知日期时须已有考核结果)")]
    [InlineData("assessment.result=\"passed\" ; assessment.decidedOn=\"2028-10-01\" ; assessment.noticeReceivedOn=\"2028-09-30\"",
        "assessment.noticeReceivedOn", "must not be before decidedOn 2028-10-01 (通知日期不得早于决定日期)")]
    public void Read_InconsistentAssessment_ReportsPath(string edits, string field, string message)
    {
        var result = LeaseJson.Valid().Apply(edits).Read();

        Assert.Equal([new ValidationError(Id, field, message)], result.Errors);
    }

    [Fact]
    public void Read_NoticeWithDecisionButNoResult_ReportsBothMissingResultAndNotice()
    {
        var result = LeaseJson.Valid().Apply("assessment.decidedOn=\"2028-10-01\" ; assessment.noticeReceivedOn=\"2028-10-08\"").Read();

        Assert.Equal(
            [
                new ValidationError(Id, "assessment.result", "is required when decidedOn is recorded (记录决定日期时须填写考核结果)"),
                new ValidationError(Id, "assessment.noticeReceivedOn", "needs a recorded result (记录通知日期时须已有考核结果)"),
            ],
            result.Errors);
    }

    [Theory]
    [InlineData("2028-10-01")]
    [InlineData("2028-10-20")]
    public void Read_NoticeOnOrAfterDecision_IsValid(string notice)
    {
        var record = LeaseJson.Valid()
            .Apply($"assessment.result=\"passed\" ; assessment.decidedOn=\"2028-10-01\" ; assessment.noticeReceivedOn=\"{notice}\"")
            .ReadValid();

        Assert.Equal(DateOnly.Parse(notice, System.Globalization.CultureInfo.InvariantCulture), record.Assessment.NoticeReceivedOn);
    }

    [Fact]
    public void Read_BadDecisionDateWithResult_ReportsTheDateOnce()
    {
        var result = LeaseJson.Valid().Apply("assessment.result=\"passed\" ; assessment.decidedOn=\"2028/10/01\"").Read();

        Assert.Equal([new ValidationError(Id, "assessment.decidedOn", DateFormat)], result.Errors);
    }

    [Theory]
    [InlineData("leaseEnds", "\"2029-02-28\"")]
    [InlineData("parcel.area", "35000")]
    [InlineData("landUser.phone", "\"13800138000\"")]
    [InlineData("majorProjectApproval", "{\"ref\":\"京政函\",\"reference\":\"x\"}")]
    [InlineData("rentSchedule[0].due", "\"2024-03-01\"")]
    [InlineData("rentPayments[0].note", "null")]
    [InlineData("assessment.decision", "\"passed\"")]
    [InlineData("transfer.signedOn", "\"2029-03-01\"")]
    [InlineData("transfer.pricePayments", "[{\"paidOn\":\"2029-03-01\",\"amountYuan\":1.00,\"ref\":\"x\"}]")]
    [InlineData("renewal.years", "2")]
    [InlineData("events[0].date", "\"2025-06-10\"")]
    [InlineData("exit.completed", "\"2029-02-28\"")]
    [InlineData("LeaseId", "\"FS-2024-0001\"")]
    public void Read_UnknownProperty_ReportsItByPath(string path, string rawJson)
    {
        var (field, name) = path switch
        {
            "majorProjectApproval" => ("majorProjectApproval.reference", "reference"),
            "transfer.pricePayments" => ("transfer.pricePayments[0].ref", "ref"),
            _ => (path, path[(path.LastIndexOf('.') + 1)..]),
        };

        var result = LeaseJson.Valid().With(path, rawJson).Read();

        Assert.Equal([new ValidationError(Id, field, $"unknown property '{name}' (未知字段'{name}')")], result.Errors);
    }

    [Fact]
    public void Read_RepeatedProperty_ReportsIt()
    {
        var json = LeaseJson.Valid().ToJson().Replace("\"leaseYears\":5,", "\"leaseYears\":5,\"leaseYears\":6,", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);

        var result = LeaseRecordReader.Read(document.RootElement);

        Assert.Equal([new ValidationError(Id, "leaseYears", "property 'leaseYears' appears more than once (字段'leaseYears'重复)")], result.Errors);
    }

    [Fact]
    public void Read_ManyProblems_ReportsEveryOne()
    {
        var result = LeaseJson.Valid()
            .Apply("leaseEnds=\"2029-02-28\" ; -leaseEnd ; landUser.creditCode=\"91110111MA01ABCD1X\" ; landUser.mobile=\"12345\" ; "
                + "basePriceYuan=-1 ; rentSchedule[0].period=\"rent\" ; events[0].type=\"pledge\" ; assessment.result=\"passed\" ; exit.done=true")
            .Read();

        Assert.Null(result.Record);
        Assert.False(result.IsValid);
        Assert.Equal(
            [
                new ValidationError(Id, "leaseEnds", "unknown property 'leaseEnds' (未知字段'leaseEnds')"),
                new ValidationError(Id, "landUser.creditCode", "check character should be 'Q', not 'X' (校验码应为Q)"),
                new ValidationError(Id, "landUser.mobile", Mobile),
                new ValidationError(Id, "basePriceYuan", Positive),
                new ValidationError(Id, "leaseEnd", Required),
                new ValidationError(Id, "rentSchedule[0].period", "must be one of lease, renewal, not 'rent' (取值应为lease, renewal之一)"),
                new ValidationError(Id, "assessment.decidedOn", "is required when result is recorded (记录考核结果时须填写决定日期)"),
                new ValidationError(Id, "events[0].type",
                    "must be one of transfer, sublease, mortgage, useChange, industryChange, realEstateDevelopment, not 'pledge' (取值应为transfer, sublease, mortgage, useChange, industryChange, realEstateDevelopment之一)"),
                new ValidationError(Id, "exit.done", "unknown property 'done' (未知字段'done')"),
            ],
            result.Errors);
    }

    [Theory]
    [InlineData("[]", "must be an object, not an array (应为对象)")]
    [InlineData("\"FS-2024-0001\"", "must be an object, not a string (应为对象)")]
    [InlineData("null", "must be an object, not null (应为对象)")]
    public void Read_NotAnObject_ReportsDollar(string json, string message)
    {
        using var document = JsonDocument.Parse(json);

        var result = LeaseRecordReader.Read(document.RootElement);

        Assert.Equal([new ValidationError(null, "$", message)], result.Errors);
        Assert.Null(result.Record);
    }

    [Fact]
    public void Read_EmptyObject_ReportsEveryRequiredField()
    {
        using var document = JsonDocument.Parse("{}");

        var result = LeaseRecordReader.Read(document.RootElement);

        Assert.Equal(
            ["leaseId", "districtCode", "parcel", "supplyMode", "landUser", "basePriceYuan", "leaseYears", "totalYears", "leaseStart", "leaseEnd"],
            result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal(new ValidationError(null, e.Field, Required), e));
    }
}
