using System.Diagnostics;
using Grpc.Core;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Recording;

/// <summary>
/// What one worker measured, per operation. Not thread-safe by design: each worker owns one, and
/// the phase merges them at its end (<see cref="Merge"/>), so measuring adds no contention.
/// </summary>
internal sealed class Recorder
{
    private readonly OperationTally[] _tallies = Enum.GetValues<OperationKind>().Select(_ => new OperationTally()).ToArray();

    public OperationTally this[OperationKind kind] => _tallies[(int)kind];

    /// <summary>Runs one call, timing it from the request to the reply, and records its outcome and what it yielded.</summary>
    public async Task MeasureAsync(OperationKind kind, Func<Task<int>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var yielded = await call().ConfigureAwait(false);
            Succeeded(kind, Stopwatch.GetElapsedTime(started), yielded);
        }
        catch (RpcException failure)
        {
            Failed(kind, failure);
        }
    }

    public void Succeeded(OperationKind kind, TimeSpan latency, int yielded = 0)
    {
        this[kind].Latencies.Record((long)latency.TotalMicroseconds);
        this[kind].Yielded += yielded;
        if (yielded == 0) this[kind].Empty++;
    }

    public void Failed(OperationKind kind, RpcException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        this[kind].Failed(failure.StatusCode, failure.Status.Detail);
    }

    public static Recorder Merge(IEnumerable<Recorder> recorders)
    {
        ArgumentNullException.ThrowIfNull(recorders);
        var merged = new Recorder();
        foreach (var recorder in recorders)
        {
            for (var i = 0; i < merged._tallies.Length; i++) merged._tallies[i].Add(recorder._tallies[i]);
        }
        return merged;
    }
}
