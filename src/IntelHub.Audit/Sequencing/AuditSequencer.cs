using System.Threading.Channels;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Log;
using IntelHub.Audit.Signing;
using IntelHub.Audit.Tree;

namespace IntelHub.Audit.Sequencing;

/// <summary>
/// Integrates audit entries into the log. Callers on any thread enqueue; one loop takes what is
/// queued as a batch, assigns consecutive indices, writes the batch with a compare-and-append (so a
/// second sequencer on the same log fails rather than reusing an index), updates the tree, signs a
/// checkpoint every N entries or T time, and only then completes each caller's task with its leaf
/// index: an index returned is an entry durable on disk.
/// </summary>
public sealed class AuditSequencer : IAsyncDisposable
{
    private readonly IAuditLogStore _store;
    private readonly ICheckpointSigner _signer;
    private readonly AuditSequencerOptions _options;
    private readonly TimeProvider _time;
    private readonly MerkleTree _tree;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _checkpointedSize;
    private DateTimeOffset? _oldestUncovered;
    private volatile Exception? _fault;
    private long _sizeSnapshot;

    private AuditSequencer(IAuditLogStore store, ICheckpointSigner signer, AuditSequencerOptions options, TimeProvider time, MerkleTree tree, long checkpointedSize)
    {
        _store = store;
        _signer = signer;
        _options = options;
        _time = time;
        _tree = tree;
        _checkpointedSize = checkpointedSize;
        _sizeSnapshot = tree.Size;
        if (tree.Size > checkpointedSize)
        {
            _oldestUncovered = time.GetUtcNow();
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>Entries integrated so far.</summary>
    public long Size => Interlocked.Read(ref _sizeSnapshot);

    /// <summary>Why the sequencer stopped (a write failed, another sequencer took over, the final checkpoint failed), or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Why the last attempt to sign a checkpoint failed, until one succeeds again (for health checks).</summary>
    public Exception? LastCheckpointFailure { get; private set; }

    /// <summary>Loads the log's current tree from the store and starts integrating.</summary>
    public static async Task<AuditSequencer> StartAsync(
        IAuditLogStore store, ICheckpointSigner signer, AuditSequencerOptions options, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var tree = new MerkleTree();
        await foreach (var stored in store.ReadEntriesAsync(0, cancellationToken))
        {
            tree.Append(stored.LeafHash.Bytes);
        }

        Checkpoint? latest = null;
        await foreach (var note in store.ReadCheckpointsAsync(cancellationToken))
        {
            if (SignedNote.TryParse(note, out var parsed, out _) && Checkpoint.TryParseBody(parsed!.Body, out var checkpoint, out _)
                && (latest is null || checkpoint!.Size >= latest.Size))
            {
                latest = checkpoint;
            }
        }

        // Fail closed: never extend a log that no longer matches what this hub last signed.
        var checkpointed = latest?.Size ?? 0;
        if (latest is not null && (tree.Size < latest.Size || tree.RootAt(latest.Size) != latest.Root))
        {
            throw new InvalidDataException(
                $"The audit log holds {tree.Size} entries that do not match its latest signed checkpoint (size {latest.Size}): it was truncated or altered while the hub was stopped. Run 'intelhub audit verify' on it; the hub will not append to it.");
        }

        return new AuditSequencer(store, signer, options, time ?? TimeProvider.System, tree, checkpointed);
    }

    /// <summary>Queues <paramref name="entry"/>; completes with its leaf index once it is durable.</summary>
    public Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_fault is { } fault)
        {
            throw new InvalidOperationException("The audit sequencer stopped after a failure; see the inner exception.", fault);
        }

        // Encoding and leaf hashing happen on the caller's thread, so they run in parallel across callers.
        var bytes = AuditEntryEncoding.Encode(entry);
        var pending = new Pending(bytes, MerkleHashing.HashLeaf(bytes), new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(AuditSequencer), "The audit sequencer is shut down; no further entries are accepted.");
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Inclusion proof for leaf <paramref name="index"/> at tree size <paramref name="size"/> (for serving proofs).</summary>
    public IReadOnlyList<MerkleHash> InclusionProof(long index, long size)
    {
        lock (_tree)
        {
            return _tree.InclusionProof(index, size);
        }
    }

    /// <summary>Consistency proof between two tree sizes.</summary>
    public IReadOnlyList<MerkleHash> ConsistencyProof(long size1, long size2)
    {
        lock (_tree)
        {
            return _tree.ConsistencyProof(size1, size2);
        }
    }

    /// <summary>Integrates what is queued, signs a final checkpoint over it, and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_options.MaxBatchEntries);
        var records = new List<StoredEntry>(_options.MaxBatchEntries);
        try
        {
            while (await WaitForWorkAsync())
            {
                while (batch.Count < _options.MaxBatchEntries && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                if (batch.Count > 0)
                {
                    await IntegrateAsync(batch, records);
                }

                await CheckpointIfDueAsync(final: false);
                batch.Clear();
                records.Clear();
            }

            await CheckpointIfDueAsync(final: true);
        }
        catch (Exception failure)
        {
            _fault = failure;
            _queue.Writer.TryComplete();
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(failure);
            }

            while (_queue.Reader.TryRead(out var queued))
            {
                queued.Completion.TrySetException(failure);
            }
        }
    }

    private async Task IntegrateAsync(List<Pending> batch, List<StoredEntry> records)
    {
        var first = _tree.Size;
        for (var i = 0; i < batch.Count; i++)
        {
            records.Add(new StoredEntry(first + i, batch[i].Entry, MerkleHash.FromBytes(batch[i].LeafHash)));
        }

        await _store.AppendAsync(first, records, CancellationToken.None);
        lock (_tree)
        {
            foreach (var pending in batch)
            {
                _tree.Append(pending.LeafHash);
            }
        }

        Interlocked.Exchange(ref _sizeSnapshot, _tree.Size);
        _oldestUncovered ??= _time.GetUtcNow();

        // Callers learn their index only now that the batch is on disk; the checkpoint follows.
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(first + i);
        }
    }

    private async Task CheckpointIfDueAsync(bool final)
    {
        var uncovered = _tree.Size - _checkpointedSize;
        if (uncovered == 0)
        {
            return;
        }

        var due = final
            || uncovered >= _options.CheckpointEveryEntries
            || (_oldestUncovered is { } since && _time.GetUtcNow() - since >= _options.CheckpointInterval);
        if (!due)
        {
            return;
        }

        MerkleHash root;
        lock (_tree)
        {
            root = _tree.Root();
        }

        var checkpoint = Checkpoint.At(_options.Origin, _tree.Size, root, _time.GetUtcNow());
        try
        {
            var note = await CheckpointSigning.SignAsync(checkpoint, _signer, CancellationToken.None);
            await _store.AppendCheckpointAsync(note.ToText(), CancellationToken.None);
        }
        catch (Exception failure) when (!final)
        {
            // The entries are already durable and acknowledged; a signer or disk hiccup must not stop
            // the hub from recording what it does. The next batch or interval tries again.
            LastCheckpointFailure = failure;
            _oldestUncovered = _time.GetUtcNow();
            return;
        }

        LastCheckpointFailure = null;
        _checkpointedSize = checkpoint.Size;
        _oldestUncovered = null;
    }

    private async Task<bool> WaitForWorkAsync()
    {
        if (_oldestUncovered is not { } since)
        {
            return await _queue.Reader.WaitToReadAsync();
        }

        // Entries are waiting for a checkpoint: wake when more arrive or when the interval runs out.
        var remaining = _options.CheckpointInterval - (_time.GetUtcNow() - since);
        if (remaining <= TimeSpan.Zero)
        {
            return !_queue.Reader.Completion.IsCompleted || _queue.Reader.TryPeek(out _);
        }

        using var timeout = new CancellationTokenSource(remaining, _time);
        try
        {
            return await _queue.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return true;
        }
    }

    private sealed record Pending(byte[] Entry, byte[] LeafHash, TaskCompletionSource<long> Completion);
}
