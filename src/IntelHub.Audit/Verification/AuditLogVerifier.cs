using System.Runtime.CompilerServices;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Log;
using IntelHub.Audit.Tree;

namespace IntelHub.Audit.Verification;

/// <summary>
/// Verifies a log directory (the embedded store or an export) with public keys and nothing from the
/// writer. One streaming pass: each entry is checked for form, rehashed and compared with the leaf
/// hash recorded beside it (which pinpoints an edited entry), and fed to a compact range; whenever
/// the range reaches a checkpoint's size, the recomputed root must equal the signed root. Because
/// every checkpoint is checked against the same recomputed prefix, successive checkpoints are
/// proved consistent with each other (the strongest form of a consistency proof). Checkpoints the
/// caller already trusts (from an earlier export, a witness) catch a log rolled back or forked
/// behind the verifier's back.
/// </summary>
public static class AuditLogVerifier
{
    /// <summary>Verifies the log in <paramref name="directory"/>.</summary>
    /// <remarks>
    /// Compiled fully optimised on first call: a command-line verify runs this loop once over
    /// millions of entries, too few calls for tiered compilation to promote it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static VerificationReport Verify(string directory, CheckpointKeySet keys, IReadOnlyList<string>? trustedCheckpoints = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var entriesPath = Path.Combine(directory, LogFiles.EntriesFile);
        if (!File.Exists(entriesPath))
        {
            return Fail(0, 0, 0, new VerificationFailure(VerificationProblem.TruncatedLog, $"'{entriesPath}' does not exist: this is not an audit log directory (or an export)."));
        }

        var checkpointFailure = ReadTargets(directory, keys, trustedCheckpoints ?? [], out var targets);
        if (checkpointFailure is not null)
        {
            return Fail(0, 0, 0, checkpointFailure);
        }

        var range = new CompactRange();
        Span<byte> leaf = stackalloc byte[MerkleHashing.HashSize];
        Span<byte> root = stackalloc byte[MerkleHashing.HashSize];
        var next = 0;
        var verified = 0;
        long covered = 0;
        using var reader = EntryRecordReader.Open(entriesPath);
        while (true)
        {
            var status = reader.Next();
            if (status != EntryRecordStatus.Record)
            {
                var tail = TailFailure(status, reader, targets, next);
                if (tail is not null)
                {
                    return Fail(reader.Index, verified, covered, tail);
                }

                break;
            }

            var index = reader.Index;
            if ((index & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var entry = reader.Entry;
            if (!AuditEntryEncoding.IsWellFormed(entry, out var error))
            {
                return Fail(index, verified, covered, new VerificationFailure(
                    VerificationProblem.MalformedEntry,
                    $"Entry {index} (record at byte {reader.Offset} of {LogFiles.EntriesFile}) is not a canonical audit entry: {error}.")
                { EntryIndex = index, ByteOffset = reader.Offset });
            }

            MerkleHashing.HashLeaf(entry, leaf);
            if (!leaf.SequenceEqual(reader.StoredLeafHash))
            {
                return Fail(index, verified, covered, new VerificationFailure(
                    VerificationProblem.TamperedEntry,
                    $"Entry {index} (record at byte {reader.Offset} of {LogFiles.EntriesFile}) was altered: its content hashes to {Convert.ToHexStringLower(leaf)}, not to the leaf hash {Convert.ToHexStringLower(reader.StoredLeafHash)} recorded when it was written.")
                { EntryIndex = index, ByteOffset = reader.Offset });
            }

            range.Append(leaf);
            while (next < targets.Count && targets[next].Checkpoint.Size == range.Size)
            {
                range.ComputeRoot(root);
                var target = targets[next];
                if (!root.SequenceEqual(target.Checkpoint.Root.Bytes))
                {
                    return Fail(range.Size, verified, covered, RootFailure(target, targets, next, MerkleHash.FromBytes(root)));
                }

                verified += target.Trusted ? 0 : 1;
                covered = target.Checkpoint.Size;
                next++;
            }
        }

        if (range.Size > 0 && verified == 0)
        {
            return Fail(range.Size, 0, 0, new VerificationFailure(
                VerificationProblem.NoCheckpoint,
                $"The log holds {range.Size} entries but no signed checkpoint covers them ({LogFiles.CheckpointsFile} is missing or empty): nothing vouches for these entries."));
        }

        return new VerificationReport { Entries = range.Size, CheckpointsVerified = verified, CoveredSize = covered };
    }

    private static VerificationReport Fail(long entries, int verified, long covered, VerificationFailure failure) =>
        new() { Entries = entries, CheckpointsVerified = verified, CoveredSize = covered, Failure = failure };

    private static VerificationFailure? TailFailure(EntryRecordStatus status, EntryRecordReader reader, List<Target> targets, int next)
    {
        var index = reader.Index;
        switch (status)
        {
            case EntryRecordStatus.BadLength:
                return new VerificationFailure(
                    VerificationProblem.CorruptRecord,
                    $"Entry {index} (record at byte {reader.Offset} of {LogFiles.EntriesFile}) claims a length of {reader.ClaimedLength} bytes, more than any entry can be: the file is damaged from this record on.")
                { EntryIndex = index, ByteOffset = reader.Offset };
            case EntryRecordStatus.Truncated:
                var needed = reader.ClaimedLength < 0 ? LogFiles.LengthPrefix : LogFiles.EntryRecordLength((int)reader.ClaimedLength);
                return new VerificationFailure(
                    VerificationProblem.TruncatedLog,
                    $"The log is truncated inside entry {index}: its record at byte {reader.Offset} of {LogFiles.EntriesFile} needs {needed} bytes but the file ends after {reader.AvailableBytes}.")
                { EntryIndex = index, ByteOffset = reader.Offset };
            default:
                if (next < targets.Count)
                {
                    var beyond = targets[^1];
                    var problem = beyond.Trusted ? VerificationProblem.RolledBack : VerificationProblem.TruncatedLog;
                    var what = beyond.Trusted ? "the log was rolled back" : "the log was truncated";
                    return new VerificationFailure(
                        problem,
                        $"The log holds {index} entries but {beyond.Label} covers {beyond.Checkpoint.Size}: entries {index} to {beyond.Checkpoint.Size - 1} are missing ({what}).")
                    { EntryIndex = index, CheckpointNumber = beyond.Number };
                }

                return null;
        }
    }

    private static VerificationFailure RootFailure(Target target, List<Target> targets, int position, MerkleHash recomputed)
    {
        var size = target.Checkpoint.Size;
        // Against a checkpoint the verifier trusts, only the trusted checkpoints before it bound the
        // range: the log's own may be signed over the same rewritten history, so they vouch for nothing.
        var previous = targets.Take(position).Where(t => t.Trusted || !target.Trusted).Select(t => t.Checkpoint.Size).LastOrDefault(s => s < size);
        var twin = targets.FirstOrDefault(t => t.Checkpoint.Size == size && t.Checkpoint.Root != target.Checkpoint.Root && !ReferenceEquals(t, target));
        if (target.Trusted || twin is not null)
        {
            var other = twin is null ? "the entries in the log" : twin.Label;
            return new VerificationFailure(
                VerificationProblem.Forked,
                $"The tree has forked at size {size}: {target.Label} commits to root {target.Checkpoint.Root.ToHex()} but {other} give root {recomputed.ToHex()}. The first differing entry is between index {previous} and {size - 1}.")
            { EntryIndex = previous, CheckpointNumber = target.Number };
        }

        return new VerificationFailure(
            VerificationProblem.RewrittenEntries,
            $"Entries 0 to {size - 1} hash to root {recomputed.ToHex()}, but {target.Label} signed root {target.Checkpoint.Root.ToHex()}: an entry between index {previous} (the last size that matched a checkpoint) and {size - 1} was rewritten together with its recorded leaf hash.")
        { EntryIndex = previous, CheckpointNumber = target.Number };
    }

    // Reads, checks and orders every checkpoint (the log's own, an export's checkpoint.txt, then trusted ones given by the caller).
    private static VerificationFailure? ReadTargets(string directory, CheckpointKeySet keys, IReadOnlyList<string> trusted, out List<Target> targets)
    {
        targets = [];
        var notes = LogFiles.ReadCheckpoints(Path.Combine(directory, LogFiles.CheckpointsFile), out var tornAt);
        if (tornAt is { } torn)
        {
            return new VerificationFailure(
                VerificationProblem.TruncatedLog,
                $"{LogFiles.CheckpointsFile} is truncated inside checkpoint {notes.Count + 1} (record at byte {torn}).")
            { CheckpointNumber = notes.Count + 1, ByteOffset = torn };
        }

        Target? previous = null;
        for (var i = 0; i < notes.Count; i++)
        {
            var label = $"checkpoint {i + 1} (record at byte {notes[i].Offset} of {LogFiles.CheckpointsFile})";
            var failure = Check(keys, notes[i].Note, label, i + 1, trusted: false, out var target);
            if (failure is not null)
            {
                return failure with { ByteOffset = notes[i].Offset };
            }

            if (previous is not null && target!.Checkpoint.Size < previous.Checkpoint.Size)
            {
                return new VerificationFailure(
                    VerificationProblem.RolledBack,
                    $"The tree was rolled back: {label} covers {target.Checkpoint.Size} entries, fewer than the {previous.Checkpoint.Size} that {previous.Label} already covered.")
                { CheckpointNumber = i + 1, ByteOffset = notes[i].Offset, EntryIndex = target.Checkpoint.Size };
            }

            targets.Add(target!);
            previous = target;
        }

        // An export's checkpoint.txt is what its recipient will keep and pass back as trusted later:
        // it must be signed by a held key and agree with the entries, like every other checkpoint.
        var latestPath = Path.Combine(directory, LogFiles.LatestCheckpointFile);
        if (File.Exists(latestPath))
        {
            var failure = Check(keys, File.ReadAllText(latestPath), LogFiles.LatestCheckpointFile, notes.Count + 1, trusted: false, out var target);
            if (failure is not null)
            {
                return failure;
            }

            targets.Add(target!);
        }

        for (var i = 0; i < trusted.Count; i++)
        {
            var failure = Check(keys, trusted[i], $"trusted checkpoint {i + 1}", i + 1, trusted: true, out var target);
            if (failure is not null)
            {
                return failure;
            }

            targets.Add(target!);
        }

        // Stable: at equal sizes the log's own checkpoints come before trusted ones.
        targets = [.. targets.OrderBy(t => t.Checkpoint.Size)];
        return null;
    }

    private static VerificationFailure? Check(CheckpointKeySet keys, string note, string label, int number, bool trusted, out Target? target)
    {
        target = null;
        var result = keys.Verify(note);
        if (!result.IsValid)
        {
            var problem = CheckpointProblems.Of(result.Check);
            return new VerificationFailure(problem, $"{Capitalised(label)}{SizeOf(result)}: {result.Error}.") { CheckpointNumber = number };
        }

        if (result.Checkpoint!.Origin != result.Key!.Name)
        {
            return new VerificationFailure(
                VerificationProblem.WrongOrigin,
                $"{Capitalised(label)} is for log '{result.Checkpoint.Origin}' but signed by the key of log '{result.Key.Name}'.")
            { CheckpointNumber = number };
        }

        target = new Target(result.Checkpoint, label, number, trusted);
        return null;
    }

    private static string SizeOf(VerifiedCheckpoint result) => result.Checkpoint is { } c ? $" (size {c.Size})" : "";

    private static string Capitalised(string label) => char.ToUpperInvariant(label[0]) + label[1..];

    private sealed record Target(Checkpoint Checkpoint, string Label, int Number, bool Trusted);
}
