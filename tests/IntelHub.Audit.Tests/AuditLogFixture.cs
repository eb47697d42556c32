using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
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
        using var store = FileAuditLogStore.Open(LogDirectory);
        using var signer = LocalKeySigner.OpenOrCreate(KeyPath);
        await using var sequencer = await AuditSequencer.StartAsync(store, signer, Options(), null, TestContext.Current.CancellationToken);
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
