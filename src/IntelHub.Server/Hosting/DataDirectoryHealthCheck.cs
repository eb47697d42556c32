using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntelHub.Server.Hosting;

/// <summary>
/// The hub cannot accept a submission it cannot make durable: its data directory must be writable. The gRPC health
/// service runs this on every Check call, and probing means creating and deleting a file, so the disk is probed at
/// most once per <see cref="ProbeInterval"/> and calls in between (or during a probe) share the latest probe's
/// answer: a directory that stops being writable shows within that interval, and a busy monitor costs no disk writes.
/// </summary>
internal sealed class DataDirectoryHealthCheck(HubOptions options, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _probe;
    private long _probedAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> probe;
        lock (_gate)
        {
            if (_probe is null || (_probe.IsCompleted && time.GetElapsedTime(_probedAt) >= ProbeInterval))
            {
                _probedAt = time.GetTimestamp();
                // Shared by every caller until the next probe: no one caller's cancellation may stop it.
                _probe = ProbeAsync();
            }
            probe = _probe;
        }
        return probe.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> ProbeAsync()
    {
        var probe = Path.Combine(options.DataDirectory, $".health-{Environment.ProcessId}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], CancellationToken.None);
            File.Delete(probe);
            return HealthCheckResult.Healthy();
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"The data directory '{Path.GetFullPath(options.DataDirectory)}' is not writable: {failure.Message}");
        }
    }
}
