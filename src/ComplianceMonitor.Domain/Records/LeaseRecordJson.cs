using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Records;

/// <summary>Writes lease records in the wire JSON (records.md); what it writes, <see cref="LeaseRecordReader"/> reads back equal.</summary>
/// <remarks>
/// Every field is written, in the order of records.md: unrecorded values as <c>null</c>, lists as
/// (possibly empty) arrays (a rent schedule that is not recorded as <c>null</c>), and <c>assessment</c>, <c>transfer</c>, <c>renewal</c> and <c>exit</c>
/// always as objects. Dates are <c>yyyy-MM-dd</c>; money is a JSON number with two decimals
/// (e.g. <c>30935000.00</c>); enums use their <see cref="WireNames"/>. Price payments are written as
/// <c>{ paidOn, amountYuan }</c> only, as the contract defines them: a <see cref="Payment.Ref"/> set on
/// one in code is not written.
/// </remarks>
public static class LeaseRecordJson
{
    /// <summary>Writer options: Chinese text left readable, compact unless <paramref name="indented"/>.</summary>
    public static JsonWriterOptions WriterOptions(bool indented = false) => new()
    {
        Indented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one record as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, LeaseRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);

        writer.WriteStartObject();
        writer.WriteString("leaseId", record.LeaseId);
        writer.WriteString("districtCode", record.DistrictCode);

        writer.WriteStartObject("parcel");
        writer.WriteString("code", record.Parcel.Code);
        writer.WriteString("name", record.Parcel.Name);
        WriteNumber(writer, "areaSqm", record.Parcel.AreaSqm);
        writer.WriteString("landUse", record.Parcel.LandUse);
        writer.WriteString("industryType", record.Parcel.IndustryType);
        writer.WriteEndObject();

        writer.WriteString("supplyMode", WireNames.Of(record.SupplyMode));

        writer.WriteStartObject("landUser");
        writer.WriteString("name", record.LandUser.Name);
        writer.WriteString("creditCode", record.LandUser.CreditCode);
        writer.WriteString("contactName", record.LandUser.ContactName);
        writer.WriteString("email", record.LandUser.Email);
        writer.WriteString("mobile", record.LandUser.Mobile);
        writer.WriteEndObject();

        WriteMoney(writer, "basePriceYuan", record.BasePriceYuan);
        writer.WriteNumber("leaseYears", record.LeaseYears);
        writer.WriteNumber("totalYears", record.TotalYears);
        WriteDate(writer, "leaseStart", record.LeaseStart);
        WriteDate(writer, "leaseEnd", record.LeaseEnd);

        if (record.MajorProjectApproval is { } approval)
        {
            writer.WriteStartObject("majorProjectApproval");
            writer.WriteString("ref", approval.Ref);
            WriteDate(writer, "approvedOn", approval.ApprovedOn);
            WriteNumber(writer, "maxTotalYears", approval.MaxTotalYears);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("majorProjectApproval");
        }

        WriteDate(writer, "constructionCompletedOn", record.ConstructionCompletedOn);

        if (record.RentScheduleRecorded)
        {
            writer.WriteStartArray("rentSchedule");
            foreach (var instalment in record.RentSchedule)
            {
                writer.WriteStartObject();
                WriteDate(writer, "dueOn", instalment.DueOn);
                WriteMoney(writer, "amountYuan", instalment.AmountYuan);
                writer.WriteString("period", WireNames.Of(instalment.Period));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            // Not recorded is not "nothing scheduled" (records.md, policy revision 2).
            writer.WriteNull("rentSchedule");
        }

        writer.WriteStartArray("rentPayments");
        foreach (var payment in record.RentPayments)
        {
            writer.WriteStartObject();
            WriteDate(writer, "paidOn", payment.PaidOn);
            WriteMoney(writer, "amountYuan", payment.AmountYuan);
            writer.WriteString("ref", payment.Ref);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("assessment");
        WriteDate(writer, "appliedOn", record.Assessment.AppliedOn);
        if (record.Assessment.Result is { } result)
        {
            writer.WriteString("result", WireNames.Of(result));
        }
        else
        {
            writer.WriteNull("result");
        }

        WriteDate(writer, "decidedOn", record.Assessment.DecidedOn);
        WriteDate(writer, "noticeReceivedOn", record.Assessment.NoticeReceivedOn);
        writer.WriteEndObject();

        writer.WriteStartObject("transfer");
        WriteDate(writer, "appliedOn", record.Transfer.AppliedOn);
        WriteDate(writer, "contractSignedOn", record.Transfer.ContractSignedOn);
        writer.WriteStartArray("pricePayments");
        foreach (var payment in record.Transfer.PricePayments)
        {
            writer.WriteStartObject();
            WriteDate(writer, "paidOn", payment.PaidOn);
            WriteMoney(writer, "amountYuan", payment.AmountYuan);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteDate(writer, "registeredOn", record.Transfer.RegisteredOn);
        writer.WriteEndObject();

        writer.WriteStartObject("renewal");
        WriteDate(writer, "appliedOn", record.Renewal.AppliedOn);
        WriteDate(writer, "approvedOn", record.Renewal.ApprovedOn);
        WriteDate(writer, "refusedOn", record.Renewal.RefusedOn);
        WriteNumber(writer, "approvedYears", record.Renewal.ApprovedYears);
        WriteDate(writer, "newLeaseEnd", record.Renewal.NewLeaseEnd);
        writer.WriteEndObject();

        writer.WriteStartArray("events");
        foreach (var leaseEvent in record.Events)
        {
            writer.WriteStartObject();
            writer.WriteString("type", WireNames.Of(leaseEvent.Type));
            WriteDate(writer, "on", leaseEvent.On);
            writer.WriteString("ref", leaseEvent.Ref);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("exit");
        WriteDate(writer, "completedOn", record.Exit.CompletedOn);
        writer.WriteEndObject();

        AgreementJson.Write(writer, record);
        writer.WriteEndObject();
    }

    /// <summary>Serialises one record to compact JSON text.</summary>
    public static string Serialize(LeaseRecord record) => Serialize(record, indented: false);

    /// <summary>Serialises one record to JSON text, indented when asked.</summary>
    public static string Serialize(LeaseRecord record, bool indented)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(indented)))
        {
            Write(writer, record);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteDate(Utf8JsonWriter writer, string name, DateOnly? date)
    {
        if (date is { } d)
        {
            writer.WriteString(name, FieldFormats.FormatDate(d));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Writes money with exactly two decimals; an amount with more (never read from the wire) is written unrounded.</summary>
    private static void WriteMoney(Utf8JsonWriter writer, string name, decimal yuan)
    {
        var fen = decimal.Round(yuan, 2);

        // Adding 0.00m gives the sum a scale of at least 2, so 30935000m is written 30935000.00.
        writer.WriteNumber(name, fen == yuan ? fen + 0.00m : yuan);
    }
}
