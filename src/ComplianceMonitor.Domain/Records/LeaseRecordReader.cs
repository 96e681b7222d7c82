using System.Text.Json;
using ComplianceMonitor.Domain.Deadlines;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Validation;

namespace ComplianceMonitor.Domain.Records;

/// <summary>The outcome of reading one record: the record when valid, else every problem found.</summary>
public sealed record RecordReadResult(LeaseRecord? Record, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>Whether the record is valid.</summary>
    public bool IsValid => Record is not null && Errors.Count == 0;
}

/// <summary>The outcome of reading one record or an array of them; <see cref="Records"/> is empty when any is invalid.</summary>
public sealed record BatchReadResult(IReadOnlyList<LeaseRecord> Records, IReadOnlyList<ValidationError> Errors, bool WasArray)
{
    /// <summary>Whether every record is valid.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Reads lease records from the wire JSON (records.md), validating every field and listing every problem.</summary>
/// <remarks>
/// Reading never stops at the first problem: every error is reported with the record's lease id (when
/// it can be read) and the field's path, e.g. <c>landUser.creditCode</c> or <c>rentSchedule[2].amountYuan</c>.
/// In an array, a record whose lease id cannot be read has its paths prefixed with its index
/// (<c>[3].leaseEnd</c>, or <c>[3]</c> for the element itself). Malformed JSON and a top level that is
/// neither an object nor an array are reported on <c>$</c>.
/// </remarks>
public static class LeaseRecordReader
{
    private static readonly PropertyNames RecordProperties = Names(
        "leaseId", "districtCode", "parcel", "supplyMode", "landUser", "basePriceYuan", "leaseYears", "totalYears",
        "leaseStart", "leaseEnd", "majorProjectApproval", "constructionCompletedOn", "rentSchedule", "rentPayments",
        "assessment", "transfer", "renewal", "events", "exit", AgreementReader.AgreementProperty, AgreementReader.ReturnProperty);

    private static readonly PropertyNames ParcelProperties = Names("code", "name", "areaSqm", "landUse", "industryType");
    private static readonly PropertyNames LandUserProperties = Names("name", "creditCode", "contactName", "email", "mobile");
    private static readonly PropertyNames ApprovalProperties = Names("ref", "approvedOn", "maxTotalYears");
    private static readonly PropertyNames InstalmentProperties = Names("dueOn", "amountYuan", "period");
    private static readonly PropertyNames RentPaymentProperties = Names("paidOn", "amountYuan", "ref");
    private static readonly PropertyNames AssessmentProperties = Names("appliedOn", "result", "decidedOn", "noticeReceivedOn");
    private static readonly PropertyNames TransferProperties = Names("appliedOn", "contractSignedOn", "pricePayments", "registeredOn");
    private static readonly PropertyNames PricePaymentProperties = Names("paidOn", "amountYuan");
    private static readonly PropertyNames RenewalProperties = Names("appliedOn", "approvedOn", "refusedOn", "approvedYears", "newLeaseEnd");
    private static readonly PropertyNames EventProperties = Names("type", "on", "ref");
    private static readonly PropertyNames ExitProperties = Names("completedOn");

    private static readonly WireEnum<SupplyMode> SupplyModes = new(WireNames.Of);
    private static readonly WireEnum<AssessmentResult> AssessmentResults = new(WireNames.Of);
    private static readonly WireEnum<RentPeriod> RentPeriods = new(WireNames.Of);
    private static readonly WireEnum<LeaseEventType> EventTypes = new(WireNames.Of);

    /// <summary>Reads and validates one record.</summary>
    public static RecordReadResult Read(JsonElement element) => ReadOne(element, index: null).Result;

    /// <summary>Reads one record or an array of records; leaseIds must be unique within the batch.</summary>
    public static BatchReadResult ReadMany(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var single = Read(element);
                return new BatchReadResult(single.IsValid ? [single.Record!] : [], single.Errors, WasArray: false);

            case JsonValueKind.Array:
                var records = new List<LeaseRecord>(element.GetArrayLength());
                var errors = new List<ValidationError>();
                var firstIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var (result, leaseId) = ReadOne(item, index);
                    errors.AddRange(result.Errors);
                    if (result.Record is not null)
                    {
                        records.Add(result.Record);
                    }

                    if (leaseId is not null && !firstIndexById.TryAdd(leaseId, index))
                    {
                        errors.Add(new ValidationError(leaseId, "leaseId", Messages.DuplicateLeaseId(leaseId, index, firstIndexById[leaseId])));
                    }

                    index++;
                }

                return new BatchReadResult(errors.Count == 0 ? records : [], errors, WasArray: true);

            default:
                return new BatchReadResult([], [new ValidationError(null, "$", Messages.RecordOrArray)], WasArray: false);
        }
    }

    /// <summary>Parses JSON text (one record or an array); malformed JSON is reported as an error on field <c>$</c>.</summary>
    public static BatchReadResult ReadMany(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            return new BatchReadResult([], [new ValidationError(null, "$", Messages.Malformed(exception))], WasArray: false);
        }

        using (document)
        {
            return ReadMany(document.RootElement);
        }
    }

    private static (RecordReadResult Result, string? LeaseId) ReadOne(JsonElement element, int? index)
    {
        var sink = new ErrorSink(ReadableLeaseId(element), index);
        var record = JsonObjectView.Open(sink, element, string.Empty, RecordProperties) is { } view ? ReadRecord(view) : null;
        return (new RecordReadResult(sink.Errors.Count == 0 ? record : null, sink.Errors), sink.LeaseId);
    }

    /// <summary>The record's lease id when it is a string in the lease-id format (the first, if repeated), else null.</summary>
    private static string? ReadableLeaseId(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("leaseId"))
            {
                return property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { } id && FieldFormats.IsLeaseId(id)
                    ? id
                    : null;
            }
        }

        return null;
    }

    private static LeaseRecord? ReadRecord(JsonObjectView r)
    {
        // Every field is read before anything is decided, so that every problem is reported.
        var leaseId = r.LeaseId("leaseId");
        var districtCode = r.District("districtCode");
        var parcel = r.Object("parcel", ParcelProperties, required: true) is { } p ? ReadParcel(p) : null;
        var supplyMode = r.Choice("supplyMode", SupplyModes, required: true);
        var landUser = r.Object("landUser", LandUserProperties, required: true) is { } u ? ReadLandUser(u) : null;
        var basePrice = r.Money("basePriceYuan", required: true);
        var leaseYears = r.Count("leaseYears", required: true);
        var totalYears = r.Count("totalYears", required: true);
        var leaseStart = r.Date("leaseStart", required: true);
        var leaseEnd = r.Date("leaseEnd", required: true);
        var approval = r.Object("majorProjectApproval", ApprovalProperties) is { } a ? ReadApproval(a) : null;
        var completedOn = r.Date("constructionCompletedOn");
        var rentSchedule = r.Items("rentSchedule", InstalmentProperties, ReadInstalment);
        var rentScheduleRecorded = r.IsRecorded("rentSchedule");
        var rentPayments = r.Items("rentPayments", RentPaymentProperties, ReadRentPayment);
        var assessment = r.Object("assessment", AssessmentProperties) is { } s ? ReadAssessment(s) : Assessment.Empty;
        var transfer = r.Object("transfer", TransferProperties) is { } t ? ReadTransfer(t) : Transfer.Empty;
        var renewal = r.Object("renewal", RenewalProperties) is { } n ? ReadRenewal(n, leaseEnd) : Renewal.Empty;
        var events = r.Items("events", EventProperties, ReadEvent);
        var exit = r.Object("exit", ExitProperties) is { } x ? new Exit { CompletedOn = x.Date("completedOn") } : Exit.Empty;
        var agreement = AgreementReader.ReadAgreement(r, completedOn);
        var voluntaryReturn = AgreementReader.ReadReturn(r);

        if (leaseYears is { } ly && totalYears is { } ty && ty < ly)
        {
            r.Error("totalYears", Messages.TotalBelowLease(ly));
        }

        if (leaseStart is { } start && leaseEnd is { } end && end < start)
        {
            r.Error("leaseEnd", Messages.LeaseEndBeforeStart(start));
        }

        if (leaseId is null || districtCode is null || parcel is null || supplyMode is null || landUser is null
            || basePrice is null || leaseYears is null || totalYears is null || leaseStart is null || leaseEnd is null)
        {
            return null;
        }

        return new LeaseRecord
        {
            LeaseId = leaseId,
            DistrictCode = districtCode,
            Parcel = parcel,
            SupplyMode = supplyMode.Value,
            LandUser = landUser,
            BasePriceYuan = basePrice.Value,
            LeaseYears = leaseYears.Value,
            TotalYears = totalYears.Value,
            LeaseStart = leaseStart.Value,
            LeaseEnd = leaseEnd.Value,
            MajorProjectApproval = approval,
            ConstructionCompletedOn = completedOn,
            RentSchedule = rentSchedule,
            RentScheduleRecorded = rentScheduleRecorded,
            RentPayments = rentPayments,
            Assessment = assessment,
            Transfer = transfer,
            Renewal = renewal,
            Events = events,
            Exit = exit,
            Agreement = agreement,
            VoluntaryReturn = voluntaryReturn,
        };
    }

    private static Parcel? ReadParcel(JsonObjectView p)
    {
        var code = p.Text("code", required: true);
        var name = p.Text("name", required: true);
        var area = p.Positive("areaSqm");
        var landUse = p.Text("landUse");
        var industryType = p.Text("industryType");
        return code is null || name is null
            ? null
            : new Parcel { Code = code, Name = name, AreaSqm = area, LandUse = landUse, IndustryType = industryType };
    }

    private static LandUser? ReadLandUser(JsonObjectView u)
    {
        var name = u.Text("name", required: true);
        var creditCode = u.CreditCode("creditCode");
        var contactName = u.Text("contactName");
        var email = u.Email("email");
        var mobile = u.Mobile("mobile");
        if (!u.IsRecorded("email") && !u.IsRecorded("mobile"))
        {
            u.Error(Messages.Contact);
        }

        return name is null || creditCode is null
            ? null
            : new LandUser { Name = name, CreditCode = creditCode, ContactName = contactName, Email = email, Mobile = mobile };
    }

    private static MajorProjectApproval? ReadApproval(JsonObjectView a)
    {
        var reference = a.Text("ref", required: true);
        var approvedOn = a.Date("approvedOn");
        var maxTotalYears = a.Count("maxTotalYears");
        return reference is null
            ? null
            : new MajorProjectApproval { Ref = reference, ApprovedOn = approvedOn, MaxTotalYears = maxTotalYears };
    }

    private static RentInstalment? ReadInstalment(JsonObjectView i)
    {
        var dueOn = i.Date("dueOn", required: true);
        var amount = i.Money("amountYuan", required: true);
        var period = i.Choice("period", RentPeriods, required: true);
        return dueOn is { } d && amount is { } m && period is { } p ? new RentInstalment(d, m, p) : null;
    }

    private static Payment? ReadRentPayment(JsonObjectView i)
    {
        var paidOn = i.Date("paidOn", required: true);
        var amount = i.Money("amountYuan", required: true);
        var reference = i.Text("ref");
        return paidOn is { } d && amount is { } m ? new Payment(d, m, reference) : null;
    }

    private static Payment? ReadPricePayment(JsonObjectView i)
    {
        var paidOn = i.Date("paidOn", required: true);
        var amount = i.Money("amountYuan", required: true);
        return paidOn is { } d && amount is { } m ? new Payment(d, m, Ref: null) : null;
    }

    private static LeaseEvent? ReadEvent(JsonObjectView i)
    {
        var type = i.Choice("type", EventTypes, required: true);
        var on = i.Date("on", required: true);
        var reference = i.Text("ref");
        return type is { } t && on is { } d ? new LeaseEvent(t, d, reference) : null;
    }

    private static Assessment ReadAssessment(JsonObjectView s)
    {
        var appliedOn = s.Date("appliedOn");
        var result = s.Choice("result", AssessmentResults);
        var decidedOn = s.Date("decidedOn");
        var noticeReceivedOn = s.Date("noticeReceivedOn");

        // Cross-field rules look at what is recorded, so a badly written date is reported once, not twice.
        if (s.IsRecorded("result") && !s.IsRecorded("decidedOn"))
        {
            s.Error("decidedOn", Messages.DecidedOnRequired);
        }

        if (s.IsRecorded("decidedOn") && !s.IsRecorded("result"))
        {
            s.Error("result", Messages.ResultRequired);
        }

        if (s.IsRecorded("noticeReceivedOn") && !s.IsRecorded("result"))
        {
            s.Error("noticeReceivedOn", Messages.NoticeWithoutResult);
        }
        else if (noticeReceivedOn is { } notice && decidedOn is { } decided && notice < decided)
        {
            s.Error("noticeReceivedOn", Messages.NoticeBeforeDecision(decided));
        }

        return new Assessment { AppliedOn = appliedOn, Result = result, DecidedOn = decidedOn, NoticeReceivedOn = noticeReceivedOn };
    }

    private static Transfer ReadTransfer(JsonObjectView t) => new()
    {
        AppliedOn = t.Date("appliedOn"),
        ContractSignedOn = t.Date("contractSignedOn"),
        PricePayments = t.Items("pricePayments", PricePaymentProperties, ReadPricePayment),
        RegisteredOn = t.Date("registeredOn"),
    };

    private static Renewal ReadRenewal(JsonObjectView n, DateOnly? leaseEnd)
    {
        var renewal = new Renewal
        {
            AppliedOn = n.Date("appliedOn"),
            ApprovedOn = n.Date("approvedOn"),
            RefusedOn = n.Date("refusedOn"),
            ApprovedYears = n.Count("approvedYears"),
            NewLeaseEnd = n.Date("newLeaseEnd"),
        };

        // Revision 2 consistency (records.md): a decision is one or the other, never before the application, and the
        // renewal's end given twice must be the same day.
        if (n.IsRecorded("approvedOn") && n.IsRecorded("refusedOn"))
        {
            n.Error("refusedOn", Messages.ApprovedAndRefused);
        }

        if (renewal.AppliedOn is { } applied)
        {
            if (renewal.ApprovedOn is { } approved && approved < applied)
            {
                n.Error("approvedOn", Messages.DecisionBeforeApplication(applied));
            }

            if (renewal.RefusedOn is { } refused && refused < applied)
            {
                n.Error("refusedOn", Messages.DecisionBeforeApplication(applied));
            }
        }

        if (renewal.NewLeaseEnd is { } newEnd && leaseEnd is { } end)
        {
            if (newEnd <= end)
            {
                n.Error("newLeaseEnd", Messages.RenewalEndNotAfterLeaseEnd(end));
            }
            else if (renewal.ApprovedYears is { } years && newEnd != DeadlineCalculator.YearsAfterEnd(end, years))
            {
                n.Error("newLeaseEnd", Messages.RenewalEndDisagreesWithYears(DeadlineCalculator.YearsAfterEnd(end, years), years));
            }
        }

        return renewal;
    }

    private static PropertyNames Names(params string[] names) => new(names);
}
