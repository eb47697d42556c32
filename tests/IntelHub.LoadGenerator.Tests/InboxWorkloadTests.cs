using System.Globalization;

namespace IntelHub.LoadGenerator.Tests;

/// <summary>
/// The inbox workload, one command of the load generator against an in-process hub (SQLite): every agency's inbox is
/// followed while submissions are routed, and the followers receive and acknowledge deliveries without a failure.
/// </summary>
public sealed class InboxWorkloadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_inbox_workload_receives_and_acknowledges_deliveries_on_every_followed_stream_without_failures()
    {
        var report = Path.Combine(Path.GetTempPath(), $"intelhub-inbox-latency-{Guid.NewGuid():N}.md");
        try
        {
            var exit = await Program.Main(["--workload", "inbox-latency", "--duration", "3s", "--baseline", "1s", "--warmup", "1s", "--concurrency", "4", "--out", report]);
            Assert.True(File.Exists(report), $"inbox-latency exited with {exit} and wrote no report");
            var text = await File.ReadAllTextAsync(report, Token);
            Assert.True(exit == 0, $"inbox-latency exited with {exit}:{Environment.NewLine}{text}");

            var (delivered, deliveryFailures) = Calls(text, "inbox delivery (queued → received)");
            var (acknowledged, acknowledgementFailures) = Calls(text, "inbox acknowledge");
            var (submitted, _) = Calls(text, "submit");
            Assert.True(submitted > 0, "nothing was submitted");
            Assert.True(delivered >= submitted, $"{delivered} deliveries were received for {submitted} submissions, each routed to at least one agency");
            Assert.True(acknowledged > 0, "no delivery was acknowledged");
            Assert.Equal((0L, 0L), (deliveryFailures, acknowledgementFailures));
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>An operation's successful and failed calls, from its row of the report's table.</summary>
    private static (long Ok, long Failed) Calls(string report, string operation)
    {
        var row = report.Split('\n').Single(line => line.StartsWith($"| {operation} |", StringComparison.Ordinal));
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        return (long.Parse(cells[2], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), long.Parse(cells[3], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }
}
