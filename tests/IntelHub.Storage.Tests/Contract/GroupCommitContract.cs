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

    [Fact]
    public async Task A_batch_with_one_submission_conflicting_with_stored_data_answers_that_one_with_the_conflict_and_commits_the_rest()
    {
        // Given item-2 already stored, then queued into one batch: a new item, item-2 again under a new key (so the
        // batch's set-based write fails on the item id), a repeat of item-2's first submission, and another new item
        var (database, store) = await MigratedStoreAsync();
        var stored = Sample.Submission(Sample.Item("item-2"), "key-2");
        await store.SubmitAsync(stored, Token);
        Task<SubmissionOutcome> first, conflicting, repeat, last;
        await using (await database.HoldWriteLockAsync())
        {
            first = store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);
            conflicting = store.SubmitAsync(Sample.Submission(Sample.Item("item-2"), "key-2-again"), Token);
            repeat = store.SubmitAsync(stored, Token);
            last = store.SubmitAsync(Sample.Submission(Sample.Item("item-3")), Token);
            await Task.Delay(TimeSpan.FromMilliseconds(100), Token);
            Assert.False(first.IsCompleted);
        }

        // When the batch commits
        var committed = await Task.WhenAll(first, last);

        // Then only the conflicting caller is refused, naming its item; the repeat gets the first outcome; the new items follow without a gap
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => conflicting);
        Assert.Contains("item-2", conflict.Message, StringComparison.Ordinal);
        var repeated = await repeat;
        Assert.True(repeated.Duplicate);
        Assert.Equal([0L, 1L], repeated.AuditSequences);
        Assert.Equal([[2L, 3L], [4L, 5L]], committed.Select(o => o.AuditSequences));
        Assert.Equal(["item-2", "item-1", "item-3"], (await store.ReadInboxAsync(Sample.Riu, 0, 10, Token)).Select(e => e.ItemId));
        Assert.Equal([1L, 2L, 3L], (await store.ReadInboxAsync(Sample.Riu, 0, 10, Token)).Select(e => e.Position));
        Assert.Equal(6, await store.AuditCountAsync(Token));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = 'key-2-again'"));
        Assert.Equal(3, await database.CountAsync("items"));
    }

    [Fact]
    public async Task Every_submission_of_a_batch_is_durable_and_audited_as_read_back_by_the_store_reopened()
    {
        // Given several submissions with different routings queued into one batch
        var (database, store) = await MigratedStoreAsync();
        var submissions = new[]
        {
            Sample.Submission(Sample.Item("item-1")),
            Sample.Submission(Sample.Item("item-2"), null, Sample.Permit(Sample.Cardiff, "sanitised")),
            Sample.Submission(Sample.Item("item-3") with { Entities = [], Themes = [], Areas = [] }, null, Sample.Deny(Sample.Riu)),
            Sample.Submission(Sample.Item("item-4"), null, Sample.Permit(Sample.Bawso, "existence-only"), Sample.Permit(Sample.Riu)),
        };
        Task<SubmissionOutcome>[] pending;
        await using (await database.HoldWriteLockAsync())
        {
            pending = [.. submissions.Select(s => store.SubmitAsync(s, Token))];
            await Task.Delay(TimeSpan.FromMilliseconds(100), Token);
            Assert.All(pending, p => Assert.False(p.IsCompleted));
        }
        var outcomes = await Task.WhenAll(pending);

        // When the store is closed and opened again on the same database
        await store.DisposeAsync();
        var reopened = database.OpenStore();

        // Then every item, its routing, its inbox entries and its audit records are there as its caller was told
        Assert.Equal(8, await reopened.AuditCountAsync(Token));
        var records = (await reopened.ReadAuditAsync(0, 8, Token)).ToDictionary(r => r.Sequence, r => Encoding.UTF8.GetString(r.CanonicalEntry.Span));
        for (var i = 0; i < submissions.Length; i++)
        {
            var (submission, outcome) = (submissions[i], outcomes[i]);
            Assert.Equal(Sample.Json(submission.Item), Sample.Json(await reopened.GetItemAsync(submission.Item.ItemId, Token)));
            Assert.Equal(Sample.Json(submission.Routing.OrderBy(r => r.RecipientAgencyId, StringComparer.Ordinal)), Sample.Json(await reopened.GetRoutingAsync(submission.Item.ItemId, Token)));
            Assert.Equal([$"submitted {outcome.ItemId}", $"routed {outcome.ItemId}"], outcome.AuditSequences.Select(s => records[s]));
            foreach (var entry in outcome.Delivered)
                Assert.Equal(Sample.Json(entry), Sample.Json((await reopened.ReadInboxAsync(entry.AgencyId, entry.Position - 1, 1, Token)).Single()));
            Assert.Equal(submission.Routing.Count(r => r.Permitted), outcome.Delivered.Count);

            // and a repeat to the reopened store returns the first outcome from the stored idempotency key
            var repeat = await reopened.SubmitAsync(submission, Token);
            Assert.True(repeat.Duplicate);
            Assert.Equal(outcome.AuditSequences, repeat.AuditSequences);
            Assert.Equal(Sample.Json(outcome.Delivered), Sample.Json(repeat.Delivered));
        }
        Assert.Equal(8, await reopened.AuditCountAsync(Token));
    }
}
