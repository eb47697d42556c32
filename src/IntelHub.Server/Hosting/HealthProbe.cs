using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntelHub.Server.Hosting;

/// <summary>
/// Runs the hub's health checks (data directory, store, audit log) in the background once every
/// <see cref="HubOptions.HealthProbeInterval"/> and keeps the last result, so that the gRPC health service answers
/// from memory: a monitor polling the hub costs no disk write and no store read per call. A result older than
/// <see cref="StaleAfter"/> (three intervals) means the probe itself is stuck, most likely on a hung disk or store;
/// the hub then answers NOT_SERVING, so a hung hub is never reported healthy on the strength of an old result.
/// </summary>
internal sealed partial class HealthProbe(HealthCheckService checks, HubOptions options, TimeProvider time, ILogger<HealthProbe> logger)
    : BackgroundService
{
    private Reading? _last;
    private Task? _first;
    private int _staleReported;

    /// <summary>How old the last result may be before the hub is reported NOT_SERVING regardless of what it said.</summary>
    public TimeSpan StaleAfter => options.HealthProbeInterval * 3;

    /// <summary>Whether the hub is serving by its last probe, from memory; false before the first probe ends and once the last is stale.</summary>
    public bool IsServing
    {
        get
        {
            var last = Volatile.Read(ref _last);
            if (last is null) return false;
            if (!last.Healthy) return false;
            var age = time.GetElapsedTime(last.At);
            if (age <= StaleAfter) return true;
            // Logged once per stuck run, here because a stuck probe cannot log for itself.
            if (Interlocked.Exchange(ref _staleReported, 1) == 0) ProbeStale(age.TotalSeconds, StaleAfter.TotalSeconds);
            return false;
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before Kestrel accepts a call: the first Check already has a result to answer from.
        // A first probe that hangs does not hold up the start; the hub answers NOT_SERVING until it ends.
        _first = ProbeAsync(cancellationToken);
        try
        {
            await _first.WaitAsync(StaleAfter, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            FirstProbeSlow(StaleAfter.TotalSeconds);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_first is not null) await _first.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.HealthProbeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await ProbeAsync(stoppingToken);
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(cancellationToken);
        var healthy = report.Status != HealthStatus.Unhealthy;
        var before = Interlocked.Exchange(ref _last, new Reading(healthy, time.GetTimestamp()));
        var wasStale = Interlocked.Exchange(ref _staleReported, 0) == 1;
        if (before is not null && before.Healthy == healthy && !wasStale) return;
        if (healthy) Serving();
        else NotServing(string.Join("; ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy)
            .Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Exception?.Message ?? "unhealthy"}")));
    }

    /// <param name="At">When the probe ended, as a <see cref="TimeProvider.GetTimestamp"/>.</param>
    private sealed record Reading(bool Healthy, long At);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "The hub's health checks pass: the health service answers SERVING.")]
    private partial void Serving();

    [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "A health check failed, so the health service answers NOT_SERVING: {Problems}")]
    private partial void NotServing(string problems);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Error, Message = "The last health probe ended {AgeSeconds:0.0##} s ago (more than {StaleSeconds:0.0##} s): a health check is stuck, most likely on the data directory's disk or the store. The health service answers NOT_SERVING until a probe ends.")]
    private partial void ProbeStale(double ageSeconds, double staleSeconds);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "The first health probe did not end within {StaleSeconds:0.0##} s; the hub starts and answers NOT_SERVING until a probe ends.")]
    private partial void FirstProbeSlow(double staleSeconds);
}
