using System.Buffers.Binary;
using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Log;

/// <summary>What <see cref="EntryRecordReader.Next"/> found.</summary>
public enum EntryRecordStatus
{
    /// <summary>A whole record; <see cref="EntryRecordReader.Entry"/> and <see cref="EntryRecordReader.StoredLeafHash"/> hold it.</summary>
    Record,

    /// <summary>The file ended cleanly after the previous record.</summary>
    End,

    /// <summary>The file ends inside a record: the log was truncated or a write was torn.</summary>
    Truncated,

    /// <summary>A length prefix larger than any entry: the file is corrupt at this record.</summary>
    BadLength,
}

/// <summary>
/// Streams entries.log record by record through one reusable buffer: no allocation per record, so
/// the verifier and the store's recovery scan can read millions of entries.
/// </summary>
public sealed class EntryRecordReader : IDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private bool _eof;
    private int _entryAt;
    private int _entryLength;

    /// <summary>Reads from an open stream positioned at the first record.</summary>
    public EntryRecordReader(Stream stream) => _stream = stream ?? throw new ArgumentNullException(nameof(stream));

    /// <summary>Opens entries.log for reading, sharing it with a writer that may be appending.</summary>
    public static EntryRecordReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan));

    /// <summary>Index of the record <see cref="Next"/> returns next.</summary>
    public long Index { get; private set; }

    /// <summary>Byte offset in the file of the record <see cref="Next"/> returns next (or of the bad one).</summary>
    public long Offset { get; private set; }

    /// <summary>The entry's canonical bytes, valid until the next call.</summary>
    public ReadOnlySpan<byte> Entry => _buffer.AsSpan(_entryAt, _entryLength);

    /// <summary>The leaf hash stored with the entry, valid until the next call.</summary>
    public ReadOnlySpan<byte> StoredLeafHash => _buffer.AsSpan(_entryAt + _entryLength, MerkleHashing.HashSize);

    /// <summary>For <see cref="EntryRecordStatus.Truncated"/> and <see cref="EntryRecordStatus.BadLength"/>: the length the record claims.</summary>
    public long ClaimedLength { get; private set; }

    /// <summary>For <see cref="EntryRecordStatus.Truncated"/>: bytes present after the record's start.</summary>
    public int AvailableBytes { get; private set; }

    /// <summary>Reads the next record.</summary>
    public EntryRecordStatus Next()
    {
        if (_entryLength > 0 || _entryAt > 0)
        {
            var consumed = LogFiles.EntryRecordLength(_entryLength);
            _start += consumed;
            Offset += consumed;
            Index++;
            _entryAt = 0;
            _entryLength = 0;
        }

        if (!Fill(LogFiles.LengthPrefix))
        {
            AvailableBytes = _end - _start;
            ClaimedLength = -1;
            return AvailableBytes == 0 ? EntryRecordStatus.End : EntryRecordStatus.Truncated;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start));
        ClaimedLength = length;
        if (length > LogFiles.MaxEntryBytes)
        {
            return EntryRecordStatus.BadLength;
        }

        var recordLength = LogFiles.EntryRecordLength((int)length);
        if (!Fill(recordLength))
        {
            AvailableBytes = _end - _start;
            return EntryRecordStatus.Truncated;
        }

        _entryAt = _start + LogFiles.LengthPrefix;
        _entryLength = (int)length;

        // An empty entry never encodes (the version byte alone is one), so _entryAt > 0 marks a record held.
        return EntryRecordStatus.Record;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private bool Fill(int needed)
    {
        while (_end - _start < needed)
        {
            if (_eof)
            {
                return false;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }

        return true;
    }
}
