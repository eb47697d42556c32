using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;
using IntelHub.Audit.Verification;
using IntelHub.Cli.Client;

namespace IntelHub.Cli.Audit;

/// <summary>
/// What the hub gives for one leaf: its latest checkpoint, the audit path from the leaf to that
/// checkpoint's root and, for an auditor or the agency whose action it records, the entry itself. With the entry it becomes the same
/// c2sp.org/tlog-proof document 'intelhub audit prove --entry' writes offline, so 'verify --proof'
/// checks it without the hub.
/// </summary>
internal sealed record OnlineInclusionProof(long Leaf, SignedCheckpoint Checkpoint, IReadOnlyList<MerkleHash> AuditPath, byte[]? Entry)
{
    /// <summary>How long to wait for a checkpoint covering the leaf: a few of the hub's default checkpoint intervals (5 s).</summary>
    private static readonly TimeSpan CheckpointWait = TimeSpan.FromSeconds(15);

    /// <summary>Asks the hub for the proof of <paramref name="leaf"/> against its latest checkpoint.</summary>
    public static async Task<OnlineInclusionProof> FetchAsync(RemoteAuditLog log, long leaf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (leaf < 0)
        {
            throw new CliProblem($"--leaf {leaf}: a leaf index is 0 or more (a receipt's 'audit leaf').");
        }

        // The hub signs on its schedule (every few seconds), not when asked: a receipt just given is
        // covered by the next checkpoint, so wait for it a little before giving up.
        var latest = await log.LatestCheckpointAsync(cancellationToken);
        var waitUntil = DateTime.UtcNow + CheckpointWait;
        while (leaf >= latest.Size && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            latest = await log.LatestCheckpointAsync(cancellationToken);
        }

        if (leaf >= latest.Size)
        {
            throw new CliProblem(
                $"Leaf {leaf} is not in the hub's latest checkpoint, which covers leaves 0 to {latest.Size - 1}, and no newer checkpoint came within {CheckpointWait.TotalSeconds:0} seconds: check the receipt's audit leaf, or try again once the hub has signed a newer checkpoint.");
        }

        var path = await log.InclusionPathAsync(leaf, latest.Size, cancellationToken);
        var entry = await log.LeafDataAsync(leaf, cancellationToken);
        return new OnlineInclusionProof(leaf, latest, path, entry);
    }

    /// <summary>Whether the hub gave the entry, without which no verifier can recompute the leaf hash.</summary>
    public bool HasEntry => Entry is not null;

    /// <summary>The proof document, in the format 'intelhub audit verify --proof' reads.</summary>
    public string ToDocument() =>
        InclusionProofDocument.Create(Leaf, Entry ?? throw new InvalidOperationException("The hub did not give the entry, so there is no proof document to write."), AuditPath, Checkpoint.Note);

    /// <summary>
    /// Checks the proof as 'verify --proof' would when <paramref name="keys"/> are given; without keys,
    /// checks only that the path leads from the entry to the checkpoint's root (the signature is then unchecked).
    /// </summary>
    public VerificationFailure? Check(CheckpointKeySet? keys)
    {
        var document = ToDocument();
        if (keys is not null)
        {
            return InclusionProofDocument.Verify(document, keys).Failure;
        }

        try
        {
            ProofVerifier.VerifyInclusion(Leaf, Checkpoint.Size, MerkleHash.FromBytes(MerkleHashing.HashLeaf(Entry)), AuditPath, Checkpoint.Checkpoint.Root);
            return null;
        }
        catch (InvalidProofException invalid)
        {
            var problem = invalid.Failure == ProofFailure.RootMismatch ? VerificationProblem.RewrittenEntries : VerificationProblem.MalformedProof;
            return new VerificationFailure(problem, $"Leaf {Leaf} is not proved: {invalid.Message}") { EntryIndex = Leaf };
        }
    }
}
