using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Signing;
using IntelHub.Audit.Tree;
using IntelHub.Server.Telemetry;
using IntelHub.Storage;

namespace IntelHub.Server.AuditTrail;

/// <summary>
/// The hub's audit log. Entries are written by the store inside the transaction of what they
/// record, and the store numbers them 0, 1, 2, ... in commit order: those numbers are the leaf
/// indices, so no two writers — threads or hub processes — can ever claim the same leaf. This
/// component integrates what the store holds into an RFC 9162 Merkle tree, signs a checkpoint
/// every <see cref="AuditTrailOptions.CheckpointEvery"/> entries or when the interval passes (and
/// over the tail when the hub stops), and serves inclusion and consistency proofs. Every replica
/// builds the same tree from the same rows, so any of them may sign; the store keeps one
/// checkpoint per tree size.
/// <para>
/// It never signs over a history that contradicts what was signed before: at start every stored
/// checkpoint, and before each signature every checkpoint stored since, must have the root the
/// rebuilt tree has at its size. A row rewritten in the database fails that check; the log then
/// signs nothing more, and <see cref="IntegrityFailure"/> names the range of entries that changed.
/// </para>
/// <para>
/// The tree keeps only the hashes of aligned blocks of <see cref="BlockLeaves"/> entries and above
/// (about 64 bytes per 256 entries, not per entry), so the hub's memory does not grow with every
/// entry it records. A proof or root that needs a hash inside an older block reads that block's
/// rows back from the store (at most two blocks per call) and checks them against the block root
/// the tree recorded; rows that no longer match are an integrity failure like a disagreeing checkpoint.
/// </para>
/// </summary>
public sealed class HubAuditLog(IHubStore store, ICheckpointSigner signer, AuditTrailOptions options, TimeProvider time, HubMetrics metrics, ILogger<HubAuditLog> logger) : IDisposable
{
    // Levels >= 8 stay in memory: 256-entry blocks' roots and above.
    private const int RetainFromLevel = 8;
    private const int BlockLeaves = 1 << RetainFromLevel;

    private readonly MerkleTree _tree = new(RetainFromLevel);
    private readonly SemaphoreSlim _integrating = new(1, 1);
    private bool _started;
    private long _checkpointedSize;
    private long _verifiedSize;
    private DateTimeOffset _lastCheckpointAt = DateTimeOffset.MinValue;
    private string? _latestCheckpoint;
    private string? _integrityFailure;

    public string Origin => options.Origin;

    /// <summary>The public key that verifies this hub's checkpoints.</summary>
    public CheckpointKey PublicKey => signer.PublicKey(options.Origin);

    public long Size
    {
        get { lock (_tree) return _tree.Size; }
    }

    /// <summary>The newest signed checkpoint (a C2SP signed note), or null before the first.</summary>
    public string? LatestCheckpoint => Volatile.Read(ref _latestCheckpoint);

    /// <summary>Why the log refuses to sign (the stored entries contradict a signed checkpoint), or null while they agree.</summary>
    public string? IntegrityFailure => Volatile.Read(ref _integrityFailure);

    public static ReadOnlyMemory<byte> Encode(AuditEntry entry) => AuditEntryEncoding.Encode(entry);

    /// <summary>
    /// Brings the tree up to what the store holds and signs a checkpoint when one is due, or over
    /// every uncovered entry when <paramref name="signTail"/> is set (the hub is stopping).
    /// </summary>
    public async Task IntegrateAsync(bool signTail, CancellationToken cancellationToken)
    {
        await _integrating.WaitAsync(cancellationToken);
        try
        {
            // At start every stored checkpoint is checked: take each one's root as the rebuild passes
            // its size, while the tree still holds that block, rather than read the block back later.
            var stored = _started ? null : await store.ListCheckpointsAfterAsync(0, cancellationToken);
            var rootsWhileReading = await ReadNewEntriesAsync(stored?.Select(c => c.TreeSize).ToHashSet(), cancellationToken);
            if (stored is not null)
            {
                if (stored.Count > 0)
                {
                    _checkpointedSize = stored[^1].TreeSize;
                    Volatile.Write(ref _latestCheckpoint, stored[^1].SignedNote);
                }
                _started = true;
                await CheckAgainstAsync(stored, rootsWhileReading, cancellationToken);
            }

            var size = Size;
            var due = size > _checkpointedSize &&
                      (signTail || size - _checkpointedSize >= options.CheckpointEvery || time.GetUtcNow() - _lastCheckpointAt >= options.CheckpointInterval);
            if (due && IntegrityFailure is null)
            {
                await CheckAgainstAsync(await store.ListCheckpointsAfterAsync(_verifiedSize, cancellationToken), new Dictionary<long, MerkleHash>(), cancellationToken);
                if (IntegrityFailure is null) await SignCheckpointAsync(size, cancellationToken);
            }
        }
        finally
        {
            _integrating.Release();
        }
    }

    /// <summary>The audit path for leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> entries.</summary>
    /// <exception cref="TreeBlockMismatchException">Stored entries it reads no longer match the tree (also recorded as the <see cref="IntegrityFailure"/>).</exception>
    public Task<IReadOnlyList<MerkleHash>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken) =>
        ComputeAsync(tree => tree.BlocksNeededForInclusion(index, size), (tree, blocks) => tree.InclusionProof(index, size, blocks), cancellationToken);

    /// <summary>The consistency proof between the trees of the first <paramref name="size1"/> and <paramref name="size2"/> entries.</summary>
    /// <exception cref="TreeBlockMismatchException">Stored entries it reads no longer match the tree (also recorded as the <see cref="IntegrityFailure"/>).</exception>
    public Task<IReadOnlyList<MerkleHash>> ConsistencyProofAsync(long size1, long size2, CancellationToken cancellationToken) =>
        ComputeAsync(tree => tree.BlocksNeededForConsistency(size1, size2), (tree, blocks) => tree.ConsistencyProof(size1, size2, blocks), cancellationToken);

    /// <summary>The tree root over the first <paramref name="size"/> entries.</summary>
    /// <exception cref="TreeBlockMismatchException">Stored entries it reads no longer match the tree (also recorded as the <see cref="IntegrityFailure"/>).</exception>
    public Task<MerkleHash> RootAtAsync(long size, CancellationToken cancellationToken) =>
        ComputeAsync(tree => tree.BlocksNeededForRoot(size), (tree, blocks) => tree.RootAt(size, blocks), cancellationToken);

    // Reads the blocks a computation needs outside the lock, then computes under it. A block that was
    // still open when asked may have completed meanwhile, so ask again until nothing is missing.
    private async Task<T> ComputeAsync<T>(
        Func<MerkleTree, IReadOnlyList<long>> blocksNeeded,
        Func<MerkleTree, IReadOnlyDictionary<long, IReadOnlyList<MerkleHash>>, T> compute,
        CancellationToken cancellationToken)
    {
        var blocks = new Dictionary<long, IReadOnlyList<MerkleHash>>();
        while (true)
        {
            List<long> missing;
            lock (_tree)
            {
                missing = blocksNeeded(_tree).Where(block => !blocks.ContainsKey(block)).ToList();
                if (missing.Count == 0)
                {
                    try
                    {
                        return compute(_tree, blocks);
                    }
                    catch (TreeBlockMismatchException mismatch)
                    {
                        RecordChangedBlock(mismatch);
                        throw;
                    }
                }
            }

            foreach (var block in missing)
            {
                blocks[block] = await ReadBlockAsync(block, cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<MerkleHash>> ReadBlockAsync(long block, CancellationToken cancellationToken)
    {
        var first = block * BlockLeaves;
        var records = await store.ReadAuditAsync(first, BlockLeaves, cancellationToken);
        var leaves = new List<MerkleHash>(BlockLeaves);
        foreach (var record in records)
        {
            if (record.Sequence != first + leaves.Count) break;
            leaves.Add(MerkleHash.FromBytes(MerkleHashing.HashLeaf(record.CanonicalEntry.Span)));
        }

        if (leaves.Count != BlockLeaves)
        {
            // Rows the tree was built from are gone: as much a change of the block as a rewritten row.
            var missing = new TreeBlockMismatchException(first, BlockLeaves);
            RecordChangedBlock(missing);
            throw missing;
        }

        return leaves;
    }

    private void RecordChangedBlock(TreeBlockMismatchException mismatch)
    {
        var failure = $"The audit entries stored at leaves {mismatch.FirstLeaf}..{mismatch.FirstLeaf + mismatch.LeafCount - 1} no longer match the tree this hub built when it read them: " +
                      "at least one of them was changed in the database since. " +
                      "The hub signs no further checkpoints until the database is restored from a backup; run 'intelhub audit verify --store' to examine it.";
        if (Interlocked.CompareExchange(ref _integrityFailure, failure, null) is null)
        {
            AuditLogMessages.IntegrityFailed(logger, failure);
        }
    }

    // Appends the rows the store holds beyond the tree; returns the roots at those of rootsAt the tree passed.
    private async Task<Dictionary<long, MerkleHash>> ReadNewEntriesAsync(HashSet<long>? rootsAt, CancellationToken cancellationToken)
    {
        var roots = new Dictionary<long, MerkleHash>();
        while (true)
        {
            var records = await store.ReadAuditAsync(Size, 10_000, cancellationToken);
            if (records.Count == 0) break;
            var leaf = new byte[MerkleHashing.HashSize];
            lock (_tree)
            {
                foreach (var record in records)
                {
                    if (record.Sequence != _tree.Size)
                        throw new InvalidOperationException($"The store returned audit record {record.Sequence} where {_tree.Size} was expected: the audit sequence has a gap, which the store must never allow.");
                    MerkleHashing.HashLeaf(record.CanonicalEntry.Span, leaf);
                    _tree.Append(leaf);
                    if (rootsAt?.Contains(_tree.Size) == true) roots[_tree.Size] = _tree.Root();
                }
            }
        }
        metrics.AuditTreeGrew(Size);
        return roots;
    }

    /// <summary>
    /// Compares the rebuilt tree with stored checkpoints not yet verified (oldest first) up to the tree's
    /// size; the first that disagrees sets <see cref="IntegrityFailure"/>, naming the entries between the
    /// last checkpoint that agreed and it: one of them was changed after it was signed. A root already
    /// known from <paramref name="knownRoots"/> is not recomputed.
    /// </summary>
    private async Task CheckAgainstAsync(IReadOnlyList<(long TreeSize, string SignedNote)> stored, IReadOnlyDictionary<long, MerkleHash> knownRoots, CancellationToken cancellationToken)
    {
        var size = Size;
        var agreedSize = _verifiedSize;
        foreach (var (treeSize, note) in stored)
        {
            if (treeSize > size) break;
            string? problem;
            try
            {
                problem = await DisagreementAsync(treeSize, note, knownRoots, cancellationToken);
            }
            catch (TreeBlockMismatchException)
            {
                return; // rows read back no longer match the tree: already recorded as the integrity failure
            }

            if (problem is not null)
            {
                var failure = $"The audit entries stored at leaves {agreedSize}..{treeSize - 1} do not match the checkpoint of size {treeSize} that this log signed ({problem}): " +
                              $"at least one of them was changed in the database after it was signed{(agreedSize > 0 ? $" (the checkpoint of size {agreedSize} still matches)" : "")}. " +
                              "The hub signs no further checkpoints until the database is restored from a backup; run 'intelhub audit verify --store' to examine it.";
                Volatile.Write(ref _integrityFailure, failure);
                AuditLogMessages.IntegrityFailed(logger, failure);
                return;
            }
            agreedSize = treeSize;
            _verifiedSize = treeSize;
        }
    }

    private async Task<string?> DisagreementAsync(long treeSize, string note, IReadOnlyDictionary<long, MerkleHash> knownRoots, CancellationToken cancellationToken)
    {
        if (!SignedNote.TryParse(note, out var signed, out var noteError)) return "its signed note does not parse: " + noteError;
        if (!Checkpoint.TryParseBody(signed!.Body, out var checkpoint, out var bodyError)) return "its body does not parse: " + bodyError;
        if (checkpoint!.Size != treeSize) return $"it is stored under tree size {treeSize} but states size {checkpoint.Size}";
        var root = knownRoots.TryGetValue(treeSize, out var known) ? known : await RootAtAsync(treeSize, cancellationToken);
        return root == checkpoint.Root ? null : $"signed root {checkpoint.Root.ToBase64()}, recomputed root {root.ToBase64()}";
    }

    private async Task SignCheckpointAsync(long size, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var checkpoint = Checkpoint.At(options.Origin, size, await RootAtAsync(size, cancellationToken), now);
        var note = (await CheckpointSigning.SignAsync(checkpoint, signer, cancellationToken)).ToText();
        try
        {
            await store.SaveCheckpointAsync(size, note, cancellationToken);
            Volatile.Write(ref _latestCheckpoint, note);
        }
        catch (StoreConflictException)
        {
            // Another replica signed this size first (same tree, another time line): serve the
            // stored note, so that every reader sees the same checkpoint for a size.
            var stored = await store.ListCheckpointsAfterAsync(size - 1, cancellationToken);
            Volatile.Write(ref _latestCheckpoint, stored[0].SignedNote);
        }
        _checkpointedSize = size;
        _verifiedSize = size;
        _lastCheckpointAt = now;
    }

    public void Dispose() => _integrating.Dispose();
}
