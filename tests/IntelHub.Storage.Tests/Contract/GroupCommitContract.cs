using System.Text;

namespace IntelHub.Storage.Tests.Contract;

/// <summary>
/// Submissions that arrive together are committed together (one transaction, one fsync). These pin what a batch
/// must still guarantee each caller. Submissions queued while another writer holds the write lock all wait for it
/// and then go into one batch, which is how the tests put several submissions into the same transaction.
/// </summary>
public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Many_concurrent_submissions_are_all_durable_with_gap_free_audit_sequences_and_inbox_positions()
    {
        // Given a store
        var (database, store) = await MigratedStoreAsync();
        const int count = 200;

        // When many callers submit at once
        var outcomes = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(
            () => store.SubmitAsync(Sample.Submission(Sample.Item($"item-{i}")), Token), Token)));

        // Then every caller's audit sequences are its own consecutive run, together 0 .. 2n-1 without gaps, each
        // pointing at that caller's own records; each recipient's positions run 1 .. n without gaps
        Assert.All(outcomes, o => Assert.False(o.Duplicate));
        Assert.Equal(Enumerable.Range(0, 2 * count).Select(i => (long)i), outcomes.SelectMany(o => o.AuditSequences).Order());
        var records = (await store.ReadAuditAsync(0, 2 * count, Token)).ToDictionary(r => r.Sequence, r => Encoding.UTF8.GetString(r.CanonicalEntry.Span));
        Assert.All(outcomes, o => Assert.Equal([$"submitted {o.ItemId}", $"routed {o.ItemId}"], o.AuditSequences.Select(s => records[s])));
        foreach (var agency in new[] { Sample.Riu, Sample.Cardiff })
        {
            Assert.Equal(Enumerable.Range(1, count).Select(p => (long)p), outcomes.SelectMany(o => o.Delivered).Where(e => e.AgencyId == agency).Select(e => e.Position).Order());
            var inbox = await store.ReadInboxAsync(agency, 0, count + 1, Token);
            Assert.Equal(Enumerable.Range(1, count).Select(p => (long)p), inbox.Select(e => e.Position));
        }

        // and all of it is there for a store opened afresh on the same database (another process)
        var reopened = database.OpenStore();
        Assert.Equal(2 * count, await reopened.AuditCountAsync(Token));
        foreach (var outcome in outcomes) Assert.NotNull(await reopened.GetItemAsync(outcome.ItemId, Token));
    }

    [Fact]
    public async Task A_failing_submission_in_a_batch_fails_alone_and_leaves_no_gap()
    {
        // Given three submissions queued behind another writer, the middle one broken (an agency routed twice)
        var (database, store) = await MigratedStoreAsync();
        Task<SubmissionOutcome> first, broken, last;
        await using (await database.HoldWriteLockAsync())
        {
            first = store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);
            broken = store.SubmitAsync(Sample.Submission(Sample.Item("item-2"), "key-2", Sample.Permit(Sample.Riu), Sample.Permit(Sample.Riu, "sanitised")), Token);
            last = store.SubmitAsync(Sample.Submission(Sample.Item("item-3")), Token);
            await Task.Delay(TimeSpan.FromMilliseconds(100), Token);
            Assert.False(first.IsCompleted);
        }

        // When the batch commits
        var stored = await Task.WhenAll(first, last);

        // Then the broken one is refused with nothing of it written, the others are stored, sequences and positions without a gap
        await Assert.ThrowsAsync<StoreConflictException>(() => broken);
        Assert.Null(await store.GetItemAsync("item-2", Token));
        Assert.Equal([[0L, 1L], [2L, 3L]], stored.Select(o => o.AuditSequences));
        Assert.Equal([1L, 2L], (await store.ReadInboxAsync(Sample.Riu, 0, 10, Token)).Select(e => e.Position));
        Assert.Equal(["item-1", "item-3"], (await store.ReadInboxAsync(Sample.Riu, 0, 10, Token)).Select(e => e.ItemId));
        Assert.Equal(4, await store.AuditCountAsync(Token));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = 'key-2'"));
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_in_one_batch_stores_once_and_a_different_request_under_it_is_a_conflict()
    {
        // Given, queued into one batch: a submission, an identical repeat, and a different report under the same key
        var (database, store) = await MigratedStoreAsync();
        var submission = Sample.Submission(Sample.Item("item-1"), "shared-key");
        Task<SubmissionOutcome> original, repeat, reused;
        await using (await database.HoldWriteLockAsync())
        {
            original = store.SubmitAsync(submission, Token);
            repeat = store.SubmitAsync(submission with { Item = submission.Item with { ItemId = "item-1-retry" } }, Token);
            reused = store.SubmitAsync(Sample.Submission(Sample.Item("item-2") with { FullText = "A different report." }, "shared-key"), Token);
            await Task.Delay(TimeSpan.FromMilliseconds(100), Token);
        }

        // When the batch commits
        var first = await original;
        var second = await repeat;

        // Then one item is stored; the repeat gets its outcome marked duplicate; the different request is refused
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal("item-1", second.ItemId);
        Assert.Equal(first.AuditSequences, second.AuditSequences);
        Assert.Equal(Sample.Json(first.Delivered), Sample.Json(second.Delivered));
        await Assert.ThrowsAsync<StoreConflictException>(() => reused);
        Assert.Equal(1, await database.CountAsync("items"));
        Assert.Equal(2, await store.AuditCountAsync(Token));
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_writes_nothing_and_the_others_in_its_batch_are_stored()
    {
        // Given three submissions queued behind another writer
        var (database, store) = await MigratedStoreAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        Task<SubmissionOutcome> first, abandoned, last;
        await using (await database.HoldWriteLockAsync())
        {
            first = store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);
            abandoned = store.SubmitAsync(Sample.Submission(Sample.Item("item-2")), cancellation.Token);
            last = store.SubmitAsync(Sample.Submission(Sample.Item("item-3")), Token);

            // When the middle caller gives up before the lock is free
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        // Then the others are stored whole, with sequences and positions as if it had never come
        var stored = await Task.WhenAll(first, last);
        Assert.Equal([[0L, 1L], [2L, 3L]], stored.Select(o => o.AuditSequences));
        Assert.Equal([1L, 2L], stored.Select(o => o.Delivered.Single(e => e.AgencyId == Sample.Riu).Position));
        Assert.Null(await store.GetItemAsync("item-2", Token));
        Assert.Equal(2, await database.CountAsync("items"));
        Assert.Equal(2, await database.CountAsync("idempotency_keys"));
    }
}
