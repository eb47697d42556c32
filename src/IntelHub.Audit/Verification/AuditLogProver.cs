using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Log;
using IntelHub.Audit.Tree;

namespace IntelHub.Audit.Verification;

/// <summary>
/// Builds inclusion proofs from a log directory, offline and read-only (it never takes the writer's
/// lock, so it can run beside a live hub). The tree is rebuilt from the entries themselves, and its
/// root must equal the signed checkpoint's, so a proof is never issued from a damaged log.
/// </summary>
public static class AuditLogProver
{
    /// <summary>A proof document for entry <paramref name="index"/> against the checkpoint of size <paramref name="size"/> (default: the latest).</summary>
    public static string Prove(string directory, long index, long? size = null)
    {
        var (checkpoint, note) = ChooseCheckpoint(directory, size);
        var treeSize = checkpoint.Size;
        if (index < 0 || index >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Entry {index} is not covered by the checkpoint of size {treeSize}; entries 0 to {treeSize - 1} are.");
        }

        var (tree, entry) = LoadTree(directory, checkpoint, index);
        return InclusionProofDocument.Create(index, entry!, tree.InclusionProof(index, treeSize), note);
    }

    /// <summary>
    /// A consistency proof from the size of <paramref name="keptCheckpoint"/> (a checkpoint the
    /// verifier kept) to the checkpoint of size <paramref name="size"/> (default: the latest).
    /// </summary>
    public static string ProveConsistency(string directory, string keptCheckpoint, long? size = null)
    {
        ArgumentNullException.ThrowIfNull(keptCheckpoint);
        if (!SignedNote.TryParse(keptCheckpoint, out var keptNote, out var error) || !Checkpoint.TryParseBody(keptNote!.Body, out var kept, out error))
        {
            throw new InvalidDataException($"The kept checkpoint is not a signed checkpoint: {error}.");
        }

        var (checkpoint, note) = ChooseCheckpoint(directory, size);
        if (kept!.Size > checkpoint.Size)
        {
            throw new InvalidDataException($"The kept checkpoint covers {kept.Size} entries but the log's checkpoint covers only {checkpoint.Size}: the log was rolled back. Run 'intelhub audit verify' with --checkpoint.");
        }

        var (tree, _) = LoadTree(directory, checkpoint, -1);
        return ConsistencyProofDocument.Create(kept.Size, tree.ConsistencyProof(kept.Size, checkpoint.Size), note);
    }

    private static (Checkpoint Checkpoint, string Note) ChooseCheckpoint(string directory, long? size)
    {
        var notes = LogFiles.ReadCheckpoints(Path.Combine(directory, LogFiles.CheckpointsFile), out _);
        var checkpoints = new List<(Checkpoint Checkpoint, string Note)>();
        foreach (var (_, note) in notes)
        {
            if (SignedNote.TryParse(note, out var parsed, out _) && Checkpoint.TryParseBody(parsed!.Body, out var checkpoint, out _))
            {
                checkpoints.Add((checkpoint!, note));
            }
        }

        if (checkpoints.Count == 0)
        {
            throw new InvalidOperationException($"The log in '{directory}' has no signed checkpoint yet, so there is nothing to prove an entry against.");
        }

        var chosen = size is { } wanted
            ? checkpoints.LastOrDefault(c => c.Checkpoint.Size == wanted)
            : checkpoints.MaxBy(c => c.Checkpoint.Size);
        if (chosen.Checkpoint is null)
        {
            var sizes = string.Join(", ", checkpoints.Select(c => c.Checkpoint.Size).Distinct().TakeLast(10));
            throw new ArgumentException($"No signed checkpoint has size {size}; recent checkpoint sizes are {sizes}. Pass one of them with --size.", nameof(size));
        }

        return chosen;
    }

    // Rebuilds the tree from the entries themselves up to the checkpoint, and checks it against the signed root.
    private static (MerkleTree Tree, byte[]? Entry) LoadTree(string directory, Checkpoint checkpoint, long index)
    {
        var treeSize = checkpoint.Size;
        var tree = new MerkleTree();
        byte[]? entry = null;
        using (var reader = EntryRecordReader.Open(Path.Combine(directory, LogFiles.EntriesFile)))
        {
            while (tree.Size < treeSize && reader.Next() == EntryRecordStatus.Record)
            {
                if (reader.Index == index)
                {
                    entry = reader.Entry.ToArray();
                }

                tree.Append(Hashing.MerkleHashing.HashLeaf(reader.Entry));
            }
        }

        if (tree.Size < treeSize || tree.RootAt(treeSize) != checkpoint.Root)
        {
            throw new InvalidDataException($"The log's entries do not match its checkpoint of size {treeSize}; run 'intelhub audit verify' to find the damage before issuing proofs.");
        }

        return (tree, entry);
    }
}
