namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Submission_stores_item_entities_routing_inbox_and_audit_together()
    {
        // Given a store whose clock reads a known time
        var clock = new FixedClock(Sample.Monday.AddMinutes(5));
        var (_, store) = await MigratedStoreAsync(clock);
        var item = Sample.Item("item-1") with { Themes = ["labour/adult", "criminal/minor"], Areas = [Sample.NewportArea, Sample.CardiffArea] };
        var submission = Sample.Submission(item);

        // When the item is submitted
        var outcome = await store.SubmitAsync(submission, Token);

        // Then the item reads back field for field, with its routing, inbox entries for the permitted, and its audit records
        Assert.Equal("item-1", outcome.ItemId);
        Assert.False(outcome.Duplicate);
        Assert.Equal([0L, 1L], outcome.AuditSequences);
        Assert.Equal(Sample.Json(item), Sample.Json(await store.GetItemAsync("item-1", Token)));
        Assert.Equal(Sample.Json(submission.Routing.OrderBy(r => r.RecipientAgencyId, StringComparer.Ordinal)), Sample.Json(await store.GetRoutingAsync("item-1", Token)));
        Assert.Equal(
            [(Sample.Cardiff, 1L, "sanitised"), (Sample.Riu, 1L, "full")],
            outcome.Delivered.Select(e => (e.AgencyId, e.Position, e.View)));
        Assert.All(outcome.Delivered, e => Assert.Equal(clock.Now, e.QueuedAt));
        Assert.Equal(Sample.Json(outcome.Delivered.Where(e => e.AgencyId == Sample.Riu)), Sample.Json(await store.ReadInboxAsync(Sample.Riu, 0, 10, Token)));
        Assert.Empty(await store.ReadInboxAsync(Sample.Bawso, 0, 10, Token));
        Assert.Equal(
            ["submitted item-1", "routed item-1"],
            (await store.ReadAuditAsync(0, 10, Token)).Select(r => System.Text.Encoding.UTF8.GetString(r.CanonicalEntry.Span)));
        Assert.Equal(2, await store.AuditCountAsync(Token));
    }

    [Fact]
    public async Task Failure_part_way_through_a_submission_leaves_nothing_behind()
    {
        // Given a store that already holds one submission
        var (database, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);
        var before = await RowCountsAsync(database);

        // When a submission fails after its item is written (the same agency routed twice breaks a unique key)
        var broken = Sample.Submission(Sample.Item("item-2"), "key-2", Sample.Permit(Sample.Riu), Sample.Permit(Sample.Riu, "sanitised"));
        await Assert.ThrowsAsync<StoreConflictException>(() => store.SubmitAsync(broken, Token));

        // Then no row of it remains, and its key, inbox positions and audit sequences are still free
        Assert.Equal(before, await RowCountsAsync(database));
        Assert.Null(await store.GetItemAsync("item-2", Token));
        var retried = await store.SubmitAsync(broken with { Routing = [Sample.Permit(Sample.Riu)] }, Token);
        Assert.False(retried.Duplicate);
        Assert.Equal(2, retried.Delivered.Single().Position);
        Assert.Equal([2L, 3L], retried.AuditSequences);
    }

    [Fact]
    public async Task Submission_cancelled_while_waiting_for_another_writer_leaves_nothing_behind()
    {
        // Given another writer holding what a submission needs (on PostgreSQL: the audit counter, so the
        // submission has written its item when it stops to wait)
        var (database, store) = await MigratedStoreAsync();
        var before = await RowCountsAsync(database);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var submission = Sample.Submission(Sample.Item("item-1"));
        await using (await database.HoldWriteLockAsync())
        {
            // When the caller gives up while it waits
            var pending = store.SubmitAsync(submission, cancellation.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(300), Token);
            Assert.False(pending.IsCompleted);
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        // Then nothing of it was stored, and the same submission goes through afterwards as the first
        Assert.Equal(before, await RowCountsAsync(database));
        var outcome = await store.SubmitAsync(submission, Token);
        Assert.False(outcome.Duplicate);
        Assert.Equal([0L, 1L], outcome.AuditSequences);
        Assert.All(outcome.Delivered, e => Assert.Equal(1, e.Position));
    }

    [Fact]
    public async Task Resubmission_with_the_same_key_returns_the_first_outcome_and_writes_nothing()
    {
        // Given a stored submission
        var (database, store) = await MigratedStoreAsync();
        var first = await store.SubmitAsync(Sample.Submission(Sample.Item("item-1"), "retry-me"), Token);
        var before = await RowCountsAsync(database);

        // When the client retries it (the hub gave the retry a new item id)
        var repeat = await store.SubmitAsync(Sample.Submission(Sample.Item("item-1") with { ItemId = "item-1-retry" }, "retry-me"), Token);

        // Then the reply is the first one's, marked as a duplicate, and nothing new is stored
        Assert.True(repeat.Duplicate);
        Assert.Equal("item-1", repeat.ItemId);
        Assert.Equal(first.AuditSequences, repeat.AuditSequences);
        Assert.Equal(Sample.Json(first.Delivered), Sample.Json(repeat.Delivered));
        Assert.Equal(before, await RowCountsAsync(database));
        Assert.Null(await store.GetItemAsync("item-1-retry", Token));
    }

    [Fact]
    public async Task A_retry_of_the_same_content_committed_under_a_fresh_salt_is_the_same_submission()
    {
        // Given a stored submission
        var (database, store) = await MigratedStoreAsync();
        var first = await store.SubmitAsync(Sample.Submission(Sample.Item("item-1"), "retry-key"), Token);
        var before = await RowCountsAsync(database);

        // When it is retried: the hub salts every submission's commitment afresh, so the retry's commitment differs
        var retry = Sample.Item("item-1-retry") with { Title = Sample.Item("item-1").Title, ContentSalt = Sample.Salt("fresh"), ContentDigest = Sample.Digest("fresh") };
        var outcome = await store.SubmitAsync(Sample.Submission(retry, "retry-key"), Token);

        // Then it is recognised by its content as the first submission, and nothing is written
        Assert.True(outcome.Duplicate);
        Assert.Equal(first.ItemId, outcome.ItemId);
        Assert.Equal(before, await RowCountsAsync(database));
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_different_content_is_a_conflict()
    {
        // Given a stored submission
        var (database, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1"), "shared-key"), Token);
        var before = await RowCountsAsync(database);

        // When another item arrives under the same key from the same agency
        var other = Sample.Item("item-2") with { FullText = "something else", ContentDigest = Sample.Digest("something else") };
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => store.SubmitAsync(Sample.Submission(other, "shared-key"), Token));

        // Then it is refused, saying which key and what to do, and nothing is written
        Assert.Contains("shared-key", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("new idempotency key", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(before, await RowCountsAsync(database));
    }

    [Fact]
    public async Task Identical_submissions_racing_from_several_processes_store_one_item_and_all_get_its_id()
    {
        // Given two hub processes' stores on one database
        var (database, store) = await MigratedStoreAsync();
        var stores = new[] { store, database.OpenStore() };

        // When eight copies of one submission (each with its own item id) arrive at once
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(
            () => stores[i % 2].SubmitAsync(Sample.Submission(Sample.Item("item-1") with { ItemId = $"copy-{i}" }, "same-key"), Token), Token)));

        // Then exactly one was stored; every other returns the winner's id and outcome
        var winner = Assert.Single(outcomes, o => !o.Duplicate);
        Assert.All(outcomes, o => Assert.Equal(winner.ItemId, o.ItemId));
        Assert.All(outcomes, o => Assert.Equal(winner.AuditSequences, o.AuditSequences));
        Assert.Equal(1, await database.CountAsync("items"));
        Assert.Equal(2, await database.CountAsync("audit_records"));
        Assert.Equal(2, await database.CountAsync("inbox_entries"));
    }

    [Fact]
    public async Task Submitting_an_item_id_that_is_taken_is_a_conflict()
    {
        // Given a stored item
        var (database, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);
        var before = await RowCountsAsync(database);

        // When a different submission reuses its id
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => store.SubmitAsync(Sample.Submission(Sample.Item("item-1") with { ContentDigest = Sample.Digest("other") }, "other-key"), Token));

        // Then it is refused and nothing is written
        Assert.Contains("item-1", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(before, await RowCountsAsync(database));
    }

    [Fact]
    public async Task Permitted_routing_without_a_view_is_refused_before_anything_is_written()
    {
        // Given a store
        var (database, store) = await MigratedStoreAsync();

        // When a permitted route has no view
        var route = Sample.Permit(Sample.Riu) with { View = null };
        var refusal = await Assert.ThrowsAsync<ArgumentException>(
            () => store.SubmitAsync(Sample.Submission(Sample.Item("item-1"), null, route), Token));

        // Then the message names the field and nothing is stored
        Assert.Contains($"Routing[{Sample.Riu}].View", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.CountAsync("items"));
    }

    private static async Task<string> RowCountsAsync(Engines.TestDatabase database)
    {
        string[] tables =
        [
            "items", "item_entities", "item_themes", "item_areas", "routing_decisions", "inbox_counters", "inbox_entries",
            "inbox_acknowledgements", "audit_records", "idempotency_keys",
        ];
        var counts = new List<string>();
        foreach (var table in tables) counts.Add($"{table}={await database.CountAsync(table)}");
        counts.Add($"audit_counter={await database.ScalarAsync("SELECT next_sequence FROM audit_counter")}");
        counts.Add($"positions={await database.ScalarAsync("SELECT COALESCE(SUM(last_position), 0) FROM inbox_counters")}");
        return string.Join(", ", counts);
    }
}
