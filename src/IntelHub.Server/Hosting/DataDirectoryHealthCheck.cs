using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntelHub.Server.Hosting;

/// <summary>
/// The hub cannot accept a submission it cannot make durable: its data directory must be writable. Probing means
/// creating and deleting a file, so it runs in <see cref="HealthProbe"/>'s background probe, never on a health call.
/// </summary>
internal sealed class DataDirectoryHealthCheck(HubOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(options.DataDirectory, $".health-{Environment.ProcessId}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy();
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"The data directory '{Path.GetFullPath(options.DataDirectory)}' is not writable: {failure.Message}");
        }
    }
}
