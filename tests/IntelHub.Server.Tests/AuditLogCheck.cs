using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;
using IntelHub.Audit.Tree;
using IntelHub.Contracts.V1;

namespace IntelHub.Server.Tests;

/// <summary>Verifies the hub's audit log from outside, through the audit service and a public key.</summary>
internal static class AuditLogCheck
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// The hub's latest checkpoint once it covers <paramref name="leaf"/>: the hub signs on its schedule
    /// (Hub:Audit:CheckpointInterval), never because it was asked, so a new leaf is covered a moment later.
    /// </summary>
    public static async Task<GetCheckpointResponse> CheckpointCoveringAsync(HubUser user, ulong leaf)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var latest = await user.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token);
            if (latest.TreeSize > leaf) return latest;
            Assert.True(DateTime.UtcNow < deadline, $"No checkpoint covered leaf {leaf} within 30 seconds; the latest covers {latest.TreeSize} leaves.");
            await Task.Delay(100, Token);
        }
    }

    /// <summary>
    /// What an oversight body does with the public key alone: read every leaf, recompute the tree,
    /// check the latest checkpoint's signature and root, and that it extends the one kept from before.
    /// </summary>
    public static async Task VerifyWholeLogAsync(HubUser auditor, CheckpointKey publicKey, GetCheckpointResponse? kept = null)
    {
        var latest = await auditor.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token);
        var keys = new CheckpointKeySet([publicKey]);
        var verified = keys.Verify(latest.SignedNote);
        Assert.True(verified.IsValid, verified.Error);

        var tree = new MerkleTree();
        while ((ulong)tree.Size < latest.TreeSize)
        {
            var page = await auditor.Audit.GetEntriesAsync(new GetEntriesRequest { Start = (ulong)tree.Size, End = latest.TreeSize }, cancellationToken: Token);
            Assert.NotEmpty(page.Entries);
            foreach (var entry in page.Entries)
            {
                Assert.Equal((ulong)tree.Size, entry.LeafIndex);
                tree.Append(MerkleHashing.HashLeaf(entry.LeafData.Span));
            }
        }
        Assert.Equal(verified.Checkpoint!.Root, tree.Root());

        if (kept is null) return;
        var earlier = keys.Verify(kept.SignedNote);
        Assert.True(earlier.IsValid, earlier.Error);
        var consistency = await auditor.Audit.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = kept.TreeSize, SecondSize = latest.TreeSize }, cancellationToken: Token);
        ProofVerifier.VerifyConsistency((long)kept.TreeSize, (long)latest.TreeSize, earlier.Checkpoint!.Root, verified.Checkpoint.Root,
            consistency.Proof.Select(p => MerkleHash.FromBytes(p.Span)).ToList());
    }
}
