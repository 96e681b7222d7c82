using ComplianceMonitor.Application.Contacts;
using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using ComplianceMonitor.Application.Tasks;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Testing.Storage;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;
using Xunit.Abstractions;

namespace ComplianceMonitor.CrashDrill;

/// <summary>
/// The crash drill: the real <c>cm dispatch</c> as a child process over Azurite and a local SendGrid server, killed at
/// random moments while it sends, restarted, and finally left to finish.
/// </summary>
/// <remarks>
/// The server answers each request after a random delay (so kills land mid-send) and fails 10 % with 503 (so retries
/// are in play). It counts, per outbox id, the requests it <i>accepted</i> (decided 202), whether or not the child lived
/// to read the answer: that is what the recipient would get. The invariants: every entry ends sent (nothing lost); every
/// entry was accepted at least once and has exactly one accepted attempt row; an entry accepted twice or more had a
/// dispatcher die mid-send (an attempt row with an unknown outcome; or a timed-out call) and each extra acceptance is
/// matched by an attempt flagged as a possible duplicate.
/// </remarks>
[Trait("Category", "drill")]
[Collection("azurite")]
public sealed class CrashDrillTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Kills = 24;
    private const int Seed = 20260623;

    [Fact]
    public async Task Dispatch_ChildKilledAtRandomMomentsThenFinished_NothingLostAndEveryDuplicateFlagged()
    {
        var clock = Stopwatch.StartNew();
        var prefix = AzuriteFixture.NewPrefix();
        var factory = azurite.CreateFactory(prefix);
        var ids = await DrillData.SeedAsync(factory, leases: 16, perLease: 25);

        var random = new Random(Seed);
        var gate = new Lock();
        var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var started = 0;
        var inFlight = 0;
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath(DrillData.SendGridPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(async request =>
            {
                Interlocked.Increment(ref started);
                Interlocked.Increment(ref inFlight);
                try
                {
                    int delay, roll;
                    lock (gate)
                    {
                        delay = random.Next(5, 150);
                        roll = random.Next(100);
                    }

                    await Task.Delay(delay);
                    if (roll < 10)
                    {
                        return Answer(503, "Service Unavailable");
                    }

                    var id = DrillData.OutboxIdOf(request) ?? "(none)";
                    accepted.AddOrUpdate(id, 1, (_, n) => n + 1);
                    var answer = Answer(202, string.Empty);
                    answer.AddHeader("X-Message-Id", "sg-" + Guid.NewGuid().ToString("N")[..12]);
                    return answer;
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));

        var workDir = Directory.CreateTempSubdirectory("cm-drill-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["ComplianceStorage__ConnectionString"] = azurite.ConnectionString,
            ["ComplianceStorage__TablePrefix"] = prefix,
            ["Email__SendGridApiKey"] = "SG.drill-key.not-a-secret",
            ["Email__SendGridHost"] = server.Url!,
            ["Email__FromAddress"] = "reminders@cm.example.cn",
            ["Email__TimeoutSeconds"] = "3",
            ["Sms__TimeoutSeconds"] = "3",
            ["Dispatch__ClaimSeconds"] = "4",
            ["Dispatch__MinClaimRemainingSeconds"] = "3",
            ["Dispatch__BaseDelaySeconds"] = "0.2",
            ["Dispatch__MaxDelaySeconds"] = "1",
            ["Dispatch__MaxAttempts"] = "50",
            ["Dispatch__Parallelism"] = "4",
            ["Dispatch__Districts"] = DrillData.District,
            ["Logging__LogLevel__Default"] = "Warning",
        };

        // Kill the dispatcher at random moments while it sends.
        var kills = 0;
        var killedWithRequestsInFlight = 0;
        var childErrors = new ConcurrentQueue<string>();
        while (kills < Kills && clock.Elapsed < TimeSpan.FromSeconds(75))
        {
            var before = Volatile.Read(ref started);
            using var child = ChildCli.Start(environment, workDir, "dispatch");
            Drain(child, childErrors);
            var wait = Stopwatch.StartNew();
            while (Volatile.Read(ref started) == before && !child.HasExited && wait.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(5);
            }

            Assert.False(child.HasExited, $"the dispatcher finished before kill {kills + 1}: seed more entries. {string.Join(" | ", childErrors)}");
            int pause;
            lock (gate)
            {
                pause = random.Next(0, 300);
            }

            await Task.Delay(pause);
            var midSend = Volatile.Read(ref inFlight) > 0;
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            kills++;
            killedWithRequestsInFlight += midSend ? 1 : 0;
        }

        // Then let it finish.
        using (var last = ChildCli.Start(environment, workDir, "dispatch"))
        {
            var stdout = new ConcurrentQueue<string>();
            Drain(last, childErrors, stdout);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await last.WaitForExitAsync(timeout.Token);
            last.WaitForExit();
            Assert.True(last.ExitCode == 0, $"exit {last.ExitCode}: {string.Join(" | ", childErrors)}");
            Assert.Contains(stdout, line => line.StartsWith("dispatch: ", StringComparison.Ordinal) && line.EndsWith(", 0 waiting", StringComparison.Ordinal));
        }

        var outbox = await DrillData.OutboxAsync(factory);
        var attempts = (await DrillData.AttemptsAsync(factory)).ToLookup(a => a.OutboxId, StringComparer.Ordinal);

        // Nothing lost: every entry sent, and the provider accepted each at least once.
        Assert.Equal(ids.Count, outbox.Count);
        Assert.All(outbox, e => Assert.True(e.Status == OutboxStatus.Sent, $"{e.Id} is {e.Status}"));
        Assert.All(ids, id => Assert.True(accepted.GetValueOrDefault(id) >= 1, $"{id} never reached the provider"));
        Assert.Equal(ids.Count, accepted.Count);

        // Duplicates only where a dispatcher died mid-send, and each one flagged.
        var duplicated = 0;
        var extraSends = 0;
        foreach (var id in ids)
        {
            var rows = attempts[id].ToList();
            var times = accepted[id];
            var flagged = rows.Count(r => r.Flags.HasFlag(DeliveryFlags.PossibleDuplicate));
            Assert.True(times - 1 <= flagged, $"{id}: accepted {times} times but only {flagged} attempt(s) flagged as possible duplicates");
            if (times > 1)
            {
                duplicated++;
                extraSends += times - 1;
                // The dispatcher died mid-send (unknown outcome), or, on a loaded machine, a call timed out after the
                // server had taken it: both are attempts whose outcome nobody knows.
                Assert.Contains(rows, r => r.Outcome == DeliveryOutcome.Unknown || (r.Outcome == DeliveryOutcome.Transient && r.Reason == "SendGrid: request timed out"));
            }

            Assert.Single(rows, r => r.Outcome == DeliveryOutcome.Accepted);
            Assert.DoesNotContain(rows, r => r.Outcome is null);
        }

        var all = attempts.SelectMany(g => g).ToList();
        var figures = string.Create(CultureInfo.InvariantCulture, $"drill: {ids.Count} entries, {kills} kills ({killedWithRequestsInFlight} with requests in flight), {all.Count(a => a.Flags.HasFlag(DeliveryFlags.Recovered))} recovered attempts, {all.Count(a => a.Outcome == DeliveryOutcome.Unknown)} unknown outcomes, {all.Count(a => a.Flags.HasFlag(DeliveryFlags.PossibleDuplicate))} attempts flagged possible duplicate, {duplicated} entries delivered twice ({extraSends} extra sends), all flagged; {all.Count(a => a.Outcome == DeliveryOutcome.Transient)} transient failures retried; {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(figures);
        Console.WriteLine(figures);
        Assert.True(kills >= 20, $"only {kills} kills in the time budget");
        Directory.Delete(workDir, recursive: true);
    }

    private static ResponseMessage Answer(int status, string body) => new()
    {
        StatusCode = status,
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = System.Text.Encoding.UTF8 },
    };

    private static void Drain(Process child, ConcurrentQueue<string> errors, ConcurrentQueue<string>? stdout = null)
    {
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stdout?.Enqueue(e.Data);
            }
        };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && (e.Data.Contains("fail:", StringComparison.Ordinal) || e.Data.Contains("error", StringComparison.OrdinalIgnoreCase)))
            {
                errors.Enqueue(e.Data);
            }
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
    }
}
