using System.Diagnostics;
using Grpc.Health.V1;
using IntelHub.LoadGenerator.Recording;
using IntelHub.LoadGenerator.Settings;
using IntelHub.LoadGenerator.Target;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Ceilings;

/// <summary>The ceilings of one run: the empty call through the hub's TLS and authentication, and the store's raw insert rates.</summary>
internal sealed record Ceilings(PhaseResult EmptyCall, StoreInsertRates Store);

/// <summary>
/// Measures the ceilings right after the hub's own phases, in the same process and with the same workers, so that
/// every hub figure can be quoted as a share of what the machine allows: an empty call with the same concurrency over
/// one TLS connection per agency (the same agencies' certificates and users' tokens as the hub's calls), then the
/// store's raw inserts of rows the size of the run's reports.
/// </summary>
internal static class CeilingRun
{
    public static async Task<Ceilings> MeasureAsync(LoadSettings settings, HubTarget target, ScenarioParties parties, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"Measuring the empty-call ceiling (bare gRPC, same mTLS and bearer tokens) for {DurationText.Format(settings.BaselineDuration)} ...");
        PhaseResult emptyCall;
        await using (var bare = await BareGrpcServer.StartAsync(target.PkiDirectory, cancellationToken))
        {
            using var channels = new AgencyChannels(bare.Address, target.PkiDirectory, settings.PlannedLength);
            // Unmeasured first calls: connections, TLS handshakes, JIT.
            await RunAsync(settings.Concurrency, TimeSpan.FromSeconds(1), channels, parties, cancellationToken);
            emptyCall = await RunAsync(settings.Concurrency, settings.BaselineDuration, channels, parties, cancellationToken);
        }

        var postgres = (settings.Target as HubTargetSettings.InProcess)?.PostgresConnectionString;
        var rowBytes = ReportBytes(settings.RandomSeed);
        progress.WriteLine($"Measuring the store's raw insert rate ({rowBytes} B rows) for {DurationText.Format(settings.BaselineDuration)} each way ...");
        var store = await StoreInsertCeiling.MeasureAsync(postgres, rowBytes, settings.Concurrency, settings.Concurrency, settings.BaselineDuration, cancellationToken);
        return new Ceilings(emptyCall, store);
    }

    /// <summary>Empty calls in a closed loop, each worker as one reader of the scenario with its agency's connection and its token.</summary>
    private static async Task<PhaseResult> RunAsync(int concurrency, TimeSpan length, AgencyChannels channels, ScenarioParties parties, CancellationToken cancellationToken)
    {
        var recorders = new Recorder[concurrency];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var reader = parties.Readers[worker % parties.Readers.Count];
            var health = channels.For(reader.Caller.AgencyId).Health;
            var recorder = recorders[worker] = new Recorder();
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetElapsedTime(started) < length)
            {
                await recorder.MeasureAsync(OperationKind.HealthCheck, async () =>
                {
                    await health.CheckAsync(new HealthCheckRequest(), channels.As(reader.Caller, cancellationToken));
                    return 0;
                });
            }
        }));
        return new PhaseResult(Recorder.Merge(recorders), Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The mean size of the scenario's reports on the wire: the row size of the raw insert ceiling.</summary>
    private static int ReportBytes(int seed)
    {
        var requests = ScenarioRequests.Generate(seed);
        var sizes = Enumerable.Range(0, Math.Min(requests.Count, 500)).Select(_ =>
        {
            var report = requests.NextReport();
            return report.Information is { } information ? information.CalculateSize() : report.Intelligence!.CalculateSize();
        }).ToList();
        return (int)sizes.Average();
    }
}
