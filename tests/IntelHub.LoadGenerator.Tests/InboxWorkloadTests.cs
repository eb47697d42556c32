using System.Globalization;
using System.Text.RegularExpressions;

namespace IntelHub.LoadGenerator.Tests;

/// <summary>
/// The inbox workload, one command of the load generator against an in-process hub (SQLite): every agency's inbox is
/// followed while submissions are routed, and the followers receive and acknowledge deliveries without a failure,
/// each stream within the flow-control window the generator was told to ask for (--inbox-window).
/// </summary>
[Collection(GeneratorRuns.Name)]
public sealed partial class InboxWorkloadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_inbox_workload_receives_and_acknowledges_deliveries_on_every_followed_stream_without_failures()
    {
        var text = await RunAsync(["--workload", "inbox-latency", "--duration", "3s", "--baseline", "1s", "--warmup", "1s", "--concurrency", "4"]);

        var (delivered, deliveryFailures) = Calls(text, "inbox delivery (queued → received)");
        var (acknowledged, acknowledgementFailures) = Calls(text, "inbox acknowledge");
        var (submitted, _) = Calls(text, "submit");
        Assert.True(submitted > 0, "nothing was submitted");
        Assert.True(delivered >= submitted, $"{delivered} deliveries were received for {submitted} submissions, each routed to at least one agency");
        Assert.True(acknowledged > 0, "no delivery was acknowledged");
        Assert.Equal((0L, 0L), (deliveryFailures, acknowledgementFailures));
        // Without --inbox-window the streams ask for the hub's default.
        Assert.Equal(100, Window(text).Asked);
    }

    [Fact]
    public async Task Every_followed_stream_holds_at_most_the_window_it_was_told_to_ask_for_unacknowledged()
    {
        // A small window under eight submitters: the RIU's stream (in nearly every routing) receives faster than an
        // acknowledgement's round trip, so only the hub's flow control keeps it within the window.
        const int window = 4;
        var text = await RunAsync(["--workload", "inbox-latency", "--inbox-window", window.ToString(CultureInfo.InvariantCulture),
            "--duration", "3s", "--baseline", "1s", "--warmup", "1s", "--concurrency", "8"]);

        var (delivered, deliveryFailures) = Calls(text, "inbox delivery (queued → received)");
        var (acknowledged, acknowledgementFailures) = Calls(text, "inbox acknowledge");
        Assert.True(delivered > 0 && acknowledged > 0, $"{delivered} deliveries received and {acknowledged} acknowledged: the streams did not move");
        // A failed stream would reopen from the durable cursor; the bound is checked on streams that did not fail.
        Assert.Equal((0L, 0L), (deliveryFailures, acknowledgementFailures));
        var (asked, most) = Window(text);
        Assert.Equal(window, asked);
        Assert.InRange(most, 1, window);
    }

    [Fact]
    public async Task Every_delivery_of_a_submitted_item_is_also_measured_from_its_reply_and_never_takes_longer_than_from_its_queuing()
    {
        var text = await RunAsync(["--workload", "inbox-latency", "--inbox-window", "1000", "--duration", "3s", "--baseline", "1s", "--warmup", "1s", "--concurrency", "4"]);

        var queued = Latencies(text, "inbox delivery (queued → received)");
        var replied = Latencies(text, "inbox delivery (reply → received)");
        var (arrivedFirst, unmatched) = Matching(text);
        // Every item delivered was submitted by this run (no call failed), so every delivery matched its reply.
        Assert.True(queued.Ok > 0, "no delivery was received");
        Assert.Equal(0, unmatched);
        Assert.Equal(queued.Ok, replied.Ok);
        Assert.InRange(arrivedFirst, 0, replied.Ok);
        // The entry is queued before the reply is sent, so no delivery is slower from the reply than from its queuing;
        // the bound allows the two histograms' 0.8 % and the report's rounding.
        Assert.All(new[] { (replied.P50, queued.P50), (replied.P99, queued.P99), (replied.Max, queued.Max) },
            pair => Assert.InRange(pair.Item1, 0, (pair.Item2 * 1.02) + 1));
        Assert.Contains("| inbox delivery p99, reply → received on a followed stream", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "--inbox-window 0 is outside 1 to 1000")]
    [InlineData("1001", "--inbox-window 1001 is outside 1 to 1000")]
    [InlineData("-3", "--inbox-window -3 is outside 1 to 1000")]
    public async Task A_window_outside_what_the_hub_accepts_is_refused_before_the_hub_starts(string window, string expected)
    {
        var (exit, errors) = await RefusedAsync(["--workload", "inbox-latency", "--inbox-window", window, "--duration", "1s", "--baseline", "1s"]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.Contains("the hub accepts at most 1000", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("opening the hub", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_for_a_run_that_follows_no_stream_is_refused()
    {
        var (exit, errors) = await RefusedAsync(["--workload", "submit", "--inbox-window", "500", "--duration", "1s", "--baseline", "1s"]);

        Assert.Equal(2, exit);
        Assert.Contains("--inbox-window sets the window of followed inbox streams, and this run follows none", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("opening the hub", errors, StringComparison.Ordinal);
    }

    /// <summary>Runs the generator through its entry point; returns its report, having checked that it completed.</summary>
    private static async Task<string> RunAsync(string[] arguments)
    {
        var report = Path.Combine(Path.GetTempPath(), $"intelhub-inbox-latency-{Guid.NewGuid():N}.md");
        try
        {
            var exit = await Program.Main([.. arguments, "--out", report]);
            Assert.True(File.Exists(report), $"inbox-latency exited with {exit} and wrote no report");
            var text = await File.ReadAllTextAsync(report, Token);
            Assert.True(exit == 0, $"inbox-latency exited with {exit}:{Environment.NewLine}{text}");
            return text;
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>Runs a command the generator should refuse; returns its exit code and what it wrote to standard error.</summary>
    private static async Task<(int Exit, string Errors)> RefusedAsync(string[] arguments)
    {
        using var errors = new StringWriter();
        var console = Console.Error;
        try
        {
            Console.SetError(errors);
            var exit = await Program.Main(arguments);
            return (exit, errors.ToString());
        }
        finally
        {
            Console.SetError(console);
        }
    }

    /// <summary>An operation's successful and failed calls, from its row of the report's table.</summary>
    private static (long Ok, long Failed) Calls(string report, string operation)
    {
        var row = report.Split('\n').Single(line => line.StartsWith($"| {operation} |", StringComparison.Ordinal));
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        return (long.Parse(cells[2], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), long.Parse(cells[3], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    /// <summary>An operation's successful calls and its p50, p99 and max latencies in milliseconds, from its row of the report's table.</summary>
    private static (long Ok, double P50, double P99, double Max) Latencies(string report, string operation)
    {
        var row = report.Split('\n').Single(line => line.StartsWith($"| {operation} |", StringComparison.Ordinal));
        // | name | OK | failed | items | throughput | × | p50 | × | p95 | × | p99 | × | max |
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        return (long.Parse(cells[2], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Milliseconds(cells[7]), Milliseconds(cells[11]), Milliseconds(cells[13]));
    }

    private static double Milliseconds(string cell) => double.Parse(cell, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>How many deliveries arrived before their reply, and how many matched no reply, from the report.</summary>
    private static (long ArrivedFirst, long Unmatched) Matching(string report)
    {
        var first = ArrivedFirstLine().Match(report);
        var unmatched = UnmatchedLine().Match(report);
        Assert.True(first.Success && unmatched.Success, $"the report does not say how deliveries matched their replies:{Environment.NewLine}{report}");
        return (long.Parse(first.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
                long.Parse(unmatched.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Arrived before the submitter had the reply \(counted as 0 ms in `reply → received`\): ([\d,]+),")]
    private static partial Regex ArrivedFirstLine();

    [GeneratedRegex(@"Matched to no reply \(not in `reply → received`\): ([\d,]+)\.")]
    private static partial Regex UnmatchedLine();

    /// <summary>The window the streams asked for and the most deliveries one held beyond its last acknowledgement, from the report.</summary>
    private static (int Asked, int Most) Window(string report)
    {
        var match = WindowLine().Match(report);
        Assert.True(match.Success, $"the report does not say which window the streams asked for:{Environment.NewLine}{report}");
        return (int.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"a window of ([\d,]+) unacknowledged deliveries \(`max_unacknowledged`\); the most any follower received on one stream beyond its last acknowledgement sent: ([\d,]+)\.")]
    private static partial Regex WindowLine();
}
