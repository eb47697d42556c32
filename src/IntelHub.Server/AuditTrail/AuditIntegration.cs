namespace IntelHub.Server.AuditTrail;

/// <summary>
/// Keeps the audit tree up to date with the store and its checkpoints signed, in the background:
/// checked against the stored checkpoints before the hub takes a call, on the schedule while it
/// runs, and signed over the tail once the hub has stopped taking calls, so that a clean stop
/// leaves no entry outside a signed checkpoint.
/// </summary>
internal sealed class AuditIntegration(HubAuditLog log, AuditTrailOptions options, ILogger<AuditIntegration> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before Kestrel listens: a log that contradicts its checkpoints is
        // known (and the hub unhealthy) before the first call.
        await IntegrateAsync(signTail: false, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.IntegrationInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await IntegrateAsync(signTail: false, stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Kestrel stopped first (the web host stops before the services registered ahead of it),
        // so every entry a reply acknowledged is in the store by now.
        await IntegrateAsync(signTail: true, cancellationToken);
    }

    private async Task IntegrateAsync(bool signTail, CancellationToken cancellationToken)
    {
        try
        {
            await log.IntegrateAsync(signTail, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            AuditLogMessages.IntegrationFailed(logger, failure);
        }
    }
}

internal static partial class AuditLogMessages
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Integrating the audit log failed; retrying at the next interval.")]
    public static partial void IntegrationFailed(ILogger logger, Exception failure);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Critical, Message = "{Failure}")]
    public static partial void IntegrityFailed(ILogger logger, string failure);
}
