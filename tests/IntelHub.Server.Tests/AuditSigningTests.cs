using System.Data.Common;
using Grpc.Health.V1;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.AuditTrail;
using IntelHub.Storage;
using IntelHub.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// When the hub signs its audit log: on its schedule and at shutdown, never because a reader asked,
/// and never over stored entries that contradict what it signed before.
/// </summary>
public sealed class AuditSigningTests(PostgresCluster cluster)
{
    private const string RarelyOnSchedule = "Hub:Audit:CheckpointInterval=01:00:00";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Reading_the_checkpoint_many_times_signs_nothing_new(Engine engine)
    {
        // Given a hub whose schedule will not sign during the test, and its checkpoints so far
        await using var hub = await InProcessHub.StartAsync(engine, cluster, RarelyOnSchedule);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var auditor = hub.As("nca", UserRole.Auditor);
        var signedBefore = (await hub.Store.ListCheckpointsAsync(Token)).Count;
        var first = await auditor.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token);

        // When new entries arrive and readers keep asking for the checkpoint
        for (var i = 0; i < 5; i++)
        {
            await force.Reports.SubmitIntelligenceAsync(LabourIntelligence($"swp-read-{i}"), cancellationToken: Token);
            for (var read = 0; read < 4; read++)
                Assert.Equal(first.SignedNote, (await auditor.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token)).SignedNote);
        }

        // Then they are served the latest signed checkpoint, and no signature was made for them
        Assert.Equal(signedBefore, (await hub.Store.ListCheckpointsAsync(Token)).Count);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_hub_stopped_with_SIGTERM_signs_a_checkpoint_over_every_entry(Engine engine)
    {
        var setup = engine == Engine.Sqlite ? HubSetup.Sqlite(RarelyOnSchedule) : await HubSetup.PostgresAsync(cluster, RarelyOnSchedule);
        try
        {
            // Given entries made after the hub's last scheduled checkpoint
            await using (var hub = await HubProcess.StartAsync(setup.DataDirectory, setup.Settings))
            {
                var force = hub.As("south-wales-police", UserRole.Submitter);
                for (var i = 0; i < 7; i++)
                    await force.Reports.SubmitIntelligenceAsync(LabourIntelligence($"swp-term-{i}"), cancellationToken: Token);

                // When the hub is stopped as an orchestrator stops it
                await hub.TerminateAsync();
            }

            // Then its last checkpoint covers every entry in its store
            await using var store = StoreOf(setup);
            var entries = await store.AuditCountAsync(Token);
            var checkpoints = await store.ListCheckpointsAsync(Token);
            Assert.Equal(entries, checkpoints[^1].TreeSize);
        }
        finally
        {
            if (Directory.Exists(setup.DataDirectory)) Directory.Delete(setup.DataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_hub_whose_audit_row_was_rewritten_while_stopped_signs_nothing_reports_unhealthy_and_names_the_range(Engine engine)
    {
        var setup = engine == Engine.Sqlite ? HubSetup.Sqlite() : await HubSetup.PostgresAsync(cluster);
        // Given a signed log, and a submission's audit row rewritten in the database while the hub was stopped
        ulong rewritten;
        await using (var hub = await HubProcess.StartAsync(setup.DataDirectory, setup.Settings))
        {
            var force = hub.As("south-wales-police", UserRole.Submitter);
            rewritten = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-rewrite-0"), cancellationToken: Token)).Receipt.AuditLeafIndex;
            await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-rewrite-1"), cancellationToken: Token);
            await hub.TerminateAsync();
        }
        IReadOnlyList<(long TreeSize, string SignedNote)> signed;
        await using (var store = StoreOf(setup)) signed = await store.ListCheckpointsAsync(Token);
        await RewriteAuditRowAsync(setup, (long)rewritten);
        var matching = signed.Where(c => c.TreeSize <= (long)rewritten).Select(c => c.TreeSize).DefaultIfEmpty(0).Max();
        var contradicted = signed.First(c => c.TreeSize > (long)rewritten).TreeSize;

        // When the hub starts on that database
        await using var restarted = await InProcessHub.StartAsync(setup);

        // Then it says which entries no longer match what it signed
        var failure = restarted.Services.GetRequiredService<HubAuditLog>().IntegrityFailure;
        Assert.NotNull(failure);
        Assert.Contains($"leaves {matching}..{contradicted - 1} do not match the checkpoint of size {contradicted}", failure, StringComparison.Ordinal);

        // And reports itself unhealthy
        var health = await new Health.HealthClient(restarted.ChannelAsAgency("wales-riu")).CheckAsync(new HealthCheckRequest(), cancellationToken: Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, health.Status);

        // And signs nothing more, however long new entries wait
        var force2 = restarted.As("south-wales-police", UserRole.Submitter);
        await force2.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-rewrite-2"), cancellationToken: Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        Assert.Equal(signed.Select(c => c.TreeSize), (await restarted.Store.ListCheckpointsAsync(Token)).Select(c => c.TreeSize));
    }

    private static IHubStore StoreOf(HubSetup setup) =>
        PostgresConnection(setup) is { } connection
            ? new StoreSettings { Engine = StoreEngine.Postgres, PostgresConnectionString = connection }.Open()
            : new StoreSettings { Engine = StoreEngine.Sqlite, SqlitePath = Path.Combine(setup.DataDirectory, "intelhub.db") }.Open();

    internal static string? PostgresConnection(HubSetup setup) =>
        setup.Settings.FirstOrDefault(s => s.StartsWith("Storage:PostgresConnectionString=", StringComparison.Ordinal))?.Split('=', 2)[1];

    /// <summary>What an insider with database access does: changes one byte of a stored audit entry.</summary>
    internal static async Task RewriteAuditRowAsync(HubSetup setup, long sequence)
    {
        await using DbConnection connection = PostgresConnection(setup) is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine(setup.DataDirectory, "intelhub.db")};Pooling=False");
        await connection.OpenAsync(Token);
        byte[] entry;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT entry FROM audit_records WHERE sequence = {sequence}";
            entry = (byte[])(await read.ExecuteScalarAsync(Token))!;
        }
        entry[^1] ^= 0x01;
        await using var write = connection.CreateCommand();
        write.CommandText = $"UPDATE audit_records SET entry = @entry WHERE sequence = {sequence}";
        var parameter = write.CreateParameter();
        parameter.ParameterName = "entry";
        parameter.Value = entry;
        write.Parameters.Add(parameter);
        Assert.Equal(1, await write.ExecuteNonQueryAsync(Token));
    }
}
