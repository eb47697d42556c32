using System.Buffers.Binary;
using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Log;

/// <summary>
/// The on-disk layout shared by the embedded store, exports and the verifier (docs/audit.md):
/// <c>entries.log</c> holds records [uint32 big-endian length L][L bytes canonical entry][32 bytes
/// leaf hash]; <c>checkpoints.log</c> holds records [uint32 big-endian length L][L bytes UTF-8 signed
/// note]. Both files only ever grow.
/// </summary>
public static class LogFiles
{
    /// <summary>File of entries.</summary>
    public const string EntriesFile = "entries.log";

    /// <summary>File of signed checkpoints.</summary>
    public const string CheckpointsFile = "checkpoints.log";

    /// <summary>Plain-text copy of the latest checkpoint, written by export for checking by hand.</summary>
    public const string LatestCheckpointFile = "checkpoint.txt";

    /// <summary>Largest canonical entry the log accepts (every text field at its maximum, and some).</summary>
    public const int MaxEntryBytes = 64 * 1024;

    /// <summary>Largest signed note the log accepts.</summary>
    public const int MaxCheckpointBytes = 64 * 1024;

    internal const int LengthPrefix = 4;

    internal static int EntryRecordLength(int entryLength) => LengthPrefix + entryLength + MerkleHashing.HashSize;

    internal static void WriteEntryRecord(Span<byte> destination, ReadOnlySpan<byte> entry, ReadOnlySpan<byte> leafHash)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)entry.Length);
        entry.CopyTo(destination[LengthPrefix..]);
        leafHash.CopyTo(destination[(LengthPrefix + entry.Length)..]);
    }

    /// <summary>Reads a whole checkpoints file (notes with their byte offsets); a torn last record is reported through <paramref name="tornAt"/>.</summary>
    public static IReadOnlyList<(long Offset, string Note)> ReadCheckpoints(string path, out long? tornAt)
    {
        tornAt = null;
        var notes = new List<(long, string)>();
        if (!File.Exists(path))
        {
            return notes;
        }

        var bytes = ReadShared(path);
        var at = 0;
        while (at < bytes.Length)
        {
            if (at + LengthPrefix > bytes.Length)
            {
                tornAt = at;
                break;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (length > MaxCheckpointBytes || at + LengthPrefix + length > bytes.Length)
            {
                tornAt = at;
                break;
            }

            notes.Add((at, System.Text.Encoding.UTF8.GetString(bytes, at + LengthPrefix, (int)length)));
            at += LengthPrefix + (int)length;
        }

        return notes;
    }

    internal static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        return bytes;
    }
}
