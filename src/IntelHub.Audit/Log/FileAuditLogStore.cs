using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Log;

/// <summary>
/// The embedded audit store: two append-only files in one directory (see <see cref="LogFiles"/>),
/// fsync'd after every batch. The directory is also the export format. One process writes at a time:
/// the entries file is held open without write sharing, so a second writer fails to open instead of
/// interleaving records; within the process, appends are compare-and-append under a lock.
/// </summary>
public sealed class FileAuditLogStore : IAuditLogStore, IDisposable
{
    private readonly string _directory;
    private readonly FileStream _writerLock;
    private readonly FileStream _entries;
    private readonly FileStream _checkpoints;
    private readonly List<long> _offsets;
    private const string LockFile = "writer.lock";
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _size;

    private FileAuditLogStore(string directory, FileStream writerLock, FileStream entries, FileStream checkpoints, List<long> offsets)
    {
        _directory = directory;
        _writerLock = writerLock;
        _entries = entries;
        _checkpoints = checkpoints;
        _offsets = offsets;
        _size = offsets.Count;
    }

    /// <summary>Records cut off by a crash that were dropped on open (they were never acknowledged).</summary>
    public long DiscardedTornBytes { get; private init; }

    /// <summary>
    /// Opens the log in <paramref name="directory"/> for writing, creating it if needed. A record torn
    /// by a crash mid-write is cut off: the sequencer acknowledges entries only after their batch is
    /// durable, so a torn record was never acknowledged to anyone.
    /// </summary>
    public static FileAuditLogStore Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var entriesPath = Path.Combine(directory, LogFiles.EntriesFile);
        FileStream writerLock;
        FileStream entries;
        FileStream checkpoints;
        try
        {
            // An exclusive lock file (flock on Unix, a share-none handle on Windows) is what keeps a
            // second process out; the data files stay readable by verifiers and exports.
            writerLock = new FileStream(Path.Combine(directory, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException busy)
        {
            throw new IOException(
                $"The audit log in '{directory}' is already open for writing by another process. Only one hub process may sequence the embedded log; stop the other one or point this one at its own directory.",
                busy);
        }

        try
        {
            entries = new FileStream(entriesPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);
            checkpoints = new FileStream(Path.Combine(directory, LogFiles.CheckpointsFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }

        try
        {
            var offsets = new List<long>();
            long end;
            using (var reader = new EntryRecordReader(new FileStream(entriesPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1)))
            {
                EntryRecordStatus status;
                while ((status = reader.Next()) == EntryRecordStatus.Record)
                {
                    offsets.Add(reader.Offset);
                }

                if (status == EntryRecordStatus.BadLength)
                {
                    throw new InvalidDataException(
                        $"'{entriesPath}' is corrupt at entry {reader.Index} (byte {reader.Offset}): its length prefix claims {reader.ClaimedLength} bytes. Run 'intelhub audit verify' on the directory to locate the damage.");
                }

                end = reader.Offset;
            }

            var torn = entries.Length - end;
            if (torn > 0)
            {
                entries.SetLength(end);
                entries.Flush(flushToDisk: true);
            }

            LogFiles.ReadCheckpoints(Path.Combine(directory, LogFiles.CheckpointsFile), out var tornCheckpoint);
            if (tornCheckpoint is { } cut)
            {
                checkpoints.SetLength(cut);
                checkpoints.Flush(flushToDisk: true);
            }

            entries.Seek(0, SeekOrigin.End);
            checkpoints.Seek(0, SeekOrigin.End);
            return new FileAuditLogStore(directory, writerLock, entries, checkpoints, offsets) { DiscardedTornBytes = torn };
        }
        catch
        {
            entries.Dispose();
            checkpoints.Dispose();
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>The directory holding the log.</summary>
    public string DirectoryPath => _directory;

    /// <inheritdoc />
    public ValueTask<long> GetSizeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Volatile.Read(ref _size));

    /// <inheritdoc />
    public async ValueTask AppendAsync(long expectedSize, IReadOnlyList<StoredEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_size != expectedSize)
            {
                throw new AuditLogConflictException(expectedSize, _size);
            }

            var total = 0;
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Index != expectedSize + i)
                {
                    throw new ArgumentException($"Entry {i} of the batch has index {entries[i].Index}; it must be {expectedSize + i}.", nameof(entries));
                }

                if (entries[i].Entry.Length is 0 or > LogFiles.MaxEntryBytes)
                {
                    throw new ArgumentException($"Entry {entries[i].Index} is {entries[i].Entry.Length} bytes; entries are 1 to {LogFiles.MaxEntryBytes}.", nameof(entries));
                }

                total += LogFiles.EntryRecordLength(entries[i].Entry.Length);
            }

            var buffer = ArrayPool<byte>.Shared.Rent(total);
            var start = _entries.Position;
            try
            {
                var at = 0;
                foreach (var entry in entries)
                {
                    LogFiles.WriteEntryRecord(buffer.AsSpan(at), entry.Entry.Span, entry.LeafHash.Bytes);
                    _offsets.Add(start + at);
                    at += LogFiles.EntryRecordLength(entry.Entry.Length);
                }

                await _entries.WriteAsync(buffer.AsMemory(0, total), cancellationToken);
                _entries.Flush(flushToDisk: true);
            }
            catch
            {
                // Leave no partial batch behind: cut the file back to where the batch started.
                _offsets.RemoveRange((int)_size, _offsets.Count - (int)_size);
                _entries.SetLength(start);
                _entries.Seek(start, SeekOrigin.Begin);
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            Volatile.Write(ref _size, _size + entries.Count);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendCheckpointAsync(string signedNote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signedNote);
        var text = Encoding.UTF8.GetBytes(signedNote);
        if (text.Length > LogFiles.MaxCheckpointBytes)
        {
            throw new ArgumentException($"A checkpoint is at most {LogFiles.MaxCheckpointBytes} bytes; this one is {text.Length}.", nameof(signedNote));
        }

        var record = new byte[LogFiles.LengthPrefix + text.Length];
        BinaryPrimitives.WriteUInt32BigEndian(record, (uint)text.Length);
        text.CopyTo(record, LogFiles.LengthPrefix);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await _checkpoints.WriteAsync(record, cancellationToken);
            _checkpoints.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEntry> ReadEntriesAsync(long start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        var size = Volatile.Read(ref _size);
        if (start >= size)
        {
            yield break;
        }

        long offset;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            offset = _offsets[(int)start];
        }
        finally
        {
            _lock.Release();
        }

        await Task.Yield();
        using var stream = new FileStream(Path.Combine(_directory, LogFiles.EntriesFile), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new EntryRecordReader(stream);
        for (var index = start; index < size && reader.Next() == EntryRecordStatus.Record; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredEntry(index, reader.Entry.ToArray(), MerkleHash.FromBytes(reader.StoredLeafHash));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<(long Offset, string Note)> notes;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            notes = LogFiles.ReadCheckpoints(Path.Combine(_directory, LogFiles.CheckpointsFile), out _);
        }
        finally
        {
            _lock.Release();
        }

        foreach (var (_, note) in notes)
        {
            yield return note;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _entries.Dispose();
        _checkpoints.Dispose();
        _writerLock.Dispose();
        _lock.Dispose();
    }
}
