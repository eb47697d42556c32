using System.Buffers.Binary;
using System.Text;
using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Log;

/// <summary>
/// Writes a log directory for an oversight body, from a log directory or from any store's entries
/// and checkpoints: whole records only (a record being written at the moment of export is left out,
/// never cut), plus the latest checkpoint as plain text for checking by hand. The export is itself a
/// log directory that the verifier reads.
/// </summary>
public static class AuditLogExport
{
    /// <summary>Exports the log directory <paramref name="source"/> to the new or empty directory <paramref name="destination"/>; returns the entries written.</summary>
    public static long Export(string source, string destination)
    {
        var sourceEntries = Path.Combine(source, LogFiles.EntriesFile);
        if (!File.Exists(sourceEntries))
        {
            throw new FileNotFoundException($"'{source}' is not an audit log directory: it has no {LogFiles.EntriesFile}. A hub's own store is exported with --store.", sourceEntries);
        }

        using var export = Begin(destination, LogFiles.ReadCheckpoints(Path.Combine(source, LogFiles.CheckpointsFile), out _).Select(c => c.Note));
        using var reader = EntryRecordReader.Open(sourceEntries);
        while (reader.Next() == EntryRecordStatus.Record)
        {
            export.Write(reader.Entry, reader.StoredLeafHash);
        }

        return export.Finish();
    }

    /// <summary>
    /// Exports a store's log: <paramref name="checkpoints"/> must be read before <paramref name="entries"/>, so that
    /// every entry a checkpoint covers is among the entries exported. Leaf hashes are computed here from the entries.
    /// </summary>
    public static async Task<long> ExportAsync(IEnumerable<string> checkpoints, IAsyncEnumerable<ReadOnlyMemory<byte>> entries, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var export = Begin(destination, checkpoints);
        var leafHash = new byte[MerkleHashing.HashSize];
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            MerkleHashing.HashLeaf(entry.Span, leafHash);
            export.Write(entry.Span, leafHash);
        }

        return export.Finish();
    }

    private static ExportWriter Begin(string destination, IEnumerable<string> checkpoints)
    {
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new IOException($"The export directory '{destination}' is not empty; choose a new directory so that no earlier export is overwritten.");
        }

        Directory.CreateDirectory(destination);
        var notes = checkpoints.ToList();
        using (var output = new FileStream(Path.Combine(destination, LogFiles.CheckpointsFile), FileMode.CreateNew))
        {
            Span<byte> length = stackalloc byte[LogFiles.LengthPrefix];
            foreach (var note in notes)
            {
                var bytes = Encoding.UTF8.GetBytes(note);
                BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
                output.Write(length);
                output.Write(bytes);
            }

            output.Flush(flushToDisk: true);
        }

        if (notes.Count > 0)
        {
            File.WriteAllText(Path.Combine(destination, LogFiles.LatestCheckpointFile), notes[^1]);
        }

        return new ExportWriter(new FileStream(Path.Combine(destination, LogFiles.EntriesFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20));
    }

    /// <summary>The entries file of an export, written record by record and made durable at the end.</summary>
    private sealed class ExportWriter(FileStream entries) : IDisposable
    {
        private readonly byte[] _record = new byte[LogFiles.EntryRecordLength(LogFiles.MaxEntryBytes)];
        private long _count;

        public void Write(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> leafHash)
        {
            if (entry.Length > LogFiles.MaxEntryBytes)
            {
                throw new InvalidDataException($"Entry {_count} is {entry.Length} bytes, more than the {LogFiles.MaxEntryBytes} an audit log holds; the source is damaged.");
            }

            var length = LogFiles.EntryRecordLength(entry.Length);
            LogFiles.WriteEntryRecord(_record, entry, leafHash);
            entries.Write(_record, 0, length);
            _count++;
        }

        public long Finish()
        {
            entries.Flush(flushToDisk: true);
            return _count;
        }

        public void Dispose() => entries.Dispose();
    }
}
