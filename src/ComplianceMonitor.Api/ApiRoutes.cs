using ComplianceMonitor.Api.Endpoints;
using ComplianceMonitor.Api.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceMonitor.Api;

/// <summary>
/// The route table: every route of the HTTP API, with the same name, method and template in the Functions app (one HTTP
/// trigger per route) and in <c>cm serve</c> (one minimal-API endpoint per route). The OpenAPI description is generated
/// from it (<see cref="OpenApiDocument"/>).
/// </summary>
public static class ApiRoutes
{
    private static readonly string[] TaskStates = ["open", "acknowledged", "resolved", "dismissed", "active"];
    private static readonly string[] DepartmentsWire = ["industry", "planning"];

    /// <summary>Every route, in the order of the OpenAPI description.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("CheckRecords", "POST", "check", "checks", "Checks posted lease record(s) without storing them (records.md contract).", c => Get<CheckEndpoints>(c).CheckRecordsAsync(c))
        {
            Query = [new("asOf", "The Beijing date to check as of (yyyy-MM-dd); default today.")],
            BodyDescription = "One lease record (records.md) or an array of them.",
        },
        new("CheckLease", "GET", "leases/{id}/check", "leases", "Checks a stored lease as of a Beijing date.", c => Get<CheckEndpoints>(c).CheckLeaseAsync(c))
        {
            Query = [new("asOf", "The Beijing date to check as of (yyyy-MM-dd); default today.")],
        },
        new("PutLease", "PUT", "leases/{id}", "leases", "Creates or replaces one lease record, validated whole.", c => Get<LeaseEndpoints>(c).PutLeaseAsync(c))
        {
            BodyDescription = "One lease record (records.md); its leaseId equals the id in the path.",
            Responses = new Dictionary<int, string> { [200] = "Updated or unchanged", [201] = "Created" },
        },
        new("PostLeaseEvent", "POST", "leases/{id}/events", "leases", "Records an event (payment, handover, …) on a stored lease.", c => Get<LeaseEndpoints>(c).PostEventAsync(c))
        {
            BodyDescription = "{ \"type\", \"on\", \"ref\" }; send If-Match to pin the version you read.",
            Responses = new Dictionary<int, string> { [200] = "Already recorded", [201] = "Appended" },
        },
        new("LeaseHistory", "GET", "leases/{id}/history", "leases", "Who changed a lease and when (created, updated, events), oldest first.", c => Get<LeaseEndpoints>(c).HistoryAsync(c)),
        new("ListTasks", "GET", "tasks", "tasks", "Lists the enforcement tasks of the caller's districts, filtered.", c => Get<TaskEndpoints>(c).ListAsync(c))
        {
            Query =
            [
                new("district", "A jurisdiction code the caller may read."),
                new("state", "The task state (active = open + acknowledged).", TaskStates),
                new("department", "The department the task belongs to.", DepartmentsWire),
                new("rule", "A rule code, e.g. RENT_ARREARS."),
                new("escalated", "Only escalated (true) or not escalated (false) tasks.", ["true", "false"]),
                new("leaseId", "One lease's tasks."),
                new("from", "Tasks due on or after this date (yyyy-MM-dd)."),
                new("to", "Tasks due on or before this date (yyyy-MM-dd)."),
            ],
        },
        new("GetTask", "GET", "tasks/{id}", "tasks", "One enforcement task by its short id (T-XXXXXXXX) or key (404 outside the caller's districts).", c => Get<TaskEndpoints>(c).GetAsync(c)),
        new("PatchTask", "PATCH", "tasks/{id?}", "tasks", "Acknowledges, resolves or dismisses a task with a required note; the caller is recorded in its history. Resolving records the fact that closes the obligation on the lease, or marks the task resolved with the record unchanged.", c => Get<TaskEndpoints>(c).PatchAsync(c))
        {
            BodyDescription = "{ \"action\": \"acknowledge\" | \"resolve\" | \"dismiss\", \"note\": \"…\" (required), \"resolution\": \"recorded\" | \"unchanged\" | \"handled\", \"fact\": { … } (with recorded: e.g. RENT_ARREARS { \"paidOn\", \"amountYuan\", \"ref\" }) }",
        },
        new("ScanOnDemand", "POST", "scan", "scans", "Requests the scan of one district as of a date.", c => Get<ScanEndpoints>(c).ScanOnDemandAsync(c))
        {
            BodyDescription = "{ \"districtCode\", \"asOf\" }",
            Responses = new Dictionary<int, string> { [202] = "Accepted: the run id" },
        },
        new("DigestPreview", "GET", "districts/{code}/digest", "digest", "The supervisors' digest of a district for a date, as HTML or JSON.", c => Get<DigestEndpoints>(c).PreviewAsync(c))
        {
            Query = [new("date", "The Beijing date (yyyy-MM-dd); default today."), new("format", "html or json (default: by Accept).", ["html", "json"])],
        },
        new("Me", "GET", "me", "console", "Who the caller is: name, roles, the districts they reach, today's Beijing date.", c => Get<ConsoleEndpoints>(c).MeAsync(c)),
        new("GetLease", "GET", "leases/{id}", "leases", "One lease: the record, today's check, alerts, reminders sent with delivery status, tasks and history (404 outside the caller's districts).", c => Get<ConsoleEndpoints>(c).GetLeaseAsync(c)),
        new("ListAlerts", "GET", "alerts", "alerts", "Lists the alerts of the caller's districts, filtered.", c => Get<ConsoleEndpoints>(c).ListAlertsAsync(c))
        {
            Query =
            [
                new("district", "A jurisdiction code the caller may read."),
                new("state", "open (default), resolved or all.", ["open", "resolved", "all"]),
                new("rule", "A rule code, e.g. RENT_ARREARS."),
                new("severity", "The finding's severity.", ["info", "warning", "critical"]),
                new("status", "The finding's status, e.g. overdue."),
                new("from", "Deadlines on or after this date (yyyy-MM-dd)."),
                new("to", "Deadlines on or before this date (yyyy-MM-dd)."),
                new("q", "Text in the lease id, enterprise or parcel name."),
            ],
        },
        new("PreviewImport", "POST", "imports/preview", "imports", "What importing the posted ledger would change (new, updated, unchanged, every error with row and column); writes nothing.", c => Get<ConsoleEndpoints>(c).PreviewImportAsync(c))
        {
            Query = [new("format", "The ledger's format.", ["json", "csv", "xlsx"]), new("name", "The file name errors give.")],
            BodyDescription = "The ledger file's bytes.",
            BodyContentType = "application/octet-stream",
        },
        new("ConfirmImport", "POST", "imports", "imports", "Imports the posted ledger, all or nothing: any error and nothing is written.", c => Get<ConsoleEndpoints>(c).ConfirmImportAsync(c))
        {
            Query = [new("format", "The ledger's format.", ["json", "csv", "xlsx"]), new("name", "The file name errors give.")],
            BodyDescription = "The ledger file's bytes.",
            BodyContentType = "application/octet-stream",
        },
        new("ReportIndicatorActuals", "POST", "leases/{id}/indicators", "agreement", "Reports indicator actuals of a lease's performance agreement (validated, audited, idempotent on indicator and period).", c => Get<AgreementEndpoints>(c).ReportIndicatorsAsync(c))
        {
            BodyDescription = "{ \"indicator\", \"period\": \"yyyy\", \"value\", \"reportedOn\"? } or an array of them (at most 200); all valid or nothing written.",
            Responses = new Dictionary<int, string> { [200] = "Every actual already recorded with the same value", [201] = "Added or replaced" },
        },
        new("RecordReturn", "POST", "leases/{id}/return", "agreement", "Records a step of the voluntary return (三（七）): application, acceptance or refund paid; audited.", c => Get<AgreementEndpoints>(c).RecordReturnAsync(c))
        {
            BodyDescription = "{ \"action\": \"apply\" | \"accept\" | \"refundPaid\", \"on\": \"yyyy-MM-dd\" }",
            Responses = new Dictionary<int, string> { [200] = "Already recorded on that day", [201] = "Recorded" },
        },
        new("ReturnQuote", "GET", "leases/{id}/return-quote", "agreement", "The refund quote of a voluntary return for a day, line by line, to the fen (as cm return-quote).", c => Get<AgreementEndpoints>(c).ReturnQuoteAsync(c))
        {
            Query =
            [
                new("returnDay", "The return day (yyyy-MM-dd); default the recorded acceptance, else today."),
                new("liquidatedDamagesYuan", "The agreed liquidated damages, deducted."),
                new("appraisedBuildingValueYuan", "The appraised value of usable buildings, compensated."),
                new("demolitionCostYuan", "The demolition cost the land user pays instead of demolishing, deducted."),
            ],
        },
        new("ListHolds", "GET", "holds", "holds", "The active contact holds (snoozes and SMS stops) of the caller's districts: who set each, why, since and until.", c => Get<ContactEndpoints>(c).ListAsync(c))
        {
            Query =
            [
                new("district", "A jurisdiction code the caller may read."),
                new("kind", "Only snoozes or only SMS stops.", [ContactEndpoints.SnoozeKind, ContactEndpoints.SmsStopKind]),
            ],
        },
        new("SetHold", "POST", "holds", "holds", "Snoozes a lease's reminders or stops SMS to its enterprise through a day, with a reason; audited with the caller.", c => Get<ContactEndpoints>(c).SetAsync(c))
        {
            BodyDescription = "{ \"kind\": \"snooze\" | \"smsStop\", \"leaseId\", \"until\": \"yyyy-MM-dd\", \"reason\", \"rule\"? (snooze only) }",
            Responses = new Dictionary<int, string> { [200] = "The same hold was already in force", [201] = "Set or replaced" },
        },
        new("LiftHold", "POST", "holds/{id}/lift", "holds", "Lifts an active hold early (snooze.{leaseId}[.{RULE}] or sms.{creditCode}); audited with the caller.", c => Get<ContactEndpoints>(c).LiftAsync(c))
        {
            BodyDescription = "{ \"reason\" }",
        },
        new("ListDeadReminders", "GET", "outbox/dead", "outbox", "The dead reminders of the caller's districts: lease, enterprise, stage, channel, why and when each died.", c => Get<OutboxEndpoints>(c).ListDeadAsync(c))
        {
            Query =
            [
                new("district", "A jurisdiction code the caller may read."),
                new("channel", "Only one channel.", ["email", "sms"]),
                new("rule", "A rule code, e.g. RENT_ARREARS."),
                new("reason", "Text the last error contains (ignoring case)."),
                new("from", "Died on or after this Beijing day (yyyy-MM-dd)."),
                new("to", "Died on or before this Beijing day (yyyy-MM-dd)."),
                new("q", "Text in the lease id or enterprise name."),
            ],
        },
        new("RequeueReminders", "POST", "outbox/requeue", "outbox", "Puts chosen dead reminders back in the queue, once each, audited with the caller (as cm outbox requeue); idempotent.", c => Get<OutboxEndpoints>(c).RequeueAsync(c))
        {
            BodyDescription = "{ \"ids\": [ \"…\" ] (1-200), \"note\"? }",
        },
        new("Console", "GET", "console/{*path}", "console", "The web console's files.", ConsoleEndpoints.AssetAsync)
        {
            Anonymous = true,
            Documented = false,
        },
        new("OpenApi", "GET", "openapi.json", "meta", "This description (OpenAPI 3.0), generated from the route table.", c => Task.FromResult(OpenApiDocument.Response()))
        {
            Anonymous = true,
        },
    ];

    /// <summary>The route named <paramref name="name"/>.</summary>
    public static ApiRoute Named(string name) => All.Single(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    private static T Get<T>(ApiCall call)
        where T : notnull => call.Services.GetRequiredService<T>();
}
