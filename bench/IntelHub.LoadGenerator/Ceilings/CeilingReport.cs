using System.Globalization;
using System.Text;
using IntelHub.LoadGenerator.Recording;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Ceilings;

/// <summary>
/// The report's ceilings section: what the machine allows (the empty call through the hub's TLS and authentication,
/// the store's raw insert rates), the hub's figures of the same run as shares of them, and the process's working set.
/// </summary>
internal static class CeilingReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(LoadResults results, Ceilings ceilings, long peakWorkingSet, long endWorkingSet, IReadOnlyList<long> minutePeaks)
    {
        var empty = ceilings.EmptyCall.Recorded[OperationKind.HealthCheck].Latencies;
        var emptyRate = Rate(empty.Count, ceilings.EmptyCall);
        var health = results.Baseline.Recorded[OperationKind.HealthCheck].Latencies;
        var healthRate = Rate(health.Count, results.Baseline);
        var submit = results.Measured.Recorded[OperationKind.Submit].Latencies;
        var submitRate = Rate(submit.Count, results.Measured);
        var store = ceilings.Store;

        var text = new StringBuilder();
        text.AppendLine("### Ceilings measured in this run");
        text.AppendLine();
        text.AppendLine("| Ceiling | Throughput /s | p50 ms | p99 ms |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine(Invariant, $"| empty gRPC call: bare service, same mTLS, bearer token validated by the hub's validator ({empty.Count:N0} calls, {ceilings.EmptyCall.Recorded[OperationKind.HealthCheck].FailureCount:N0} failed) | {emptyRate:N0} | {Ms(empty.ValueAtPercentile(50))} | {Ms(empty.ValueAtPercentile(99))} |");
        text.AppendLine(Invariant, $"| {store.Engine}: raw insert of {store.RowBytes:N0} B rows, one per transaction, {store.Writers} writer(s) | {store.OnePerTransaction:N0} | – | – |");
        text.AppendLine(Invariant, $"| {store.Engine}: raw insert of {store.RowBytes:N0} B rows, {store.BatchRows} per transaction, 1 writer | {store.Batched:N0} | – | – |");
        text.AppendLine();
        text.AppendLine("| The hub, as a share of its ceiling | Hub | Ceiling | Share |");
        text.AppendLine("|---|---:|---:|---:|");
        Share(text, "health check throughput / empty call throughput", healthRate, emptyRate);
        Share(text, "health check p99 / empty call p99 (ms; above 1 is slower)", health.ValueAtPercentile(99) / 1000.0, empty.ValueAtPercentile(99) / 1000.0);
        if (submit.Count > 0)
        {
            Share(text, "submissions/s / empty calls/s", submitRate, emptyRate);
            Share(text, "submissions/s / raw inserts/s, one per transaction", submitRate, store.OnePerTransaction);
            Share(text, $"submissions/s / raw inserts/s, {store.BatchRows} per transaction", submitRate, store.Batched);
            Share(text, "submission p99 / empty call p99 (ms; above 1 is slower)", submit.ValueAtPercentile(99) / 1000.0, empty.ValueAtPercentile(99) / 1000.0);
        }
        Searches(text, results, empty, emptyRate);
        var deliveries = results.Measured.Recorded[OperationKind.InboxDelivery].Latencies;
        if (deliveries.Count > 0)
        {
            text.AppendLine(Invariant, $"| inbox delivery p99, queued → received on a followed stream (the entry is queued before the reply) | {Ms(deliveries.ValueAtPercentile(99))} ms | – | – |");
        }
        var afterReply = results.Measured.Recorded[OperationKind.InboxDeliveryAfterReply].Latencies;
        if (afterReply.Count > 0)
        {
            text.AppendLine(Invariant, $"| inbox delivery p99, reply → received on a followed stream (issue 11's target: under 100 ms) | {Ms(afterReply.ValueAtPercentile(99))} ms | – | – |");
        }
        text.AppendLine();
        text.AppendLine(Invariant, $"Working set of this process (the generator, and the hub when it runs in this process), sampled every 250 ms from the hub's start: peak {Mb(peakWorkingSet)} MB, at the end {Mb(endWorkingSet)} MB.");
        if (minutePeaks.Count > 1)
            text.AppendLine(Invariant, $"Peak of each minute, MB: {string.Join(", ", minutePeaks.Select(Mb))}.");
        text.AppendLine();
        return text.ToString();
    }

    /// <summary>All searches' throughput against the empty call's (each kind has only its share of the workers), then each kind's latencies.</summary>
    private static void Searches(StringBuilder text, LoadResults results, LatencyHistogram empty, double emptyRate)
    {
        var kinds = Enum.GetValues<OperationKind>().Where(k => OperationNames.IsSearch(k) && results.Measured.Recorded[k].Latencies.Count > 0).ToList();
        if (kinds.Count == 0) return;
        Share(text, "searches/s, all kinds / empty calls/s", Rate(kinds.Sum(k => results.Measured.Recorded[k].Latencies.Count), results.Measured), emptyRate);
        foreach (var kind in kinds)
        {
            var searched = results.Measured.Recorded[kind].Latencies;
            foreach (var percentile in new[] { 50, 99 })
            {
                Share(text, $"{OperationNames.Describe(kind)} p{percentile} / empty call p{percentile} (ms; above 1 is slower)",
                    searched.ValueAtPercentile(percentile) / 1000.0, empty.ValueAtPercentile(percentile) / 1000.0);
            }
        }
    }

    private static void Share(StringBuilder text, string name, double hub, double ceiling) =>
        text.AppendLine(Invariant, $"| {name} | {Number(hub)} | {Number(ceiling)} | {(ceiling > 0 ? (hub / ceiling).ToString("P1", Invariant) : "–")} |");

    private static double Rate(long count, PhaseResult phase) => phase.Elapsed <= TimeSpan.Zero ? 0 : count / phase.Elapsed.TotalSeconds;

    private static string Number(double value) => value.ToString(value >= 100 ? "N0" : "N2", Invariant);

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("N2", Invariant);

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", Invariant);
}
