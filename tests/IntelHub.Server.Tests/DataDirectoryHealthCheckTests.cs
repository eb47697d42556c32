using Grpc.Health.V1;
using IntelHub.Server.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntelHub.Server.Tests;

/// <summary>The data-directory check probes the disk at most once an interval, yet still notices a directory that stopped being writable.</summary>
public sealed class DataDirectoryHealthCheckTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_data_directory_that_disappears_is_reported_unhealthy_once_the_probe_interval_has_passed()
    {
        // Given a healthy data directory, probed once
        var directory = Directory.CreateTempSubdirectory("intelhub-health-").FullName;
        var clock = new SteppedClock();
        var check = new DataDirectoryHealthCheck(new HubOptions { DataDirectory = directory }, clock);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), Token)).Status);

        // When the directory goes away
        Directory.Delete(directory, recursive: true);

        // Then calls within the interval share the last probe's answer, and the first call after it probes again and sees the loss
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), Token)).Status);
        clock.Advance(DataDirectoryHealthCheck.ProbeInterval);
        var after = await check.CheckHealthAsync(new HealthCheckContext(), Token);
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
        Assert.Contains("is not writable", after.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hub_shares_one_data_directory_probe_between_health_calls_and_reports_a_lost_directory_within_the_interval()
    {
        // Given a running hub whose health service has probed its data directory
        await using var hub = await InProcessHub.StartAsync();
        var health = new Health.HealthClient(hub.ChannelAsAgency("wales-riu"));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Token)).Status);
        var probedAt = DateTime.UtcNow;

        // When the directory can no longer be written (replaced by a file of the same name)
        var moved = hub.DataDirectory + ".moved";
        Directory.Move(hub.DataDirectory, moved);
        await File.WriteAllBytesAsync(hub.DataDirectory, [0], Token);
        try
        {
            // Then a call within the interval gets the shared probe's answer (the check is one instance, not one per call),
            // and the hub reports NOT_SERVING once the interval has passed
            var soon = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Token);
            if (DateTime.UtcNow - probedAt < DataDirectoryHealthCheck.ProbeInterval)
                Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, soon.Status);
            await Task.Delay(DataDirectoryHealthCheck.ProbeInterval, Token);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Token)).Status);
        }
        finally
        {
            File.Delete(hub.DataDirectory);
            Directory.Move(moved, hub.DataDirectory);
        }
    }

    /// <summary>Timestamps that move only when the test says.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
