using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using IntelHub.Server.Hosting;
using IntelHub.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace IntelHub.Server.Tests;

/// <summary>
/// The health service answers from the background probe's last result: a data directory or store that fails shows
/// as NOT_SERVING within a few probe intervals and SERVING once it recovers, and a probe stuck on a check is itself
/// NOT_SERVING, while the health call keeps answering at once.
/// </summary>
public sealed class HealthProbeTests(PostgresCluster cluster)
{
    /// <summary>A short interval keeps the tests quick: stale after 0.3 s.</summary>
    private const string QuickProbe = "Hub:HealthProbeInterval=00:00:00.100";

    /// <summary>Far longer than a few intervals, so that a loaded test machine does not fail a correct hub.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_hub_answers_NOT_SERVING_once_its_data_directory_is_unwritable_and_SERVING_once_it_is_writable_again()
    {
        // Given a serving hub
        await using var hub = await InProcessHub.StartAsync(QuickProbe);
        var health = new Health.HealthClient(hub.ChannelAsAgency("wales-riu"));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(health));

        // When its data directory can no longer be written (replaced by a file of the same name)
        var moved = hub.DataDirectory + ".moved";
        Directory.Move(hub.DataDirectory, moved);
        await File.WriteAllBytesAsync(hub.DataDirectory, [0], Token);
        try
        {
            // Then it answers NOT_SERVING within the bound
            await AssertBecomesAsync(health, ServingStatus.NotServing);
        }
        finally
        {
            File.Delete(hub.DataDirectory);
            Directory.Move(moved, hub.DataDirectory);
        }

        // And SERVING again once the directory is back
        await AssertBecomesAsync(health, ServingStatus.Serving);
    }

    [Fact]
    public async Task A_probe_stuck_on_a_check_makes_the_hub_NOT_SERVING_while_health_calls_still_answer_at_once_and_watchers_see_each_change()
    {
        // Given a serving hub with one more check that the test can make hang, and a watcher
        var gate = new HoldableCheck();
        await using var hub = await InProcessHub.StartAsync(HubSetup.Sqlite(QuickProbe) with
        {
            Services = services => services.AddHealthChecks().AddCheck("test-gate", gate),
        });
        var health = new Health.HealthClient(hub.ChannelAsAgency("wales-riu"));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(health));
        using var watch = health.Watch(new HealthCheckRequest(), cancellationToken: Token);
        Assert.Equal(ServingStatus.Serving, await NextAsync(watch));

        // When a probe hangs in that check (as on a hung disk or store) and no result is newer than three intervals
        gate.Hold();
        try
        {
            // Then the hub answers NOT_SERVING (each call answered within its 2-second deadline, not held by the probe), and the watcher is told
            await AssertBecomesAsync(health, ServingStatus.NotServing);
            Assert.Equal(ServingStatus.NotServing, await NextAsync(watch));
        }
        finally
        {
            gate.Release();
        }

        // And SERVING again once the probe ends, to callers and the watcher alike
        await AssertBecomesAsync(health, ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, await NextAsync(watch));
    }

    [Fact]
    public async Task The_hub_answers_NOT_SERVING_while_its_PostgreSQL_database_refuses_connections_and_SERVING_once_it_accepts_them_again()
    {
        // Given a serving hub on PostgreSQL
        var setup = await HubSetup.PostgresAsync(cluster, QuickProbe);
        await using var hub = await InProcessHub.StartAsync(setup);
        var health = new Health.HealthClient(hub.ChannelAsAgency("wales-riu"));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(health));
        var database = new NpgsqlConnectionStringBuilder(setup.Settings.Single(s => s.StartsWith("Storage:PostgresConnectionString=", StringComparison.Ordinal))
            .Split('=', 2)[1]).Database!;

        // When the database stops accepting connections and drops the hub's
        await AdministerAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await AdministerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");

            // Then the store check fails and the hub answers NOT_SERVING within the bound
            await AssertBecomesAsync(health, ServingStatus.NotServing);
        }
        finally
        {
            await AdministerAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        // And SERVING again once the database accepts connections
        await AssertBecomesAsync(health, ServingStatus.Serving);
    }

    [Fact]
    public async Task A_health_check_for_a_named_service_is_NOT_FOUND_and_a_watch_of_one_is_SERVICE_UNKNOWN()
    {
        // Given a serving hub, which reports its health as a whole
        await using var hub = await InProcessHub.StartAsync(QuickProbe);
        var health = new Health.HealthClient(hub.ChannelAsAgency("wales-riu"));

        // When a caller asks after a named service, Then it is told the hub does not know it
        var refused = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "intelhub.v1.ReportService" }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Contains("empty service name", refused.Status.Detail, StringComparison.Ordinal);
        using var watch = health.Watch(new HealthCheckRequest { Service = "intelhub.v1.ReportService" }, cancellationToken: Token);
        Assert.Equal(ServingStatus.ServiceUnknown, await NextAsync(watch));
    }

    [Fact]
    public async Task An_open_watch_ends_when_the_hub_stops_instead_of_holding_up_its_shutdown()
    {
        // Given a hub watched over a channel of the caller's own (the hub under test does not close it first)
        var hub = await InProcessHub.StartAsync(QuickProbe);
        using var channel = InProcessHub.Open(hub.Address, hub.Pki.ClientCertificateFor("wales-riu", TimeProvider.System), hub.Pki.Authority, bearerToken: null);
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest(), cancellationToken: Token);
        Assert.Equal(ServingStatus.Serving, await NextAsync(watch));

        // When the hub stops
        var clock = Stopwatch.StartNew();
        await hub.DisposeAsync();

        // Then it stopped within the bound (not after Kestrel's shutdown timeout), and the watch ended
        Assert.True(clock.Elapsed < Bound, $"The hub took {clock.Elapsed.TotalSeconds:0.0} s to stop with a watch open.");
        using var within = CancellationTokenSource.CreateLinkedTokenSource(Token);
        within.CancelAfter(Bound);
        var ended = await Record.ExceptionAsync(async () => Assert.False(await watch.ResponseStream.MoveNext(within.Token), "The watch sent another status after the hub stopped."));
        Assert.True(ended is null or RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.Internal }, $"The watch ended with {ended}.");
    }

    [Theory]
    [InlineData("00:00:00.010")]
    [InlineData("00:05:00")]
    public async Task A_probe_interval_out_of_range_stops_the_hub_naming_the_setting(string interval)
    {
        // When a hub is started with a probe interval too short to be a background probe, or too long to notice a failure
        var refused = await Assert.ThrowsAsync<HubConfigurationException>(() => InProcessHub.StartAsync($"Hub:HealthProbeInterval={interval}"));

        // Then it refuses, naming the setting and its range
        Assert.Contains(refused.Problems, p => p.StartsWith("Hub:HealthProbeInterval", StringComparison.Ordinal) && p.Contains("00:00:00.05 to 00:01:00", StringComparison.Ordinal));
    }

    private async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static async Task<ServingStatus> StatusAsync(Health.HealthClient health) =>
        (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: Token)).Status;

    private static async Task<ServingStatus> NextAsync(AsyncServerStreamingCall<HealthCheckResponse> watch)
    {
        using var within = CancellationTokenSource.CreateLinkedTokenSource(Token);
        within.CancelAfter(Bound);
        Assert.True(await watch.ResponseStream.MoveNext(within.Token), "The health watch ended.");
        return watch.ResponseStream.Current.Status;
    }

    private static async Task AssertBecomesAsync(Health.HealthClient health, ServingStatus expected)
    {
        var clock = Stopwatch.StartNew();
        var last = await StatusAsync(health);
        while (last != expected && clock.Elapsed < Bound)
        {
            await Task.Delay(20, Token);
            last = await StatusAsync(health);
        }
        Assert.True(last == expected, $"The hub still answered {last}, not {expected}, after {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    /// <summary>A check that passes, or hangs while held (until released or the probe is cancelled).</summary>
    private sealed class HoldableCheck : IHealthCheck
    {
        private volatile TaskCompletionSource? _held;

        public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Interlocked.Exchange(ref _held, null)?.TrySetResult();

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (_held is { } held) await held.Task.WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
    }
}
