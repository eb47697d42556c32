using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Log;
using IntelHub.Audit.Signing;
using IntelHub.Audit.Tree;

namespace IntelHub.Audit.Benchmarks;

/// <summary>Realistic entries and logs for the benchmarks: disclosures with every field filled.</summary>
internal static class SampleLog
{
    public const string Origin = "intelhub.bench/audit";

    public static AuditEntry Entry(int n) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddYears(56).AddTicks(n * 10L),
        Action = (AuditAction)(1 + (n % 12)),
        Agency = "south-wales-police",
        User = $"analyst-{n % 500}",
        Counterparty = "cardiff-council",
        ItemId = $"01JD{n:D12}",
        ContentDigest = ContentDigest.Of(BitConverter.GetBytes(n)),
        View = "sanitised",
        Decision = "permit",
        ProtocolId = "waspi-isp-modern-slavery-wales",
        ProtocolVersion = "3",
        Rule = "partners-receive-sanitised-intelligence",
        Purpose = "safeguarding",
        TraceId = $"4bf92f3577b34da6a3ce{n:D12}",
    };

    /// <summary>Canonical bytes of <paramref name="count"/> entries, packed end to end, with their offsets.</summary>
    public static (byte[] Bytes, int[] Offsets) Encoded(int count)
    {
        var parts = Enumerable.Range(0, count).Select(i => AuditEntryEncoding.Encode(Entry(i))).ToArray();
        var offsets = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            offsets[i + 1] = offsets[i] + parts[i].Length;
        }

        var bytes = new byte[offsets[count]];
        for (var i = 0; i < count; i++)
        {
            parts[i].CopyTo(bytes, offsets[i]);
        }

        return (bytes, offsets);
    }

    /// <summary>The baseline: one-shot SHA-256 of each of the first <paramref name="count"/> packed entries.</summary>
    public static byte HashEach(byte[] bytes, int[] offsets, int count)
    {
        Span<byte> digest = stackalloc byte[32];
        byte sink = 0;
        for (var i = 0; i < count; i++)
        {
            System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(offsets[i], offsets[i + 1] - offsets[i]), digest);
            sink ^= digest[0];
        }

        return sink;
    }

    /// <summary>Writes a log of <paramref name="count"/> entries with a signed checkpoint every <paramref name="checkpointEvery"/>.</summary>
    public static async Task WriteAsync(string directory, string keyPath, int count, int checkpointEvery)
    {
        using var store = FileAuditLogStore.Open(directory);
        using var signer = LocalKeySigner.OpenOrCreate(keyPath);
        var range = new CompactRange();
        var batch = new List<StoredEntry>(checkpointEvery);
        for (var i = 0; i < count; i++)
        {
            var bytes = AuditEntryEncoding.Encode(Entry(i));
            var leaf = MerkleHash.FromBytes(MerkleHashing.HashLeaf(bytes));
            batch.Add(new StoredEntry(i, bytes, leaf));
            range.Append(leaf.Bytes);
            if (batch.Count == checkpointEvery || i == count - 1)
            {
                await store.AppendAsync(i + 1 - batch.Count, batch, CancellationToken.None);
                batch.Clear();
                var note = await CheckpointSigning.SignAsync(Checkpoint.At(Origin, i + 1, range.Root(), DateTimeOffset.UtcNow), signer, CancellationToken.None);
                await store.AppendCheckpointAsync(note.ToText(), CancellationToken.None);
            }
        }
    }

    public static CheckpointKeySet Keys(string keyPath)
    {
        using var signer = LocalKeySigner.OpenOrCreate(keyPath);
        return new CheckpointKeySet([signer.PublicKey(Origin)]);
    }
}
