using System.Data.Common;
using Grpc.Core;
using Grpc.Health.V1;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;
using IntelHub.Audit.Tree;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.AuditTrail;
using IntelHub.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using AuditEntry = IntelHub.Audit.Entries.AuditEntry;

namespace IntelHub.Server.Tests;

/// <summary>
/// The hub keeps only 256-entry blocks' hashes and above in memory and reads older blocks back from
/// the store to prove: the proofs are the ones a tree holding every hash gives, and rows changed
/// since they were read are refused, not proved.
/// </summary>
public sealed class AuditBlockProofTests(PostgresCluster cluster)
{
    // The health service answers from a periodic probe; a short period shows the failure promptly.
    private const string QuickProbe = "Hub:HealthProbeInterval=00:00:00.100";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Proofs_across_many_blocks_are_the_full_trees_and_verify_against_the_signed_checkpoints(Engine engine)
    {
        // Given a hub whose log spans several blocks, and its proofs checked as below
        var hub = await InProcessHub.StartAsync(engine, cluster);
        try
        {
            await ProveAcrossBlocksAsync(hub);

            // And a restarted hub, which checks every stored checkpoint against the tree it rebuilds, finds them all still signed over the same rows
            hub = await hub.RestartAsync();
            await AuditLogCheck.CheckpointCoveringAsync(hub.As("nca", UserRole.Auditor), 0);
            Assert.Null(hub.Services.GetRequiredService<HubAuditLog>().IntegrityFailure);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    private static async Task ProveAcrossBlocksAsync(InProcessHub hub)
    {
        // A log of several 256-entry blocks, signed at sizes that fall inside blocks
        var auditor = hub.As("nca", UserRole.Auditor);
        foreach (var batch in new[] { 150, 230, 321 })
        {
            var leaves = await hub.Store.AppendAuditAsync(Entries(batch), Token);
            await AuditLogCheck.CheckpointCoveringAsync(auditor, (ulong)leaves[^1]);
        }

        // And a tree holding every hash, built from the stored rows
        var full = new MerkleTree();
        while (true)
        {
            var rows = await hub.Store.ReadAuditAsync(full.Size, 1000, Token);
            if (rows.Count == 0) break;
            foreach (var row in rows) full.Append(MerkleHashing.HashLeaf(row.CanonicalEntry.Span));
        }

        var checkpoints = (await hub.Store.ListCheckpointsAsync(Token)).Select(c => (ulong)c.TreeSize).ToList();
        Assert.True(checkpoints[^1] > 512, $"the log was signed only up to {checkpoints[^1]} entries");
        var latest = await auditor.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token);
        Assert.Equal(full.RootAt((long)latest.TreeSize), MerkleHash.FromBytes(latest.RootHash.Span));

        foreach (var size in checkpoints)
        {
            // Then inclusion proofs of leaves at and around block edges, in every signed tree, are the full tree's and verify
            foreach (var leaf in new ulong[] { 0, 1, 100, 255, 256, 257, 400, 511, 512, size - 1 }.Where(l => l < size))
            {
                var proof = await auditor.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = leaf, TreeSize = size }, cancellationToken: Token);
                var path = proof.AuditPath.Select(p => MerkleHash.FromBytes(p.Span)).ToList();
                Assert.Equal(full.InclusionProof((long)leaf, (long)size), path);
                ProofVerifier.VerifyInclusion((long)leaf, (long)size, full.LeafHash((long)leaf), path, full.RootAt((long)size));
            }

            // And consistency proofs from every earlier signed size are too
            foreach (var earlier in checkpoints.Where(c => c < size))
            {
                var proof = await auditor.Audit.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = earlier, SecondSize = size }, cancellationToken: Token);
                var hashes = proof.Proof.Select(p => MerkleHash.FromBytes(p.Span)).ToList();
                Assert.Equal(full.ConsistencyProof((long)earlier, (long)size), hashes);
                ProofVerifier.VerifyConsistency((long)earlier, (long)size, full.RootAt((long)earlier), full.RootAt((long)size), hashes);
            }
        }
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_row_rewritten_under_a_running_hub_is_refused_when_a_proof_reads_it_back(Engine engine)
    {
        // Given a running hub with two signed blocks of entries
        var setup = engine == Engine.Sqlite ? HubSetup.Sqlite(QuickProbe) : await HubSetup.PostgresAsync(cluster, QuickProbe);
        await using var hub = await InProcessHub.StartAsync(setup);
        var auditor = hub.As("nca", UserRole.Auditor);
        var leaves = await hub.Store.AppendAuditAsync(Entries(600), Token);
        var checkpoint = await AuditLogCheck.CheckpointCoveringAsync(auditor, (ulong)leaves[^1]);
        Assert.NotNull(await auditor.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = 300, TreeSize = checkpoint.TreeSize }, cancellationToken: Token));

        // When an insider rewrites entry 300 in the database
        await AuditSigningTests.RewriteAuditRowAsync(setup, 300);

        // Then a proof that reads its block back is refused as data loss, naming the block's entries
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            auditor.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = 299, TreeSize = checkpoint.TreeSize }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.DataLoss, refused.StatusCode);
        Assert.Contains("leaves 256..511", refused.Status.Detail, StringComparison.Ordinal);

        // And a proof that needs no hash inside that block is still served
        Assert.NotNull(await auditor.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = 3, TreeSize = 256 }, cancellationToken: Token));

        // And a row deleted from another block is refused the same way when a proof reads that block back
        await DeleteAuditRowAsync(setup, 100);
        var deleted = await Assert.ThrowsAsync<RpcException>(() =>
            auditor.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = 3, TreeSize = 256 }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.DataLoss, deleted.StatusCode);
        Assert.Contains("leaves 0..255", deleted.Status.Detail, StringComparison.Ordinal);

        // And the hub records the (first) integrity failure, reports unhealthy and signs nothing more
        var failure = hub.Services.GetRequiredService<HubAuditLog>().IntegrityFailure;
        Assert.NotNull(failure);
        Assert.Contains("leaves 256..511 no longer match", failure, StringComparison.Ordinal);
        var health = new Health.HealthClient(hub.ChannelAsAgency("wales-riu"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Token)).Status != HealthCheckResponse.Types.ServingStatus.NotServing)
        {
            Assert.True(DateTime.UtcNow < deadline, "The hub still reported itself serving 10 seconds after the integrity failure.");
            await Task.Delay(100, Token);
        }

        var signed = (await hub.Store.ListCheckpointsAsync(Token)).Count;
        await hub.Store.AppendAuditAsync(Entries(5), Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        Assert.Equal(signed, (await hub.Store.ListCheckpointsAsync(Token)).Count);
    }

    private static async Task DeleteAuditRowAsync(HubSetup setup, long sequence)
    {
        await using DbConnection connection = AuditSigningTests.PostgresConnection(setup) is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine(setup.DataDirectory, "intelhub.db")};Pooling=False");
        await connection.OpenAsync(Token);
        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM audit_records WHERE sequence = {sequence}";
        Assert.Equal(1, await delete.ExecuteNonQueryAsync(Token));
    }

    private static List<ReadOnlyMemory<byte>> Entries(int count) =>
        Enumerable.Range(0, count).Select(i => HubAuditLog.Encode(new AuditEntry
        {
            Time = DateTimeOffset.UtcNow, Action = AuditAction.Submission, Agency = "south-wales-police", User = "bulk-submitter", ItemId = $"bulk-{Guid.NewGuid():N}-{i}",
        })).ToList();
}
