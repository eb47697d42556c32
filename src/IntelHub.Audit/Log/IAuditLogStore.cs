using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Log;

/// <summary>An entry as stored: its index, canonical bytes and the leaf hash the writer computed.</summary>
public sealed record StoredEntry(long Index, ReadOnlyMemory<byte> Entry, MerkleHash LeafHash);

/// <summary>
/// Where the audit log lives: an append-only sequence of canonical entries with their leaf hashes,
/// and an append-only sequence of signed checkpoints. Implemented by the embedded file store here and
/// by the SQLite and PostgreSQL storage later. The one rule every implementation keeps: an append
/// names the size it expects the log to have, and fails without writing if the log has another size,
/// so two sequencers (in one process or many) can never both write the same index.
/// </summary>
public interface IAuditLogStore
{
    /// <summary>Entries durably stored.</summary>
    ValueTask<long> GetSizeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="entries"/> at indices <paramref name="expectedSize"/>, +1, ... and makes
    /// them durable before returning. Throws <see cref="AuditLogConflictException"/> and writes nothing
    /// if the log does not hold exactly <paramref name="expectedSize"/> entries.
    /// </summary>
    ValueTask AppendAsync(long expectedSize, IReadOnlyList<StoredEntry> entries, CancellationToken cancellationToken);

    /// <summary>Appends a signed checkpoint (note text) and makes it durable.</summary>
    ValueTask AppendCheckpointAsync(string signedNote, CancellationToken cancellationToken);

    /// <summary>Entries from <paramref name="start"/> to the end, in order.</summary>
    IAsyncEnumerable<StoredEntry> ReadEntriesAsync(long start, CancellationToken cancellationToken);

    /// <summary>Signed checkpoints, oldest first.</summary>
    IAsyncEnumerable<string> ReadCheckpointsAsync(CancellationToken cancellationToken);
}

/// <summary>An append expected the log at one size and found it at another: another writer got there first.</summary>
public sealed class AuditLogConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditLogConflictException(long expectedSize, long actualSize)
        : base($"The audit log holds {actualSize} entries, not the {expectedSize} this sequencer expected: another sequencer is writing to it. Only one sequencer may integrate entries at a time; restart this one to pick up the log's current state.")
    {
        ExpectedSize = expectedSize;
        ActualSize = actualSize;
    }

    /// <summary>Creates the exception.</summary>
    public AuditLogConflictException()
        : this("The audit log changed under this sequencer.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuditLogConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuditLogConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The size the appender expected.</summary>
    public long ExpectedSize { get; }

    /// <summary>The size the log had.</summary>
    public long ActualSize { get; }
}
