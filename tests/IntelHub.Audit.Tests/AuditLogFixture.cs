using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Log;
using IntelHub.Audit.Sequencing;
using IntelHub.Audit.Signing;
using IntelHub.Audit.Tests.Entries;

namespace IntelHub.Audit.Tests;

/// <summary>A real log on disk, written through the sequencer with a real P-256 key.</summary>
internal sealed class AuditLogFixture : IDisposable
{
    public const string Origin = "intelhub.test/audit";

    private readonly TempDirectory _root = new();

    public AuditLogFixture(string keyName = "audit-key.pem") => KeyPath = Path.Combine(_root.Path, keyName);

    public string LogDirectory => Path.Combine(_root.Path, "log");

    public string Scratch => _root.Path;

    public string KeyPath { get; set; }

    public static AuditSequencerOptions Options(int every = 10) =>
        new() { Origin = Origin, CheckpointEveryEntries = every, CheckpointInterval = TimeSpan.FromHours(1), MaxBatchEntries = 7 };

    /// <summary>Appends <paramref name="count"/> entries one at a time (checkpoints every 10 and at the end).</summary>
    public async Task<AuditLogFixture> WriteAsync(int count, int from = 0)
    {
        var (store, signer, sequencer) = await OpenAsync();
        using var closeStore = store;
        using var closeSigner = signer;
        await using var closeSequencer = sequencer;
        for (var i = from; i < from + count; i++)
        {
            await sequencer.AppendAsync(AuditEntryEncodingTests.Disclosure(i), TestContext.Current.CancellationToken);
        }

        return this;
    }

    public CheckpointKeySet Keys(params string[] keyPaths)
    {
        var paths = keyPaths.Length == 0 ? [KeyPath] : keyPaths;
        return new CheckpointKeySet(paths.Select(p =>
        {
            using var signer = LocalKeySigner.OpenOrCreate(p);
            return signer.PublicKey(Origin);
        }));
    }

    public string EntriesPath => Path.Combine(LogDirectory, LogFiles.EntriesFile);

    public string CheckpointsPath => Path.Combine(LogDirectory, LogFiles.CheckpointsFile);

    /// <summary>Byte offset of entry <paramref name="index"/>'s record and its entry length.</summary>
    public (long Offset, int Length) Record(long index)
    {
        using var reader = EntryRecordReader.Open(EntriesPath);
        while (reader.Next() == EntryRecordStatus.Record)
        {
            if (reader.Index == index)
            {
                return (reader.Offset, reader.Entry.Length);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>Byte position of the first character of the user field inside an entry written by <see cref="WriteAsync"/>.</summary>
    public const int UserFieldAt = 10 + 2 + 12 + 2;

    /// <summary>Changes one byte inside entry <paramref name="index"/>; with <paramref name="rehash"/>, also rewrites its recorded leaf hash to match, as a careful attacker would.</summary>
    public async Task AlterEntryAsync(long index, int byteInEntry, byte value, bool rehash)
    {
        var (offset, length) = Record(index);
        var bytes = await File.ReadAllBytesAsync(EntriesPath, TestContext.Current.CancellationToken);
        bytes[offset + 4 + byteInEntry] = value;
        if (rehash)
        {
            MerkleHashing.HashLeaf(bytes.AsSpan((int)offset + 4, length), bytes.AsSpan((int)offset + 4 + length, MerkleHashing.HashSize));
        }

        await File.WriteAllBytesAsync(EntriesPath, bytes, TestContext.Current.CancellationToken);
    }

    /// <summary>Opens the log for writing and starts a sequencer on it; dispose in reverse order.</summary>
    public async Task<(FileAuditLogStore Store, LocalKeySigner Signer, AuditSequencer Sequencer)> OpenAsync(AuditSequencerOptions? options = null)
    {
        var store = FileAuditLogStore.Open(LogDirectory);
        var signer = LocalKeySigner.OpenOrCreate(KeyPath);
        var sequencer = await AuditSequencer.StartAsync(store, signer, options ?? Options(), null, TestContext.Current.CancellationToken);
        return (store, signer, sequencer);
    }

    public IReadOnlyList<string> CheckpointNotes() =>
        [.. LogFiles.ReadCheckpoints(CheckpointsPath, out _).Select(c => c.Note)];

    public IReadOnlyList<AuditEntry> Entries()
    {
        var entries = new List<AuditEntry>();
        using var reader = EntryRecordReader.Open(EntriesPath);
        while (reader.Next() == EntryRecordStatus.Record)
        {
            entries.Add(AuditEntryEncoding.Decode(reader.Entry));
        }

        return entries;
    }

    public void Dispose() => _root.Dispose();
}
