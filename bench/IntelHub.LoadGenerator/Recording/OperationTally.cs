using Grpc.Core;

namespace IntelHub.LoadGenerator.Recording;

/// <summary>
/// One operation's outcomes: the latencies of its successful calls, what they yielded, and its
/// failures by gRPC status.
/// </summary>
internal sealed class OperationTally
{
    private readonly Dictionary<StatusCode, FailureTally> _failures = [];

    public LatencyHistogram Latencies { get; } = new();

    /// <summary>Items the successful calls yielded: disclosed by a search or get, routed parties of a submission.</summary>
    public long Yielded { get; set; }

    /// <summary>Successful calls that yielded nothing: for a search, an empty page.</summary>
    public long Empty { get; set; }

    public IReadOnlyDictionary<StatusCode, FailureTally> Failures => _failures;

    public long FailureCount => _failures.Values.Sum(f => f.Count);

    public void Failed(StatusCode status, string detail)
    {
        if (_failures.TryGetValue(status, out var seen)) seen.Count++;
        else _failures[status] = new FailureTally(detail) { Count = 1 };
    }

    public void Add(OperationTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Latencies.Add(other.Latencies);
        Yielded += other.Yielded;
        Empty += other.Empty;
        foreach (var (status, failure) in other._failures)
        {
            if (_failures.TryGetValue(status, out var seen)) seen.Count += failure.Count;
            else _failures[status] = new FailureTally(failure.FirstDetail) { Count = failure.Count };
        }
    }
}

/// <summary>How often a status came back, and the hub's message the first time, to say what went wrong.</summary>
internal sealed class FailureTally(string firstDetail)
{
    public string FirstDetail { get; } = firstDetail;

    public long Count { get; set; }
}
