using System.Diagnostics;

namespace IntelHub.LoadGenerator.Ceilings;

/// <summary>
/// The process's working set, sampled four times a second from start to <see cref="StopAsync"/>: the peak, the last
/// sample, and the peak of each minute (so a long run shows whether it grows). With the hub in this process, it is the
/// hub and the generator together.
/// </summary>
internal sealed class WorkingSetSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<long> _minutePeaks = [];
    private long _peak;
    private long _last;

    public WorkingSetSampler() => _sampling = SampleAsync();

    public long PeakBytes => Interlocked.Read(ref _peak);

    public long EndBytes => Interlocked.Read(ref _last);

    /// <summary>The peak of each minute since start, the last minute possibly partial; read after <see cref="StopAsync"/>.</summary>
    public IReadOnlyList<long> MinutePeakBytes => _minutePeaks;

    private async Task SampleAsync()
    {
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(Interval);
        do
        {
            Sample(process);
        }
        while (await WaitAsync(timer));
        Sample(process);
    }

    private void Sample(Process process)
    {
        process.Refresh();
        var now = process.WorkingSet64;
        Interlocked.Exchange(ref _last, now);
        if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
        var minute = (int)(_clock.Elapsed / Minute);
        while (_minutePeaks.Count <= minute) _minutePeaks.Add(0);
        _minutePeaks[minute] = Math.Max(_minutePeaks[minute], now);
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Takes a last sample and stops.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
