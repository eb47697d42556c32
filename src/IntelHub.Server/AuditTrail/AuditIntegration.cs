namespace IntelHub.Server.AuditTrail;

/// <summary>Keeps the audit tree up to date with the store and its checkpoints signed, in the background.</summary>
internal sealed class AuditIntegration(HubAuditLog log, AuditTrailOptions options, ILogger<AuditIntegration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.IntegrationInterval);
        do
        {
            try
            {
                await log.IntegrateAsync(forceCheckpoint: false, stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                AuditLogMessages.IntegrationFailed(logger, failure);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

internal static partial class AuditLogMessages
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Integrating the audit log failed; retrying at the next interval.")]
    public static partial void IntegrationFailed(ILogger logger, Exception failure);
}
