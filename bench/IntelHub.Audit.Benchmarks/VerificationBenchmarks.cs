using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Verification;

namespace IntelHub.Audit.Benchmarks;

/// <summary>
/// Full verification of a 1,000,000-entry log (checkpoint every 10,000) against the baseline of
/// SHA-256 over the same entries' canonical bytes from memory, one hash per entry. Target: within 3x.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class VerificationBenchmarks
{
    private const int Entries = 1_000_000;
    private string _root = "";
    private string _log = "";
    private CheckpointKeySet _keys = null!;
    private byte[] _bytes = [];
    private int[] _offsets = [];

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "intelhub-audit-bench-" + Guid.NewGuid().ToString("N"));
        _log = Path.Combine(_root, "log");
        var key = Path.Combine(_root, "key.pem");
        SampleLog.WriteAsync(_log, key, Entries, 10_000).GetAwaiter().GetResult();
        _keys = SampleLog.Keys(key);
        (_bytes, _offsets) = SampleLog.Encoded(Entries);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true, Description = "raw SHA-256 of 1M entries")]
    public byte RawSha256()
        => SampleLog.HashEach(_bytes, _offsets, Entries);

    [Benchmark(Description = "verify 1M-entry log")]
    public long Verify()
    {
        var report = AuditLogVerifier.Verify(_log, _keys);
        return report.IsValid ? report.Entries : throw new InvalidOperationException(report.Failure!.Message);
    }
}
