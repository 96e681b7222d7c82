using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Tests.Monitoring;
using ComplianceMonitor.Domain.Findings;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Tests.Scanning;

/// <summary>
/// The scan reads the tasks awaiting it alongside the lease stream; the alert keys of the watched leases must be the same
/// whether that read completes before the first lease, in the middle, after the last, or fails.
/// </summary>
[Trait("Category", "unit")]
public class WatchListTests
{
    private static readonly string[] Leases = ["FS-1", "FS-2", "FS-3", "FS-4"];

    public static TheoryData<int> CompletionPoints => [0, 1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(CompletionPoints))]
    public async Task Note_ReadCompletesAfterNLeases_KeysOfWatchedLeasesOnly(int completeAfter)
    {
        var read = new TaskCompletionSource<ScanTasks>(TaskCreationOptions.RunContinuationsAsynchronously);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var watch = new WatchList(read.Task, keys);

        for (var i = 0; i < Leases.Length; i++)
        {
            if (i == completeAfter)
            {
                read.SetResult(Awaiting("FS-2", "FS-4"));
            }

            watch.Note(Leases[i], Findings());
        }

        if (completeAfter == Leases.Length)
        {
            var completing = watch.CompleteAsync();
            Assert.False(completing.IsCompleted); // the stream ended first: it waits for the read
            read.SetResult(Awaiting("FS-2", "FS-4"));
            await completing;
        }
        else
        {
            await watch.CompleteAsync();
        }

        Assert.Equal(
            ["FS-2|ASSESSMENT_APPLICATION|2026-06-30", "FS-2|RENT_ARREARS|instalment:2026-03-01", "FS-4|ASSESSMENT_APPLICATION|2026-06-30", "FS-4|RENT_ARREARS|instalment:2026-03-01"],
            keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Note_NothingAwaiting_NoKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var watch = new WatchList(Task.FromResult(new ScanTasks()), keys);

        foreach (var lease in Leases)
        {
            watch.Note(lease, Findings());
        }

        await watch.CompleteAsync();
        Assert.Empty(keys);
    }

    [Fact]
    public async Task Note_ReadFailsMidStream_NoKeysAndTheFailureLeftToTheScan()
    {
        var read = new TaskCompletionSource<ScanTasks>(TaskCreationOptions.RunContinuationsAsynchronously);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var watch = new WatchList(read.Task, keys);

        watch.Note("FS-1", Findings());
        read.SetException(new InvalidOperationException("storage down"));
        watch.Note("FS-2", Findings());
        await watch.CompleteAsync();

        Assert.Empty(keys);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => read.Task);
        Assert.Equal("storage down", error.Message);
    }

    private static ScanTasks Awaiting(params string[] leaseIds)
    {
        var tasks = new ScanTasks();
        foreach (var id in leaseIds)
        {
            tasks.AwaitingLeaseIds.Add(id);
        }

        return tasks;
    }

    private static List<Finding> Findings() =>
    [
        MonitoringTestData.Violation(RuleCode.ASSESSMENT_APPLICATION, subject: "2026-06-30"),
        MonitoringTestData.Violation(RuleCode.RENT_ARREARS, subject: "instalment:2026-03-01"),
    ];
}
