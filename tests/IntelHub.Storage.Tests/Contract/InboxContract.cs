namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Inbox_positions_are_per_agency_gap_free_and_a_reader_resumes_after_its_position()
    {
        // Given five items for the RIU and Cardiff, and two more for the RIU alone
        var (_, store) = await MigratedStoreAsync();
        for (var i = 1; i <= 7; i++)
        {
            RoutingRecord[] routing = i <= 5 ? [Sample.Permit(Sample.Riu), Sample.Permit(Sample.Cardiff, "sanitised")] : [Sample.Permit(Sample.Riu)];
            await store.SubmitAsync(Sample.Submission(Sample.Item($"item-{i}"), null, routing), Token);
        }

        // When each agency reads from the start, and the RIU resumes after position 4 in pages of two
        var riu = await store.ReadInboxAsync(Sample.Riu, 0, 100, Token);
        var cardiff = await store.ReadInboxAsync(Sample.Cardiff, 0, 100, Token);
        var resumed = await store.ReadInboxAsync(Sample.Riu, 4, 2, Token);
        var rest = await store.ReadInboxAsync(Sample.Riu, resumed[^1].Position, 2, Token);

        // Then each agency's positions run 1, 2, 3, ... in submission order, and resuming misses nothing
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], riu.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"item-{i}"), riu.Select(e => e.ItemId));
        Assert.Equal([1L, 2, 3, 4, 5], cardiff.Select(e => e.Position));
        Assert.All(cardiff, e => Assert.Equal("sanitised", e.View));
        Assert.Equal(["item-5", "item-6"], resumed.Select(e => e.ItemId));
        Assert.Equal(["item-7"], rest.Select(e => e.ItemId));
        Assert.Empty(await store.ReadInboxAsync(Sample.Riu, 7, 10, Token));
    }

    [Fact]
    public async Task An_inbox_batch_reads_its_items_at_once_each_as_a_read_by_id_gives_it()
    {
        // Given three stored items, one of them disposed of
        var clock = new FixedClock(Sample.Monday.AddYears(6));
        var (_, store) = await MigratedStoreAsync(clock);
        foreach (var id in new[] { "item-1", "item-2", "item-3" }) await store.SubmitAsync(Sample.Submission(Sample.Item(id)), Token);
        await store.DisposeItemContentAsync("item-3", [Sample.AuditEntry("disposed item-3 at review")], Token);

        // When a batch asks for two of them (one twice), the disposed one and an id the store does not hold
        var items = await store.GetItemsAsync(["item-2", "item-1", "item-2", "item-3", "no-such-item"], Token);

        // Then it gets each held item once, exactly as a read by its id gives it (metadata, and a disposed item without content)
        Assert.Equal(["item-1", "item-2", "item-3"], items.Select(i => i.ItemId).Order(StringComparer.Ordinal));
        foreach (var item in items) Assert.Equal(Sample.Json(await store.GetItemAsync(item.ItemId, Token)), Sample.Json(item));
        Assert.Empty(await store.GetItemsAsync([], Token));
        var tooMany = Enumerable.Range(0, IHubStore.MaxItemsPerRead + 1).Select(i => $"item-{i}").ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetItemsAsync(tooMany, Token));
    }

    [Fact]
    public async Task Concurrent_submissions_from_several_processes_give_each_agency_gap_free_positions()
    {
        // Given two hub processes' stores
        var (database, store) = await MigratedStoreAsync();
        var stores = new[] { store, database.OpenStore() };
        string[] agencies = [Sample.Riu, Sample.Cardiff, Sample.Bawso];

        // When six writers submit ten items each, every item to two of three agencies
        await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var n = (writer * 10) + i;
                var routing = agencies.Where((_, a) => a != n % 3).Select(a => Sample.Permit(a)).ToArray();
                await stores[writer % 2].SubmitAsync(Sample.Submission(Sample.Item($"item-{n}"), null, routing), Token);
            }
        }, Token)));

        // Then each agency's inbox holds positions 1..its count exactly once, each item once
        foreach (var agency in agencies)
        {
            var inbox = await store.ReadInboxAsync(agency, 0, 1000, Token);
            Assert.Equal(40, inbox.Count);
            Assert.Equal(Enumerable.Range(1, 40).Select(p => (long)p), inbox.Select(e => e.Position));
            Assert.Equal(40, inbox.Select(e => e.ItemId).Distinct().Count());
        }
    }

    [Fact]
    public async Task Acknowledgement_never_moves_backwards_and_is_audited()
    {
        // Given an agency with three inbox entries
        var (_, store) = await MigratedStoreAsync();
        for (var i = 1; i <= 3; i++) await store.SubmitAsync(Sample.Submission(Sample.Item($"item-{i}"), null, Sample.Permit(Sample.Riu)), Token);
        var auditBefore = await store.AuditCountAsync(Token);
        Assert.Equal(0, await store.AcknowledgedPositionAsync(Sample.Riu, Token));

        // When it acknowledges up to 3, and then a late acknowledgement of 1 arrives
        var afterThree = await store.AcknowledgeAsync(Sample.Riu, 3, [Sample.AuditEntry("riu acknowledged 3")], Token);
        var afterOne = await store.AcknowledgeAsync(Sample.Riu, 1, [Sample.AuditEntry("riu acknowledged 1")], Token);

        // Then the position stays at 3, and both acknowledgements are in the audit log
        Assert.Equal(3, afterThree);
        Assert.Equal(3, afterOne);
        Assert.Equal(3, await store.AcknowledgedPositionAsync(Sample.Riu, Token));
        Assert.Equal(0, await store.AcknowledgedPositionAsync(Sample.Cardiff, Token));
        Assert.Equal(auditBefore + 2, await store.AuditCountAsync(Token));
    }

    [Fact]
    public async Task Acknowledging_beyond_the_last_inbox_entry_is_refused_and_changes_nothing()
    {
        // Given an agency with two inbox entries, acknowledged up to 1
        var (_, store) = await MigratedStoreAsync();
        for (var i = 1; i <= 2; i++) await store.SubmitAsync(Sample.Submission(Sample.Item($"item-{i}"), null, Sample.Permit(Sample.Riu)), Token);
        await store.AcknowledgeAsync(Sample.Riu, 1, [], Token);
        var auditBefore = await store.AuditCountAsync(Token);

        // When it acknowledges position 3, which it was never given
        var refusal = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => store.AcknowledgeAsync(Sample.Riu, 3, [Sample.AuditEntry("riu acknowledged 3")], Token));

        // Then it is refused, saying how far the inbox goes, and neither the position nor the audit log moves
        Assert.Contains("up to position 2", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1, await store.AcknowledgedPositionAsync(Sample.Riu, Token));
        Assert.Equal(auditBefore, await store.AuditCountAsync(Token));
    }

    [Fact]
    public async Task Audited_writes_share_one_commit_each_part_in_order_under_consecutive_sequences_with_its_acknowledgement()
    {
        // Given three inbox entries for the RIU and two for Cardiff
        var (_, store) = await MigratedStoreAsync();
        for (var i = 1; i <= 3; i++)
        {
            RoutingRecord[] routing = i <= 2 ? [Sample.Permit(Sample.Riu), Sample.Permit(Sample.Cardiff)] : [Sample.Permit(Sample.Riu)];
            await store.SubmitAsync(Sample.Submission(Sample.Item($"item-{i}"), null, routing), Token);
        }
        var before = await store.AuditCountAsync(Token);

        // When deliveries' entries, two acknowledgements and a late one of the RIU are written together
        var outcomes = await store.WriteAuditedAsync(
        [
            new AuditedWrite([Sample.AuditEntry("delivered 1"), Sample.AuditEntry("delivered 2")]),
            new AuditedWrite([Sample.AuditEntry("riu acknowledged 1"), Sample.AuditEntry("riu acknowledged 2")], new InboxAcknowledgement(Sample.Riu, 2)),
            new AuditedWrite([Sample.AuditEntry("cardiff acknowledged 2")], new InboxAcknowledgement(Sample.Cardiff, 2)),
            new AuditedWrite([Sample.AuditEntry("riu acknowledged 1 late")], new InboxAcknowledgement(Sample.Riu, 1)),
        ], Token);

        // Then each part has its own consecutive sequences, in the order of the parts, with no gap
        Assert.Equal([[before, before + 1], [before + 2, before + 3], [before + 4], [before + 5]], outcomes.Select(o => o.Sequences.ToArray()));
        Assert.All(outcomes, o => Assert.Null(o.Refusal));
        // And each acknowledgement moved its agency's cursor, the late one leaving it where it was
        Assert.Equal([null, 2L, 2L, 2L], outcomes.Select(o => o.AcknowledgedPosition));
        Assert.Equal(2, await store.AcknowledgedPositionAsync(Sample.Riu, Token));
        Assert.Equal(2, await store.AcknowledgedPositionAsync(Sample.Cardiff, Token));
        // And the log holds exactly those entries in that order
        var stored = await store.ReadAuditAsync(before, 10, Token);
        Assert.Equal(
            ["delivered 1", "delivered 2", "riu acknowledged 1", "riu acknowledged 2", "cardiff acknowledged 2", "riu acknowledged 1 late"],
            stored.Select(r => System.Text.Encoding.UTF8.GetString(r.CanonicalEntry.Span)));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => before + i), stored.Select(r => r.Sequence));
        Assert.Empty(await store.WriteAuditedAsync([], Token));
    }

    [Fact]
    public async Task An_audited_write_acknowledging_beyond_the_inbox_is_refused_alone_and_writes_nothing_of_its_own()
    {
        // Given an agency with two inbox entries
        var (_, store) = await MigratedStoreAsync();
        for (var i = 1; i <= 2; i++) await store.SubmitAsync(Sample.Submission(Sample.Item($"item-{i}"), null, Sample.Permit(Sample.Riu)), Token);
        var before = await store.AuditCountAsync(Token);

        // When its acknowledgement of position 3 shares a write with another request's entry
        var outcomes = await store.WriteAuditedAsync(
        [
            new AuditedWrite([Sample.AuditEntry("riu acknowledged 3")], new InboxAcknowledgement(Sample.Riu, 3)),
            new AuditedWrite([Sample.AuditEntry("delivered elsewhere")]),
        ], Token);

        // Then the acknowledgement is refused, saying how far the inbox goes, and neither its entry nor the cursor is written
        Assert.Contains("up to position 2", outcomes[0].Refusal, StringComparison.Ordinal);
        Assert.Empty(outcomes[0].Sequences);
        Assert.Null(outcomes[0].AcknowledgedPosition);
        Assert.Equal(0, await store.AcknowledgedPositionAsync(Sample.Riu, Token));
        // And the other request's entry is committed, under the next sequence, with no gap left by the refused one
        Assert.Equal([before], outcomes[1].Sequences);
        Assert.Equal(before + 1, await store.AuditCountAsync(Token));
        Assert.Equal("delivered elsewhere", System.Text.Encoding.UTF8.GetString(Assert.Single(await store.ReadAuditAsync(before, 10, Token)).CanonicalEntry.Span));
    }

    [Fact]
    public async Task Shared_audited_writes_from_several_processes_acknowledging_agencies_in_opposite_orders_all_commit()
    {
        // Given two hub processes' stores and two inbox entries each for the RIU and Cardiff
        var (database, store) = await MigratedStoreAsync();
        var stores = new[] { store, database.OpenStore() };
        for (var i = 1; i <= 2; i++)
            await store.SubmitAsync(Sample.Submission(Sample.Item($"item-{i}"), null, Sample.Permit(Sample.Riu), Sample.Permit(Sample.Cardiff)), Token);
        var before = await store.AuditCountAsync(Token);

        // When each process writes acknowledgements of both agencies together many times, one naming them in the opposite order
        const int Rounds = 20;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
        {
            string[] agencies = writer == 0 ? [Sample.Riu, Sample.Cardiff] : [Sample.Cardiff, Sample.Riu];
            for (var round = 0; round < Rounds; round++)
            {
                var outcomes = await stores[writer].WriteAuditedAsync(
                    [.. agencies.Select(a => new AuditedWrite([Sample.AuditEntry($"{a} acknowledged by {writer} in {round}")], new InboxAcknowledgement(a, 1 + (round % 2))))], Token);
                Assert.All(outcomes, o => Assert.Null(o.Refusal));
            }
        }, Token)));

        // Then every write committed (none was lost to a deadlock), with one entry each and no gap
        Assert.Equal(before + (2 * Rounds * 2), await store.AuditCountAsync(Token));
        Assert.Equal(2, await store.AcknowledgedPositionAsync(Sample.Riu, Token));
        Assert.Equal(2, await store.AcknowledgedPositionAsync(Sample.Cardiff, Token));
    }
}
