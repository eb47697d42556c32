using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;
using IntelHub.Audit.Verification;

namespace IntelHub.Cli.Audit;

/// <summary>
/// The hub's answer to "does your log still extend the checkpoint I kept?": its latest checkpoint and
/// the RFC 9162 consistency proof from the kept size to it, as the document 'intelhub audit verify
/// --consistency' reads. A hub that rolled back or switched logs is not asked for a proof; the
/// document then carries no hashes, and checking it reports what happened.
/// </summary>
internal sealed record OnlineConsistencyProof(SignedCheckpoint Kept, SignedCheckpoint Latest, IReadOnlyList<MerkleHash> Proof)
{
    /// <summary>Asks the hub to prove that its latest checkpoint extends <paramref name="kept"/>.</summary>
    public static async Task<OnlineConsistencyProof> FetchAsync(RemoteAuditLog log, SignedCheckpoint kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(kept);
        var latest = await log.LatestCheckpointAsync(cancellationToken);
        var comparable = latest.Checkpoint.Origin == kept.Checkpoint.Origin && latest.Size >= kept.Size;
        var proof = comparable ? await log.ConsistencyProofAsync(kept.Size, latest.Size, cancellationToken) : [];
        return new OnlineConsistencyProof(kept, latest, proof);
    }

    /// <summary>The document, in the format 'intelhub audit verify --consistency' reads with the kept checkpoint.</summary>
    public string ToDocument() => ConsistencyProofDocument.Create(Kept.Size, Proof, Latest.Note);

    /// <summary>
    /// Checks the proof as 'verify --consistency' would when <paramref name="keys"/> are given (both
    /// checkpoints' signatures too); without keys, checks only the origins, sizes and the proof's hashes.
    /// </summary>
    public VerificationFailure? Check(CheckpointKeySet? keys)
    {
        if (keys is not null)
        {
            return ConsistencyProofDocument.Verify(ToDocument(), Kept.Note, keys).Failure;
        }

        var (old, now) = (Kept.Checkpoint, Latest.Checkpoint);
        if (now.Origin != old.Origin)
        {
            return new VerificationFailure(VerificationProblem.WrongOrigin, $"The hub's checkpoint is for log '{now.Origin}', the kept one for '{old.Origin}'.");
        }

        if (now.Size < old.Size)
        {
            return new VerificationFailure(VerificationProblem.RolledBack, $"The log was rolled back: the hub's checkpoint covers {now.Size} entries, fewer than the {old.Size} of the kept checkpoint.");
        }

        try
        {
            ProofVerifier.VerifyConsistency(old.Size, now.Size, old.Root, now.Root, Proof);
            return null;
        }
        catch (InvalidProofException invalid)
        {
            var problem = invalid.Failure == ProofFailure.RootMismatch ? VerificationProblem.Forked : VerificationProblem.MalformedProof;
            return new VerificationFailure(problem, $"The hub's checkpoint of size {now.Size} does not extend the kept checkpoint of size {old.Size}: {invalid.Message}");
        }
    }
}
