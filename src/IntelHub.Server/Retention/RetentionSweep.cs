using IntelHub.Audit.Entries;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Telemetry;
using IntelHub.Storage;

namespace IntelHub.Server.Retention;

/// <summary>
/// MoPI-style retention. An item past its review date is withheld from everyone (get, search and
/// inbox skip it) and counted as awaiting review; once it has been overdue for
/// <see cref="RetentionOptions.DisposeAfterOverdue"/>, its content is disposed of. Disposal keeps
/// the item's id, digest, routing decisions and the audit trail, and is itself audited.
/// </summary>
public sealed class RetentionSweep(IHubStore store, RetentionOptions options, TimeProvider time, HubMetrics metrics)
{
    private const string HubAgency = "intelhub";
    private const int Batch = 500;

    /// <summary>One sweep: counts what awaits review and disposes of what is overdue. Returns the number disposed of.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Review dates are inclusive: an item is due on its review date; withheld from the day after.
        var awaiting = await store.ItemsDueForReviewAsync(today.AddDays(-1), 100_000, cancellationToken);
        metrics.AwaitingReview(awaiting.Count);

        var disposeUpTo = DateOnly.FromDateTime(now.Subtract(options.DisposeAfterOverdue).UtcDateTime).AddDays(-1);
        var disposed = 0;
        while (true)
        {
            var overdue = await store.ItemsDueForReviewAsync(disposeUpTo, Batch, cancellationToken);
            if (overdue.Count == 0) break;
            foreach (var itemId in overdue)
            {
                var entry = HubAuditLog.Encode(new AuditEntry
                {
                    Time = time.GetUtcNow(), Action = AuditAction.Disposal, Agency = HubAgency, User = "retention-sweep", ItemId = itemId,
                    Decision = $"disposed: review date passed more than {options.DisposeAfterOverdue.TotalDays:0} days ago", TraceId = AuditRecorder.TraceId,
                });
                if (await store.DisposeItemContentAsync(itemId, [entry], cancellationToken)) disposed++;
            }
            if (overdue.Count < Batch) break;
        }
        return disposed;
    }
}

/// <summary>Runs the retention sweep at start and then every <see cref="RetentionOptions.SweepInterval"/>.</summary>
internal sealed partial class RetentionService(RetentionSweep sweep, RetentionOptions options, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval);
        do
        {
            try
            {
                var disposed = await sweep.SweepAsync(stoppingToken);
                if (disposed > 0) Disposed(logger, disposed);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                SweepFailed(logger, failure);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Retention: disposed of the content of {Count} items overdue for review; their audit trail remains.")]
    private static partial void Disposed(ILogger logger, int count);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "The retention sweep failed; retrying at the next interval.")]
    private static partial void SweepFailed(ILogger logger, Exception failure);
}
