using System.Globalization;
using System.Text;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;

namespace IntelHub.Audit.Verification;

/// <summary>The outcome of checking a proof document offline.</summary>
public sealed record ProofCheckResult(long Index, AuditEntry? Entry, Checkpoint? Checkpoint, VerificationFailure? Failure)
{
    /// <summary>Whether the proof verified.</summary>
    public bool IsValid => Failure is null;
}

/// <summary>
/// A self-contained proof that one entry is in the log, in the C2SP tlog-proof text format so that
/// existing transparency-log tooling reads it: the header line, <c>extra</c> with the canonical
/// entry in base64 (the leaf is SHA-256(0x00 || extra)), <c>index</c>, the audit path one base64 hash
/// per line, a blank line, and the signed checkpoint.
/// </summary>
public static class InclusionProofDocument
{
    /// <summary>The first line of every proof.</summary>
    public const string Header = "c2sp.org/tlog-proof@v1";

    /// <summary>Writes a proof document.</summary>
    public static string Create(long index, ReadOnlySpan<byte> entry, IReadOnlyList<MerkleHash> auditPath, string signedCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(auditPath);
        ArgumentNullException.ThrowIfNull(signedCheckpoint);
        var text = new StringBuilder()
            .Append(Header).Append('\n')
            .Append("extra ").Append(Convert.ToBase64String(entry)).Append('\n')
            .Append("index ").Append(index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in auditPath)
        {
            text.Append(hash.ToBase64()).Append('\n');
        }

        return text.Append('\n').Append(signedCheckpoint).ToString();
    }

    /// <summary>Checks a proof document with the trusted keys and nothing else.</summary>
    public static ProofCheckResult Verify(string document, CheckpointKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(keys);
        var lines = document.Split('\n');
        if (lines[0] != Header)
        {
            return Malformed(-1, $"line 1: a proof starts with '{Header}'");
        }

        var line = 1;
        if (lines.Length <= line || !lines[line].StartsWith("extra ", StringComparison.Ordinal))
        {
            return Malformed(-1, "line 2: the proof has no 'extra' line holding the entry, so it cannot show which entry it proves");
        }

        byte[] entryBytes;
        try
        {
            entryBytes = Convert.FromBase64String(lines[line]["extra ".Length..]);
        }
        catch (FormatException)
        {
            return Malformed(-1, "line 2: the entry after 'extra ' is not valid base64");
        }

        line++;
        if (lines.Length <= line || !lines[line].StartsWith("index ", StringComparison.Ordinal)
            || !long.TryParse(lines[line]["index ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return Malformed(-1, "line 3: expected 'index <leaf index>' in decimal");
        }

        if (!AuditEntryEncoding.TryDecode(entryBytes, out var entry, out var entryError))
        {
            return Malformed(index, $"line 2: the entry is not a canonical audit entry: {entryError}");
        }

        var path = new List<MerkleHash>();
        for (line++; line < lines.Length && lines[line].Length > 0; line++)
        {
            if (!MerkleHash.TryFromBase64(lines[line], out var hash))
            {
                return Malformed(index, $"line {line + 1}: audit path hash {path.Count + 1} is not 32 bytes in base64");
            }

            path.Add(hash);
        }

        if (line >= lines.Length)
        {
            return Malformed(index, "the proof ends without a blank line and a signed checkpoint");
        }

        var checkpointText = string.Join('\n', lines[(line + 1)..]);
        var checkpoint = keys.Verify(checkpointText);
        if (!checkpoint.IsValid)
        {
            var problem = CheckpointProblems.Of(checkpoint.Check);
            return new ProofCheckResult(index, entry, checkpoint.Checkpoint, new VerificationFailure(problem, $"The proof's checkpoint (from line {line + 2}): {checkpoint.Error}."));
        }

        try
        {
            ProofVerifier.VerifyInclusion(index, checkpoint.Checkpoint!.Size, MerkleHash.FromBytes(MerkleHashing.HashLeaf(entryBytes)), path, checkpoint.Checkpoint.Root);
        }
        catch (InvalidProofException invalid)
        {
            var problem = invalid.Failure == ProofFailure.RootMismatch ? VerificationProblem.RewrittenEntries : VerificationProblem.MalformedProof;
            return new ProofCheckResult(index, entry, checkpoint.Checkpoint, new VerificationFailure(problem, $"Entry {index} is not proved: {invalid.Message}") { EntryIndex = index });
        }

        return new ProofCheckResult(index, entry, checkpoint.Checkpoint, null);
    }

    private static ProofCheckResult Malformed(long index, string message) =>
        new(index, null, null, new VerificationFailure(VerificationProblem.MalformedProof, $"Malformed proof: {message}."));
}
