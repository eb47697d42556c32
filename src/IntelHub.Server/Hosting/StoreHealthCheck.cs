using IntelHub.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntelHub.Server.Hosting;

/// <summary>The hub cannot serve a call its store cannot answer: the store must answer a one-row read.</summary>
internal sealed class StoreHealthCheck(IHubStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.AuditCountAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The store did not answer a read: {failure.Message}", failure);
        }
    }
}
