using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Log;
using IntelHub.Audit.Sequencing;
using IntelHub.Audit.Signing;
using IntelHub.Audit.Tests.Entries;
using IntelHub.Audit.Verification;

namespace IntelHub.Audit.Tests.Sequencing;

public sealed class AuditSequencerTests
{
    [Fact]
    public async Task Many_threads_appending_never_produce_duplicate_or_missing_indices()
    {
        // Given one sequencer and 8 threads appending 250 entries each
        using var log = new AuditLogFixture();
        var ct = TestContext.Current.CancellationToken;
        var assigned = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();
        using (var store = FileAuditLogStore.Open(log.LogDirectory))
        using (var signer = LocalKeySigner.OpenOrCreate(log.KeyPath))
        {
            await using var sequencer = await AuditSequencer.StartAsync(store, signer, AuditLogFixture.Options(every: 100), null, ct);
            var threads = Enumerable.Range(0, 8).Select(t => Task.Run(
                async () =>
                {
                    for (var i = 0; i < 250; i++)
                    {
                        var entry = AuditEntryEncodingTests.Disclosure() with { ItemId = $"t{t}-{i}" };
                        var index = await sequencer.AppendAsync(entry, ct);
                        Assert.True(assigned.TryAdd(index, entry.ItemId), $"index {index} was handed out twice");
                    }
                },
                ct));
            await Task.WhenAll(threads);
        }

        // Then the indices are exactly 0..1999, each entry sits at the index its caller was given, and the log verifies
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), assigned.Keys.Order());
        var stored = log.Entries();
        Assert.Equal(2000, stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            Assert.Equal(assigned[i], stored[i].ItemId);
        }

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: ct);
        Assert.True(report.IsValid, report.Failure?.Message);
        Assert.Equal(2000, report.CoveredSize);
    }

    [Fact]
    public async Task An_index_is_returned_only_once_its_entry_is_on_disk()
    {
        using var log = new AuditLogFixture();
        var ct = TestContext.Current.CancellationToken;
        var (store, signer, sequencer) = await log.OpenAsync();
        using var closeStore = store;
        using var closeSigner = signer;
        await using var closeSequencer = sequencer;

        var index = await sequencer.AppendAsync(AuditEntryEncodingTests.Disclosure(3), ct);

        Assert.Equal(0, index);
        Assert.Equal("item-3", log.Entries().Single().ItemId);
    }

    [Fact]
    public async Task Checkpoints_are_signed_every_N_entries_and_over_the_tail_at_shutdown()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var keys = log.Keys();

        var sizes = log.CheckpointNotes().Select(n => keys.Verify(n).Checkpoint!.Size);

        Assert.Equal([10L, 20, 30, 35], sizes);
        Assert.All(log.CheckpointNotes(), n => Assert.True(keys.Verify(n).IsValid));
    }

    [Fact]
    public async Task A_checkpoint_is_signed_after_the_interval_even_when_few_entries_arrive()
    {
        using var log = new AuditLogFixture();
        var ct = TestContext.Current.CancellationToken;
        using var store = FileAuditLogStore.Open(log.LogDirectory);
        using var signer = LocalKeySigner.OpenOrCreate(log.KeyPath);
        var options = AuditLogFixture.Options(every: 1000) with { CheckpointInterval = TimeSpan.FromMilliseconds(50) };
        await using var sequencer = await AuditSequencer.StartAsync(store, signer, options, null, ct);

        await sequencer.AppendAsync(AuditEntryEncodingTests.Disclosure(), ct);
        for (var wait = 0; wait < 100 && log.CheckpointNotes().Count == 0; wait++)
        {
            await Task.Delay(50, ct);
        }

        Assert.Equal(1, log.Keys().Verify(log.CheckpointNotes().Single()).Checkpoint!.Size);
    }

    [Fact]
    public async Task A_second_sequencer_on_the_same_log_cannot_write_an_index_the_first_wrote()
    {
        // Given two sequencers that both loaded the empty log
        using var log = new AuditLogFixture();
        var ct = TestContext.Current.CancellationToken;
        using var store = FileAuditLogStore.Open(log.LogDirectory);
        using var signer = LocalKeySigner.OpenOrCreate(log.KeyPath);
        await using var first = await AuditSequencer.StartAsync(store, signer, AuditLogFixture.Options(), null, ct);
        await using var second = await AuditSequencer.StartAsync(store, signer, AuditLogFixture.Options(), null, ct);

        // When both append
        Assert.Equal(0, await first.AppendAsync(AuditEntryEncodingTests.Disclosure(1), ct));
        var conflict = await Assert.ThrowsAsync<AuditLogConflictException>(() => second.AppendAsync(AuditEntryEncodingTests.Disclosure(2), ct));

        // Then the second is refused, and index 0 still holds the first's entry
        Assert.Equal(0, conflict.ExpectedSize);
        Assert.Equal(1, conflict.ActualSize);
        Assert.Equal("item-1", log.Entries().Single().ItemId);
    }

    [Fact]
    public void A_second_process_cannot_open_the_log_for_writing()
    {
        using var log = new AuditLogFixture();
        using var store = FileAuditLogStore.Open(log.LogDirectory);

        var error = Assert.Throws<IOException>(() => FileAuditLogStore.Open(log.LogDirectory));

        Assert.Contains("already open for writing by another process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_restart_indices_continue_where_the_log_ended()
    {
        using var log = await new AuditLogFixture().WriteAsync(12);
        await log.WriteAsync(3, from: 12);

        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"item-{i}"), log.Entries().Select(e => e.ItemId));
        Assert.True(AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: TestContext.Current.CancellationToken).IsValid);
    }

    [Fact]
    public async Task A_record_torn_by_a_crash_is_cut_off_when_the_log_reopens()
    {
        using var log = await new AuditLogFixture().WriteAsync(5);
        await File.AppendAllBytesAsync(log.EntriesPath, [0, 0, 0, 200, 1, 2, 3], TestContext.Current.CancellationToken);

        using (var store = FileAuditLogStore.Open(log.LogDirectory))
        {
            Assert.Equal(7, store.DiscardedTornBytes);
            Assert.Equal(5, await store.GetSizeAsync(TestContext.Current.CancellationToken));
        }

        Assert.True(AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: TestContext.Current.CancellationToken).IsValid);
    }

    [Fact]
    public async Task After_key_rotation_the_whole_log_verifies_with_old_and_new_public_keys()
    {
        // Given a log whose first 15 entries were signed with one key, the next 15 with another
        using var log = await new AuditLogFixture().WriteAsync(15);
        var oldKey = log.KeyPath;
        log.KeyPath = Path.Combine(log.Scratch, "rotated-key.pem");
        await log.WriteAsync(15, from: 15);

        // Then it verifies with both keys, and without the old one the first checkpoint is reported
        var both = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(oldKey, log.KeyPath), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(both.IsValid, both.Failure?.Message);
        Assert.Equal(30, both.CoveredSize);
        var newOnly = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(log.KeyPath), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(VerificationProblem.UnknownKey, newOnly.Failure!.Problem);
        Assert.Equal(1, newOnly.Failure.CheckpointNumber);
    }

    [Fact]
    public async Task The_sequencer_refuses_to_extend_a_log_altered_while_the_hub_was_stopped()
    {
        // Given a log whose entry 3 and its recorded leaf hash were rewritten
        using var log = await new AuditLogFixture().WriteAsync(12);
        await log.AlterEntryAsync(3, AuditLogFixture.UserFieldAt, (byte)'A', rehash: true);

        // When the hub starts on it
        using var store = FileAuditLogStore.Open(log.LogDirectory);
        using var signer = LocalKeySigner.OpenOrCreate(log.KeyPath);
        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => AuditSequencer.StartAsync(store, signer, AuditLogFixture.Options(), null, TestContext.Current.CancellationToken));

        // Then it refuses, saying why
        Assert.StartsWith("The audit log holds 12 entries that do not match its latest signed checkpoint (size 12)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signer_outage_delays_the_checkpoint_but_never_an_acknowledged_entry()
    {
        // Given a signer that fails its first attempt
        using var log = new AuditLogFixture();
        var ct = TestContext.Current.CancellationToken;
        using var store = FileAuditLogStore.Open(log.LogDirectory);
        using var key = LocalKeySigner.OpenOrCreate(log.KeyPath);
        var signer = new FlakySigner(key, failures: 1);
        await using (var sequencer = await AuditSequencer.StartAsync(store, signer, AuditLogFixture.Options(every: 2) with { MaxBatchEntries = 2 }, null, ct))
        {
            // When entries arrive during the outage and after it
            Assert.Equal(0, await sequencer.AppendAsync(AuditEntryEncodingTests.Disclosure(0), ct));
            Assert.Equal(1, await sequencer.AppendAsync(AuditEntryEncodingTests.Disclosure(1), ct));
            Assert.Equal(2, await sequencer.AppendAsync(AuditEntryEncodingTests.Disclosure(2), ct));
            Assert.Equal(3, await sequencer.AppendAsync(AuditEntryEncodingTests.Disclosure(3), ct));
        }

        // Then every entry was acknowledged, the failed checkpoint was retried, and the log verifies
        Assert.Equal(1, signer.FailedAttempts);
        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: ct);
        Assert.True(report.IsValid, report.Failure?.Message);
        Assert.Equal(4, report.CoveredSize);
    }

    private sealed class FlakySigner(LocalKeySigner inner, int failures) : ICheckpointSigner
    {
        private int _remaining = failures;

        public int FailedAttempts { get; private set; }

        public ReadOnlyMemory<byte> SubjectPublicKeyInfo => inner.SubjectPublicKeyInfo;

        public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            if (_remaining-- > 0)
            {
                FailedAttempts++;
                throw new IOException("The signing service is unavailable.");
            }

            return inner.SignAsync(message, cancellationToken);
        }
    }
}
