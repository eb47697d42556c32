namespace IntelHub.LoadGenerator.Workload;

/// <summary>The measured phase in wall-clock time, for the inbox followers, whose streams outlive it.</summary>
internal sealed class MeasurementWindow
{
    private long _openedAtTicks = long.MaxValue;
    private volatile bool _open;

    public bool IsOpen => _open;

    public void Open()
    {
        Interlocked.Exchange(ref _openedAtTicks, DateTimeOffset.UtcNow.UtcTicks);
        _open = true;
    }

    public void Close() => _open = false;

    /// <summary>Whether a delivery the hub queued at this moment belongs to the measured phase.</summary>
    public bool Covers(DateTimeOffset queuedAt) => _open && queuedAt.UtcTicks >= Interlocked.Read(ref _openedAtTicks);
}
