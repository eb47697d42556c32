using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using IntelHub.Demo.DataSet;
using IntelHub.Server.DemoData;
using IntelHub.Storage;

namespace IntelHub.DataSet;

/// <summary>
/// Generates and prepares batch after batch (routing and audit by the hub's code) while the store writes the one before,
/// and times each stage: the store's own write time is the baseline the whole load is compared with.
/// </summary>
internal sealed class BulkLoad(DataSetLoader loader, int batchSize, Progress progress)
{
    public async Task<BulkLoadResult> RunAsync(IEnumerable<DataSetReport> reports, int seed, CancellationToken cancellationToken)
    {
        var batches = Channel.CreateBounded<(List<DataSetReport> Reports, IReadOnlyList<Submission> Prepared)>(2);
        var generating = new Stopwatch();
        var preparing = new Stopwatch();
        var storing = new Stopwatch();
        var total = Stopwatch.StartNew();

        var producer = Task.Run(async () =>
        {
            try
            {
                using var next = reports.GetEnumerator();
                while (true)
                {
                    generating.Start();
                    var batch = new List<DataSetReport>(batchSize);
                    while (batch.Count < batchSize && next.MoveNext()) batch.Add(next.Current);
                    generating.Stop();
                    if (batch.Count == 0) break;
                    preparing.Start();
                    var prepared = loader.Prepare(batch.Select(r => r.Submission).ToList(), cancellationToken);
                    preparing.Stop();
                    await batches.Writer.WriteAsync((batch, prepared), cancellationToken);
                }
                batches.Writer.Complete();
            }
            catch (Exception problem)
            {
                batches.Writer.Complete(problem);
            }
        }, cancellationToken);

        var truth = new DataSetTruth(seed);
        long loaded = 0;
        long rows = 0;
        await foreach (var (batch, prepared) in batches.Reader.ReadAllAsync(cancellationToken))
        {
            storing.Start();
            var outcomes = await loader.StoreAsync(prepared, cancellationToken);
            storing.Stop();
            for (var i = 0; i < batch.Count; i++)
            {
                truth.Add(batch[i], outcomes[i].ItemId, outcomes[i].Delivered.Select(d => (d.AgencyId, d.View)));
                rows += prepared[i].Routing.Count + prepared[i].AuditEntries.Count + outcomes[i].Delivered.Count;
            }
            loaded += batch.Count;
            progress.Loaded(loaded);
        }
        await producer;
        return new BulkLoadResult(truth, loaded, rows, total.Elapsed, generating.Elapsed, preparing.Elapsed, storing.Elapsed);
    }
}

/// <summary>What a load did and how long each stage took (generation and preparation overlap the store's writes).</summary>
internal sealed record BulkLoadResult(DataSetTruth Truth, long Items, long RoutingAuditInboxRows, TimeSpan Total, TimeSpan Generating, TimeSpan Preparing, TimeSpan Storing)
{
    public string Summary(int requested) => string.Create(CultureInfo.InvariantCulture,
        $"""
        Loaded {Items:N0} of {requested:N0} items ({RoutingAuditInboxRows:N0} routing, audit and inbox rows) in {Total:hh\:mm\:ss}: {Items / Total.TotalSeconds:N0} items/s end to end.
          generating {Generating.TotalSeconds:N1} s, preparing (validation, routing, audit) {Preparing.TotalSeconds:N1} s, store writes {Storing.TotalSeconds:N1} s
          the store's own write rate (baseline): {Items / Storing.TotalSeconds:N0} items/s; end to end is {Storing.TotalSeconds / Total.TotalSeconds:P0} of it
        """);
}
