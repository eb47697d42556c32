using System.Collections.Concurrent;
using System.Text;

namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Audit_sequences_are_gap_free_and_unique_under_many_concurrent_writers()
    {
        // Given two hub processes' stores
        var (database, store) = await MigratedStoreAsync();
        var stores = new[] { store, database.OpenStore() };
        var given = new ConcurrentDictionary<long, string>();

        // When eight writers append fifty entries each, one at a time
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var entry = $"writer {writer} entry {i}";
                var sequence = Assert.Single(await stores[writer % 2].AppendAuditAsync([Sample.AuditEntry(entry)], Token));
                Assert.True(given.TryAdd(sequence, entry), $"sequence {sequence} was given twice");
            }
        }, Token)));

        // Then the sequences are exactly 0..399, and each record holds the entry it was given for
        Assert.Equal(Enumerable.Range(0, 400).Select(s => (long)s), given.Keys.Order());
        Assert.Equal(400, await store.AuditCountAsync(Token));
        var records = new List<AuditRecord>();
        for (long from = 0; from < 400; from = records[^1].Sequence + 1) records.AddRange(await store.ReadAuditAsync(from, 150, Token));
        Assert.Equal(Enumerable.Range(0, 400).Select(s => (long)s), records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(given[r.Sequence], Encoding.UTF8.GetString(r.CanonicalEntry.Span)));
    }

    [Fact]
    public async Task Entries_appended_together_get_consecutive_sequences_after_earlier_ones()
    {
        // Given a log with one submission's two records
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);

        // When three entries are appended in one call (and an empty call appends nothing)
        var sequences = await store.AppendAuditAsync([Sample.AuditEntry("a"), Sample.AuditEntry("b"), Sample.AuditEntry("c")], Token);
        var none = await store.AppendAuditAsync([], Token);

        // Then they follow on without a gap, in order
        Assert.Equal([2L, 3L, 4L], sequences);
        Assert.Empty(none);
        Assert.Equal(["b", "c"], (await store.ReadAuditAsync(3, 10, Token)).Select(r => Encoding.UTF8.GetString(r.CanonicalEntry.Span)));
    }

    [Fact]
    public async Task Checkpoints_are_one_per_tree_size_and_never_ahead_of_the_log()
    {
        // Given a log of three records with a checkpoint at size 2
        var (_, store) = await MigratedStoreAsync();
        await store.AppendAuditAsync([Sample.AuditEntry("a"), Sample.AuditEntry("b"), Sample.AuditEntry("c")], Token);
        const string noteAt2 = "intelhub.example/log\n2\nq1w2e3=\n\n— intelhub.example/log AbCd\n";
        const string noteAt3 = "intelhub.example/log\n3\nr4t5y6=\n\n— intelhub.example/log EfGh\n";
        await store.SaveCheckpointAsync(2, noteAt2, Token);

        // When the same note is saved again, another at size 3, a different note at size 2, and one beyond the log
        await store.SaveCheckpointAsync(2, noteAt2, Token);
        await store.SaveCheckpointAsync(3, noteAt3, Token);
        var rewritten = await Assert.ThrowsAsync<StoreConflictException>(() => store.SaveCheckpointAsync(2, noteAt3, Token));
        var ahead = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SaveCheckpointAsync(4, noteAt3, Token));

        // Then the repeat is harmless, the rewrite and the size beyond the log are refused, and the list is in size order
        Assert.Contains("tree size 2", rewritten.Message, StringComparison.Ordinal);
        Assert.Contains("only 3 audit records", ahead.Message, StringComparison.Ordinal);
        Assert.Equal([(2L, noteAt2), (3L, noteAt3)], await store.ListCheckpointsAsync(Token));
    }
}
