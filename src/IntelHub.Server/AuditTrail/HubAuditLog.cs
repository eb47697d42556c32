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
/// every <see cref="AuditTrailOptions.CheckpointEvery"/> entries or when the interval passes, and
/// serves inclusion and consistency proofs. Every replica builds the same tree from the same
/// rows, so any of them may sign; the store keeps one checkpoint per tree size.
/// </summary>
public sealed class HubAuditLog(IHubStore store, ICheckpointSigner signer, AuditTrailOptions options, TimeProvider time, HubMetrics metrics) : IDisposable
{
    private readonly MerkleTree _tree = new();
    private readonly SemaphoreSlim _integrating = new(1, 1);
    private long _checkpointedSize = -1;
    private DateTimeOffset _lastCheckpointAt = DateTimeOffset.MinValue;
    private string? _latestCheckpoint;

    public string Origin => options.Origin;

    /// <summary>The public key that verifies this hub's checkpoints.</summary>
    public CheckpointKey PublicKey => signer.PublicKey(options.Origin);

    public long Size
    {
        get { lock (_tree) return _tree.Size; }
    }

    /// <summary>The newest signed checkpoint (a C2SP signed note), or null before the first.</summary>
    public string? LatestCheckpoint => Volatile.Read(ref _latestCheckpoint);

    public static ReadOnlyMemory<byte> Encode(AuditEntry entry) => AuditEntryEncoding.Encode(entry);

    /// <summary>Brings the tree up to what the store holds and signs a checkpoint when one is due.</summary>
    public async Task IntegrateAsync(bool forceCheckpoint, CancellationToken cancellationToken)
    {
        await _integrating.WaitAsync(cancellationToken);
        try
        {
            if (_checkpointedSize < 0) await LoadCheckpointsAsync(cancellationToken);
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
                    }
                }
            }
            metrics.AuditTreeGrew(Size);

            var size = Size;
            var due = size > _checkpointedSize &&
                      (forceCheckpoint || size - _checkpointedSize >= options.CheckpointEvery || time.GetUtcNow() - _lastCheckpointAt >= options.CheckpointInterval);
            if (due) await SignCheckpointAsync(size, cancellationToken);
        }
        finally
        {
            _integrating.Release();
        }
    }

    public IReadOnlyList<MerkleHash> InclusionProof(long index, long size)
    {
        lock (_tree) return _tree.InclusionProof(index, size);
    }

    public IReadOnlyList<MerkleHash> ConsistencyProof(long size1, long size2)
    {
        lock (_tree) return _tree.ConsistencyProof(size1, size2);
    }

    public MerkleHash RootAt(long size)
    {
        lock (_tree) return _tree.RootAt(size);
    }

    private async Task SignCheckpointAsync(long size, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var checkpoint = Checkpoint.At(options.Origin, size, RootAt(size), now);
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
            var stored = await store.ListCheckpointsAsync(cancellationToken);
            Volatile.Write(ref _latestCheckpoint, stored.Last(c => c.TreeSize == size).SignedNote);
        }
        _checkpointedSize = size;
        _lastCheckpointAt = now;
    }

    public void Dispose() => _integrating.Dispose();

    private async Task LoadCheckpointsAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListCheckpointsAsync(cancellationToken);
        _checkpointedSize = stored.Count == 0 ? 0 : stored[^1].TreeSize;
        _latestCheckpoint = stored.Count == 0 ? null : stored[^1].SignedNote;
        _lastCheckpointAt = DateTimeOffset.MinValue;
    }
}
