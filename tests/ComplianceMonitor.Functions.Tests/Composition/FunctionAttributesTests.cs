using System.Reflection;
using ComplianceMonitor.Functions.Scanning;
using Microsoft.Azure.Functions.Worker;

namespace ComplianceMonitor.Functions.Tests.Composition;

/// <summary>
/// What the code controls of the triggers, checked by reflection: every HTTP trigger anonymous at the Functions level
/// (App Service authentication and the API's own 401 are the gate, not function keys), the routes and the schedules.
/// </summary>
[Trait("Category", "unit")]
public sealed class FunctionAttributesTests
{
    private static IEnumerable<(string Name, MethodInfo Method)> Functions() =>
        FunctionsHostTests.FunctionClasses
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()?.Name, m))
            .Where(p => p.Name is not null)
            .Select(p => (p.Name!, p.m));

    private static T? Trigger<T>(MethodInfo method)
        where T : Attribute =>
        method.GetParameters().Select(p => p.GetCustomAttribute<T>()).SingleOrDefault(a => a is not null);

    [Fact]
    public void HttpFunctions_Every_IsAnonymousAtTheFunctionsLevel_NoFunctionKeys()
    {
        // App Service authentication (required, 401) and ApiAuthenticator are the gate; a signed-in browser cannot send a
        // function key, so a key would only lock the console out. No HTTP function is caller-less and admin-only.
        var http = Functions().Select(f => (f.Name, Trigger: Trigger<HttpTriggerAttribute>(f.Method))).Where(f => f.Trigger is not null).ToList();

        Assert.Equal(ComplianceMonitor.Api.ApiRoutes.All.Count, http.Count);
        Assert.All(http, f => Assert.True(f.Trigger!.AuthLevel == AuthorizationLevel.Anonymous, $"{f.Name} is {f.Trigger.AuthLevel}"));
    }

    [Fact]
    public void HttpFunctions_EveryDataRoute_NeedsACallerInTheRouteTable_OnlyTheDescriptionAndConsoleFilesDoNot()
    {
        // With no function key, the route table's "needs a caller" is what refuses an unauthenticated request (401).
        var anonymous = ComplianceMonitor.Api.ApiRoutes.All.Where(r => r.Anonymous).Select(r => r.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["Console", "OpenApi"], anonymous);
    }

    [Fact]
    public void HttpFunctions_RoutesAndMethods_AreTheDocumentedOnes()
    {
        var routes = Functions()
            .Select(f => (f.Name, Trigger: Trigger<HttpTriggerAttribute>(f.Method)))
            .Where(f => f.Trigger is not null)
            .Select(f => $"{string.Join(",", f.Trigger!.Methods!).ToUpperInvariant()} /api/{f.Trigger.Route} {f.Name}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "GET /api/alerts ListAlerts",
                "GET /api/console/{*path} Console",
                "GET /api/districts/{code}/digest DigestPreview",
                "GET /api/holds ListHolds",
                "GET /api/leases/{id} GetLease",
                "GET /api/leases/{id}/check CheckLease",
                "GET /api/leases/{id}/history LeaseHistory",
                "GET /api/leases/{id}/return-quote ReturnQuote",
                "GET /api/me Me",
                "GET /api/openapi.json OpenApi",
                "GET /api/outbox/dead ListDeadReminders",
                "GET /api/tasks ListTasks",
                "GET /api/tasks/{id} GetTask",
                "PATCH /api/tasks/{id?} PatchTask",
                "POST /api/check CheckRecords",
                "POST /api/holds SetHold",
                "POST /api/holds/{id}/lift LiftHold",
                "POST /api/imports ConfirmImport",
                "POST /api/imports/preview PreviewImport",
                "POST /api/leases/{id}/events PostLeaseEvent",
                "POST /api/leases/{id}/indicators ReportIndicatorActuals",
                "POST /api/leases/{id}/return RecordReturn",
                "POST /api/outbox/requeue RequeueReminders",
                "POST /api/scan ScanOnDemand",
                "PUT /api/leases/{id} PutLease",
            ],
            routes);
    }

    [Fact]
    public void HttpFunctions_AreExactlyTheApiRouteTable()
    {
        var triggers = Functions()
            .Select(f => (f.Name, Trigger: Trigger<HttpTriggerAttribute>(f.Method)))
            .Where(f => f.Trigger is not null)
            .Select(f => $"{string.Join(",", f.Trigger!.Methods!).ToUpperInvariant()} {f.Trigger.Route} {f.Name}")
            .Order(StringComparer.Ordinal);
        var table = ComplianceMonitor.Api.ApiRoutes.All.Select(r => $"{r.Method} {r.Template} {r.Name}").Order(StringComparer.Ordinal);

        Assert.Equal(table, triggers);
    }

    [Fact]
    public void Timers_SchedulesComeFromAppSettings()
    {
        var timers = Functions()
            .Select(f => (f.Name, Trigger: Trigger<TimerTriggerAttribute>(f.Method)))
            .Where(f => f.Trigger is not null)
            .ToDictionary(f => f.Name, f => f.Trigger!);

        Assert.Equal("%SCAN_SCHEDULE%", timers["DailyScan"].Schedule);
        Assert.Equal("%DISPATCH_SCHEDULE%", timers["Dispatch"].Schedule);
        Assert.Equal("%DIGEST_SCHEDULE%", timers["DigestScheduler"].Schedule);
        Assert.Equal(3, timers.Count);
        Assert.All(timers.Values, t => Assert.False(t.RunOnStartup));
    }

    [Fact]
    public void QueueScan_ListensOnScanDistrictThroughComplianceStorage()
    {
        var trigger = Functions().Select(f => Trigger<QueueTriggerAttribute>(f.Method)).Single(t => t is not null)!;

        Assert.Equal((ScanQueue.Name, "ComplianceStorage"), (trigger.QueueName, trigger.Connection));
        Assert.Equal("scan-district-poison", ScanQueue.PoisonName);
    }
}
