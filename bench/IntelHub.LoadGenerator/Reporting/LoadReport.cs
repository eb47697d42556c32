using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using IntelHub.LoadGenerator.Recording;
using IntelHub.LoadGenerator.Settings;
using IntelHub.LoadGenerator.Target;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Reporting;

/// <summary>
/// The run as markdown: what was run and on what, then one row per operation with its throughput and
/// latency percentiles, each also as a ratio of the health check measured in the same run, then
/// every failure by status with the hub's message, and the hub's own warnings and errors.
/// </summary>
internal static class LoadReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly double[] Percentiles = [50, 95, 99];
    private static readonly OperationKind[] Searches = [.. Enum.GetValues<OperationKind>().Where(OperationNames.IsSearch)];
    private static readonly OperationKind[] Mixed =
        [OperationKind.Submit, .. Searches, OperationKind.Get];
    private static readonly OperationKind[] Inbox =
        [OperationKind.InboxDelivery, OperationKind.InboxDeliveryAfterReply, OperationKind.Acknowledge];

    public static string Render(LoadResults results, LoadSettings settings, HubTarget target, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(target);
        var text = new StringBuilder();
        Describe(text, results, settings, target, command);
        Operations(text, results);
        Failures(text, results);
        HubLog(text, target.Log);
        return text.ToString();
    }

    private static void Describe(StringBuilder text, LoadResults results, LoadSettings settings, HubTarget target, string command)
    {
        var seeded = results.Seeding.Recorded[OperationKind.Submit];
        text.AppendLine(Invariant, $"## Hub load run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(command);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(Invariant, $"- Hub: {target.Description}.");
        text.AppendLine(Invariant, $"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; the generator and the hub share it.");
        text.AppendLine(Invariant, $"- Load: {settings.Concurrency} workers in a closed loop over one TLS connection per agency (client certificate, bearer token per user); mix `{settings.Mix}`; {results.InboxStreams} inbox streams followed.");
        if (results.InboxStreams > 0)
        {
            text.AppendLine(Invariant, $"- Inbox streams: each asked for a window of {settings.InboxWindow:N0} unacknowledged deliveries (`max_unacknowledged`); " +
                                       $"the most any follower received on one stream beyond its last acknowledgement sent: {results.MostUnacknowledged:N0}.");
        }
        text.AppendLine(Invariant, $"- Phases: seeded {seeded.Latencies.Count} scenario reports ({seeded.FailureCount} failed) in {Seconds(results.Seeding.Elapsed)} s; warm-up {Seconds(results.Warmup.Elapsed)} s; health-check baseline {Seconds(results.Baseline.Elapsed)} s; mix {Seconds(results.Measured.Elapsed)} s.");
        if (results.StoppedEarly) text.AppendLine("- **Stopped early** by the user: the figures cover only the time measured.");
        text.AppendLine();
    }

    private static void Operations(StringBuilder text, LoadResults results)
    {
        var health = Row.Of(OperationNames.Describe(OperationKind.HealthCheck), results.Baseline, [OperationKind.HealthCheck]);
        var healthRate = health.Rate;
        var rows = new List<Row>
        {
            health,
            Row.Of("all mixed calls", results.Measured, Mixed),
            Row.Of(OperationNames.Describe(OperationKind.Submit), results.Measured, [OperationKind.Submit]),
            Row.Of("search, all kinds", results.Measured, [.. Mixed.Where(OperationNames.IsSearch)]),
        };
        rows.AddRange(Searches.Concat([OperationKind.Get, .. Inbox])
            .Select(k => Row.Of(OperationNames.Describe(k), results.Measured, [k])));

        text.AppendLine("| Operation | OK calls | Failed | Items per call | Throughput /s | × health | p50 ms | × health | p95 ms | × health | p99 ms | × health | max ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        // An operation nobody made is left out, except the inbox when streams were followed: none arriving is a finding.
        var followed = results.InboxStreams > 0
            ? Inbox.Select(OperationNames.Describe).ToHashSet()
            : [];
        foreach (var row in rows.Where(r => r.Latencies.Count + r.Failed > 0 || followed.Contains(r.Name)))
        {
            var latencies = row.Latencies;
            var perCall = latencies.Count == 0 || !row.Yields ? "–" : ((double)row.Yielded / latencies.Count).ToString("F1", Invariant);
            text.Append(Invariant, $"| {row.Name} | {latencies.Count:N0} | {row.Failed:N0} | {perCall} | {Number(row.Rate)} | {Ratio(row.Rate, healthRate)} ");
            foreach (var percentile in Percentiles)
            {
                var value = latencies.ValueAtPercentile(percentile);
                text.Append(latencies.Count == 0 ? "| – | – " : $"| {Milliseconds(value)} | {Ratio(value, health.Latencies.ValueAtPercentile(percentile))} ");
            }
            text.AppendLine(latencies.Count == 0 ? "| – |" : $"| {Milliseconds(latencies.MaxMicroseconds)} |");
        }
        text.AppendLine();
        text.AppendLine("Latencies are of successful calls, at the client from request to reply, counted in log-linear buckets accurate to " +
                        "0.8 %. Throughput is successful calls per second of the phase; an operation of the mix has its share of the workers, " +
                        "so `all mixed calls` is the figure to compare with the health check's throughput. Items per call: items disclosed " +
                        "by a search (one page) or get, agencies a submission was routed to.");
        if (results.InboxStreams > 0) InboxMeasures(text, results.Replies);
        text.AppendLine();
    }

    /// <summary>What the two delivery rows measure, and how the deliveries matched their submissions' replies.</summary>
    private static void InboxMeasures(StringBuilder text, ReplyMatching replies)
    {
        text.AppendLine();
        text.AppendLine("Inbox deliveries are those the hub queued while the mix was measured and the followers received before it ended. " +
                        "`queued → received`: from the hub queuing the entry (inside the submission's write, before its commit and reply) " +
                        "to the follower receiving it, so it includes up to the submission's own latency. `reply → received`: issue 11's " +
                        "target, for the deliveries of items this generator submitted, from the submitter having the reply (in this " +
                        "process) to the follower receiving the delivery. The hub sends the reply and the deliveries after the same commit, " +
                        "so a delivery can arrive first: it is counted as 0 ms, and tallied here.");
        text.AppendLine();
        var lead = Milliseconds((long)replies.LongestLead.TotalMicroseconds);
        text.AppendLine(Invariant, $"- Arrived before the submitter had the reply (counted as 0 ms in `reply → received`): {replies.ArrivedBeforeReply:N0}, at most {lead} ms before it.");
        text.Append(Invariant, $"- Matched to no reply (not in `reply → received`): {replies.Unmatched:N0}. Such a delivery is of an item whose reply ");
        text.Append("this generator did not see (another client's, or a failed call), a stream's repeat of one it had received (a reopened ");
        text.AppendLine(Invariant, $"stream resumes from its cursor), or of an item forgotten: items forgotten, with deliveries still expected, after {AwaitedDeliveries.Capacity:N0} later items: {replies.Forgotten:N0}.");
    }

    private static void Failures(StringBuilder text, LoadResults results)
    {
        var phases = new[] { ("seeding", results.Seeding), ("warm-up", results.Warmup), ("baseline", results.Baseline), ("mix", results.Measured) };
        var rows = phases
            .SelectMany(p => Enum.GetValues<OperationKind>().SelectMany(k => p.Item2.Recorded[k].Failures.Select(f =>
                string.Create(Invariant, $"| {p.Item1} | {OperationNames.Describe(k)} | {f.Key} | {f.Value.Count:N0} | {Cell(f.Value.FirstDetail)} |"))))
            .ToList();
        Section(text, "Failures", ["| Phase | Operation | Status | Count | The hub's message (first seen) |", "|---|---|---|---:|---|"],
            rows, "None: every call in every phase succeeded.");
    }

    private static void HubLog(StringBuilder text, HubLogWatch? log)
    {
        const string title = "The hub's warnings and errors";
        if (log is null)
        {
            Section(text, title, [], [], "Not seen here: the hub runs in another process; see its own log.");
            return;
        }
        var rows = log.Entries
            .Select(e => string.Create(Invariant, $"| {e.Level} | {e.Category} | {Cell(e.EventName)} | {e.Count:N0} | {Cell(e.FirstMessage)} |"))
            .ToList();
        Section(text, title, ["| Level | Category | Event | Count | First message |", "|---|---|---|---:|---|"], rows, "None logged during the run.");
    }

    /// <summary>A titled table, or a sentence when it would have no row.</summary>
    private static void Section(StringBuilder text, string title, IReadOnlyList<string> header, List<string> rows, string whenNone)
    {
        text.AppendLine("### " + title);
        text.AppendLine();
        if (rows.Count == 0)
        {
            text.AppendLine(whenNone);
        }
        else
        {
            foreach (var line in header.Concat(rows)) text.AppendLine(line);
        }
        text.AppendLine();
    }

    private static string Ratio(double value, double baseline)
    {
        if (baseline <= 0) return "–";
        var ratio = value / baseline;
        return ratio.ToString(ratio switch { >= 10 => "F0", >= 1 => "F1", _ => "F2" }, Invariant) + "×";
    }

    private static string Number(double value) => value.ToString(value >= 100 ? "N0" : "N1", Invariant);

    private static string Milliseconds(long microseconds)
    {
        var milliseconds = microseconds / 1000.0;
        return milliseconds.ToString(milliseconds switch { < 1 => "F3", < 10 => "F2", < 100 => "F1", _ => "N0" }, Invariant);
    }

    private static string Seconds(TimeSpan length) => length.TotalSeconds.ToString("F1", Invariant);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>One row of the table: one or more operations of a phase, their latencies together, their failures and yield.</summary>
    private sealed record Row(string Name, LatencyHistogram Latencies, long Failed, long Yielded, bool Yields, TimeSpan Elapsed)
    {
        public double Rate => Elapsed <= TimeSpan.Zero ? 0 : Latencies.Count / Elapsed.TotalSeconds;

        public static Row Of(string name, PhaseResult phase, IReadOnlyList<OperationKind> kinds)
        {
            var latencies = new LatencyHistogram();
            foreach (var kind in kinds) latencies.Add(phase.Recorded[kind].Latencies);
            return new Row(name, latencies, kinds.Sum(k => phase.Recorded[k].FailureCount), kinds.Sum(k => phase.Recorded[k].Yielded), kinds.All(OperationNames.Yields), phase.Elapsed);
        }
    }
}
