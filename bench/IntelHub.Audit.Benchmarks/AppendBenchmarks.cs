using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Log;
using IntelHub.Audit.Sequencing;
using IntelHub.Audit.Signing;

namespace IntelHub.Audit.Benchmarks;

/// <summary>
/// Appends through the sequencer into the file store (fsync per batch) from concurrent producers,
/// with a signed checkpoint every N entries; per-entry time, so appends/s = 1 / mean. Baseline: one
/// raw SHA-256 of an entry's canonical bytes. Target: at least 50,000 appends per second.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AppendBenchmarks
{
    private const int PerInvoke = 100_000;
    private const int Producers = 4;
    private AuditEntry[] _entries = [];
    private byte[] _bytes = [];
    private int[] _offsets = [];
    private string _root = "";
    private LocalKeySigner? _signer;

    [Params(1_000, 10_000)]
    public int CheckpointEvery { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _entries = [.. Enumerable.Range(0, PerInvoke).Select(SampleLog.Entry)];
        (_bytes, _offsets) = SampleLog.Encoded(PerInvoke);
        _root = Path.Combine(Path.GetTempPath(), "intelhub-audit-bench-" + Guid.NewGuid().ToString("N"));
        _signer = LocalKeySigner.OpenOrCreate(Path.Combine(_root, "key.pem"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signer!.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PerInvoke, Description = "raw SHA-256 of one entry")]
    public byte RawSha256()
        => SampleLog.HashEach(_bytes, _offsets, PerInvoke);

    // Each invocation opens a fresh log, appends 100,000 entries and shuts down (which signs the last
    // checkpoint); opening and closing are included and cost well under 1% of the invocation.
    [Benchmark(OperationsPerInvoke = PerInvoke, Description = "append one entry (durable, 4 producers)")]
    public long Append()
    {
        using var store = FileAuditLogStore.Open(Path.Combine(_root, Guid.NewGuid().ToString("N")));
        var options = new AuditSequencerOptions { Origin = SampleLog.Origin, CheckpointEveryEntries = CheckpointEvery };
        var sequencer = AuditSequencer.StartAsync(store, _signer!, options, null, CancellationToken.None).GetAwaiter().GetResult();

        // Each producer issues its share without awaiting one by one, as many concurrent requests would.
        var producers = new Task[Producers];
        for (var p = 0; p < Producers; p++)
        {
            var first = p * (PerInvoke / Producers);
            producers[p] = Task.Run(async () =>
            {
                var pending = new Task<long>[PerInvoke / Producers];
                for (var i = 0; i < pending.Length; i++)
                {
                    pending[i] = sequencer.AppendAsync(_entries[first + i], CancellationToken.None);
                }

                await Task.WhenAll(pending);
            });
        }

        Task.WaitAll(producers);
        sequencer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return store.GetSizeAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }
}
