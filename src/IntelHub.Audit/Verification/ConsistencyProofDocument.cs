using System.Globalization;
using System.Text;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;

namespace IntelHub.Audit.Verification;

/// <summary>The outcome of checking that a newer checkpoint extends one the verifier kept.</summary>
public sealed record ConsistencyCheckResult(Checkpoint? Kept, Checkpoint? Current, VerificationFailure? Failure)
{
    /// <summary>Whether the newer tree extends the kept one.</summary>
    public bool IsValid => Failure is null;
}

/// <summary>
/// Proof that the log's current checkpoint extends a checkpoint an oversight body kept from before,
/// so that it can detect a rolled-back or forked log with the public key and the two checkpoints
/// alone. The text is the body of a C2SP tlog-witness add-checkpoint request: <c>old &lt;size&gt;</c>,
/// the RFC 9162 consistency proof one base64 hash per line, a blank line, the newer signed checkpoint.
/// </summary>
public static class ConsistencyProofDocument
{
    /// <summary>Writes the document.</summary>
    public static string Create(long oldSize, IReadOnlyList<MerkleHash> proof, string currentCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(currentCheckpoint);
        var text = new StringBuilder("old ").Append(oldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in proof)
        {
            text.Append(hash.ToBase64()).Append('\n');
        }

        return text.Append('\n').Append(currentCheckpoint).ToString();
    }

    /// <summary>Checks <paramref name="document"/> against the checkpoint the verifier kept, with the trusted keys.</summary>
    public static ConsistencyCheckResult Verify(string document, string keptCheckpoint, CheckpointKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(keys);
        var kept = keys.Verify(keptCheckpoint);
        if (!kept.IsValid)
        {
            return Failed(null, null, CheckpointProblems.Of(kept.Check), $"The kept checkpoint: {kept.Error}.");
        }

        var lines = document.Split('\n');
        if (!lines[0].StartsWith("old ", StringComparison.Ordinal)
            || !long.TryParse(lines[0]["old ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var oldSize))
        {
            return Failed(kept.Checkpoint, null, VerificationProblem.MalformedProof, "Malformed consistency proof: line 1: expected 'old <tree size>'.");
        }

        var proof = new List<MerkleHash>();
        var line = 1;
        for (; line < lines.Length && lines[line].Length > 0; line++)
        {
            if (!MerkleHash.TryFromBase64(lines[line], out var hash))
            {
                return Failed(kept.Checkpoint, null, VerificationProblem.MalformedProof, $"Malformed consistency proof: line {line + 1}: proof hash {proof.Count + 1} is not 32 bytes in base64.");
            }

            proof.Add(hash);
        }

        if (line >= lines.Length)
        {
            return Failed(kept.Checkpoint, null, VerificationProblem.MalformedProof, "Malformed consistency proof: it ends without a blank line and a signed checkpoint.");
        }

        var current = keys.Verify(string.Join('\n', lines[(line + 1)..]));
        if (!current.IsValid)
        {
            return Failed(kept.Checkpoint, null, CheckpointProblems.Of(current.Check), $"The proof's checkpoint (from line {line + 2}): {current.Error}.");
        }

        var old = kept.Checkpoint!;
        var now = current.Checkpoint!;
        if (oldSize != old.Size)
        {
            return Failed(old, now, VerificationProblem.MalformedProof, $"The proof starts from size {oldSize}, but the kept checkpoint has size {old.Size}.");
        }

        if (now.Origin != old.Origin)
        {
            return Failed(old, now, VerificationProblem.WrongOrigin, $"The proof's checkpoint is for log '{now.Origin}', the kept one for '{old.Origin}'.");
        }

        if (now.Size < old.Size)
        {
            return Failed(old, now, VerificationProblem.RolledBack, $"The log was rolled back: its checkpoint covers {now.Size} entries, fewer than the {old.Size} of the kept checkpoint.");
        }

        try
        {
            ProofVerifier.VerifyConsistency(old.Size, now.Size, old.Root, now.Root, proof);
        }
        catch (InvalidProofException invalid)
        {
            var problem = invalid.Failure == ProofFailure.RootMismatch ? VerificationProblem.Forked : VerificationProblem.MalformedProof;
            return Failed(old, now, problem, $"The checkpoint of size {now.Size} does not extend the kept checkpoint of size {old.Size}: {invalid.Message}");
        }

        return new ConsistencyCheckResult(old, now, null);
    }

    private static ConsistencyCheckResult Failed(Checkpoint? kept, Checkpoint? current, VerificationProblem problem, string message) =>
        new(kept, current, new VerificationFailure(problem, message));
}
