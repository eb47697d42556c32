using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntelHub.Server.AuditTrail;

/// <summary>The hub is unhealthy while its stored audit entries contradict a checkpoint it signed.</summary>
internal sealed class AuditLogHealthCheck(HubAuditLog log) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(log.IntegrityFailure is { } failure ? HealthCheckResult.Unhealthy(failure) : HealthCheckResult.Healthy());
}
