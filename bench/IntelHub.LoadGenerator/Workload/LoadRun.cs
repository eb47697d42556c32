using System.Diagnostics;
using IntelHub.LoadGenerator.Recording;
using IntelHub.LoadGenerator.Settings;
using IntelHub.LoadGenerator.Target;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>What one phase measured and how long it lasted, from its first call to its last reply.</summary>
internal sealed record PhaseResult(Recorder Recorded, TimeSpan Elapsed);

/// <summary>
/// Everything a run measured; <see cref="Measured"/> includes the inbox followers' deliveries, from queuing and from the
/// reply. <see cref="MostUnacknowledged"/>: the most deliveries any follower received on one stream beyond its last
/// acknowledgement sent. <see cref="Replies"/>: how the deliveries matched their submissions' replies.
/// </summary>
internal sealed record LoadResults(
    PhaseResult Seeding, PhaseResult Warmup, PhaseResult Baseline, PhaseResult Measured, int InboxStreams, int MostUnacknowledged, ReplyMatching Replies, bool StoppedEarly);

/// <summary>
/// One load run, in phases with the same workers over the same agency connections:
/// seed the hub with scenario reports (so that searches and gets find items); warm up with every
/// kind of call (JIT, TLS handshakes, caches); measure the health check alone (the baseline); then
/// measure the mix, with the inbox followers' deliveries counted in the same window. Workers run a
/// closed loop: each makes its next call when the previous reply arrives, so throughput is what the
/// hub sustains at that concurrency.
/// </summary>
internal sealed class LoadRun(
    LoadSettings settings, HubOperations operations, KnownItems items, IReadOnlyList<InboxFollower> followers, AwaitedDeliveries awaited,
    MeasurementWindow window, TextWriter progress)
{
    public async Task<LoadResults> ExecuteAsync(CancellationToken cancellationToken)
    {
        progress.WriteLine($"Seeding the hub with {settings.SeedItems} scenario reports ...");
        var seeding = await RunPhaseAsync(1, _ => OperationKind.Submit, PhaseEnd.AfterCalls(settings.SeedItems), cancellationToken);
        if (settings.Mix.Includes(OperationKind.Get) && items.Count == 0)
        {
            var failure = seeding.Recorded[OperationKind.Submit].Failures.Select(f => $"{f.Key}: {f.Value.FirstDetail}").FirstOrDefault() ?? "none failed";
            throw new LoadRunProblem(
                $"None of the {settings.SeedItems} seed submissions was stored, so there is nothing to get (first failure: {failure}).");
        }

        using var stopFollowing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var following = followers.Select(f => f.FollowAsync(stopFollowing.Token)).ToList();
        PhaseResult warmup, baseline, mix;
        try
        {
            progress.WriteLine($"Warming up for {DurationText.Format(settings.Warmup)} ...");
            // A quarter of the warm-up calls are health checks, so both measured phases start warm.
            warmup = await RunPhaseAsync(2, r => r.Next(4) == 0 ? OperationKind.HealthCheck : settings.Mix.Pick(r), PhaseEnd.After(settings.Warmup), cancellationToken);

            progress.WriteLine($"Measuring the health-check baseline for {DurationText.Format(settings.BaselineDuration)} ...");
            baseline = await RunPhaseAsync(3, _ => OperationKind.HealthCheck, PhaseEnd.After(settings.BaselineDuration), cancellationToken);

            progress.WriteLine($"Measuring the mix {settings.Mix} for {DurationText.Format(settings.Duration)} ...");
            window.Open();
            mix = await RunPhaseAsync(4, settings.Mix.Pick, PhaseEnd.After(settings.Duration), cancellationToken);
            window.Close();
        }
        finally
        {
            await stopFollowing.CancelAsync();
            await Task.WhenAll(following);
        }

        var replies = awaited.Summarize();
        var measured = new PhaseResult(Recorder.Merge([mix.Recorded, .. followers.Select(f => f.Recorder), replies.Recorded]), mix.Elapsed);
        var mostUnacknowledged = followers.Count == 0 ? 0 : followers.Max(f => f.MostUnacknowledged);
        return new LoadResults(seeding, warmup, baseline, measured, followers.Count, mostUnacknowledged, replies, cancellationToken.IsCancellationRequested);
    }

    private async Task<PhaseResult> RunPhaseAsync(int phase, Func<Random, OperationKind> choose, PhaseEnd end, CancellationToken cancellationToken)
    {
        var recorders = new Recorder[settings.Concurrency];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async worker =>
        {
            // Each worker draws its own reproducible sequence of operations.
            var random = new Random(HashCode.Combine(settings.RandomSeed, phase, worker));
            var recorder = recorders[worker] = new Recorder();
            while (!cancellationToken.IsCancellationRequested && end.Continues(started))
            {
                var kind = choose(random);
                await recorder.MeasureAsync(kind, () => operations.RunAsync(kind, random, cancellationToken));
            }
        }));
        return new PhaseResult(Recorder.Merge(recorders), Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>When a phase's workers stop: after a length of time, or once a number of calls have been started between them.</summary>
internal sealed class PhaseEnd
{
    private readonly TimeSpan? _length;
    private readonly long _calls;
    private long _started;

    private PhaseEnd(TimeSpan? length, long calls)
    {
        _length = length;
        _calls = calls;
    }

    public static PhaseEnd After(TimeSpan length) => new(length, long.MaxValue);

    public static PhaseEnd AfterCalls(int calls) => new(null, calls);

    /// <summary>Whether the worker asking may make another call.</summary>
    public bool Continues(long startedTimestamp) =>
        _length is { } length
            ? Stopwatch.GetElapsedTime(startedTimestamp) < length
            : Interlocked.Increment(ref _started) <= _calls;
}

/// <summary>A run that cannot go on; the message says what happened and what to do.</summary>
internal sealed class LoadRunProblem(string message) : Exception(message);
