using System.Text;

namespace IntelHub.Audit.Log;

/// <summary>
/// Copies a log for an oversight body: whole records only (a record being written at the moment of
/// export is left out, never cut), plus the latest checkpoint as plain text for checking by hand.
/// The export is itself a log directory that the verifier reads.
/// </summary>
public static class AuditLogExport
{
    /// <summary>Exports <paramref name="source"/> to the new or empty directory <paramref name="destination"/>; returns the entries written.</summary>
    public static long Export(string source, string destination)
    {
        var sourceEntries = Path.Combine(source, LogFiles.EntriesFile);
        if (!File.Exists(sourceEntries))
        {
            throw new FileNotFoundException($"'{source}' is not an audit log directory: it has no {LogFiles.EntriesFile}.", sourceEntries);
        }

        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new IOException($"The export directory '{destination}' is not empty; choose a new directory so that no earlier export is overwritten.");
        }

        Directory.CreateDirectory(destination);

        // Checkpoints first: every entry they cover is already durable, so the entries copied next include them.
        var checkpoints = LogFiles.ReadCheckpoints(Path.Combine(source, LogFiles.CheckpointsFile), out _);
        using (var output = new FileStream(Path.Combine(destination, LogFiles.CheckpointsFile), FileMode.CreateNew))
        {
            Span<byte> length = stackalloc byte[LogFiles.LengthPrefix];
            foreach (var (_, note) in checkpoints)
            {
                var bytes = Encoding.UTF8.GetBytes(note);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
                output.Write(length);
                output.Write(bytes);
            }

            output.Flush(flushToDisk: true);
        }

        if (checkpoints.Count > 0)
        {
            File.WriteAllText(Path.Combine(destination, LogFiles.LatestCheckpointFile), checkpoints[^1].Note);
        }

        long count = 0;
        using var reader = EntryRecordReader.Open(sourceEntries);
        using var entries = new FileStream(Path.Combine(destination, LogFiles.EntriesFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var record = new byte[LogFiles.EntryRecordLength(LogFiles.MaxEntryBytes)];
        while (reader.Next() == EntryRecordStatus.Record)
        {
            var length = LogFiles.EntryRecordLength(reader.Entry.Length);
            LogFiles.WriteEntryRecord(record, reader.Entry, reader.StoredLeafHash);
            entries.Write(record, 0, length);
            count++;
        }

        entries.Flush(flushToDisk: true);
        return count;
    }
}
