namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Disposal_removes_content_its_commitment_salt_and_entity_keys_and_keeps_metadata_commitment_routing_and_audit()
    {
        // Given a submitted item
        var clock = new FixedClock(Sample.Monday.AddYears(6));
        var (database, store) = await MigratedStoreAsync(clock);
        var item = Sample.Item("item-1");
        await store.SubmitAsync(Sample.Submission(item), Token);
        var routing = Sample.Json(await store.GetRoutingAsync("item-1", Token));
        var auditBefore = await store.ReadAuditAsync(0, 100, Token);

        // When its content is disposed of
        var disposed = await store.DisposeItemContentAsync("item-1", [Sample.AuditEntry("disposed item-1 at review")], Token);

        // Then title, texts, subject document and entity keys are gone; id, metadata, digest, routing and every audit record remain
        Assert.True(disposed);
        var after = await store.GetItemAsync("item-1", Token);
        Assert.NotNull(after);
        Assert.Equal(
            Sample.Json(item with { Title = null, FullText = null, SanitisedText = null, SubjectDocument = null, ContentSalt = null, Entities = [], DisposedAt = clock.Now }),
            Sample.Json(after));
        Assert.Equal(0, await database.CountAsync("item_entities"));
        Assert.Empty(await store.FindItemsAsync(new ItemQuery { Entities = [item.Entities[0]], IncludeDisposed = true }, Token));
        Assert.Equal(routing, Sample.Json(await store.GetRoutingAsync("item-1", Token)));
        var auditAfter = await store.ReadAuditAsync(0, 100, Token);
        Assert.Equal(auditBefore.Count + 1, auditAfter.Count);
        Assert.All(auditBefore, r => Assert.Equal(r.CanonicalEntry.ToArray(), auditAfter[(int)r.Sequence].CanonicalEntry.ToArray()));
    }

    [Fact]
    public async Task Disposing_again_writes_nothing_and_an_unknown_item_is_reported()
    {
        // Given a disposed item
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);
        await store.DisposeItemContentAsync("item-1", [Sample.AuditEntry("disposed")], Token);
        var auditCount = await store.AuditCountAsync(Token);

        // When it is disposed again, and an id that was never stored is disposed
        var again = await store.DisposeItemContentAsync("item-1", [Sample.AuditEntry("disposed again")], Token);
        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(
            () => store.DisposeItemContentAsync("no-such-item", [Sample.AuditEntry("disposed")], Token));

        // Then the repeat says so and audits nothing, and the unknown id is named
        Assert.False(again);
        Assert.Equal(auditCount, await store.AuditCountAsync(Token));
        Assert.Contains("no-such-item", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_due_for_review_are_those_on_or_past_their_date_and_not_yet_disposed()
    {
        // Given items with review dates around 1 March 2032, one of them already disposed
        var (_, store) = await MigratedStoreAsync();
        var asOf = new DateOnly(2032, 3, 1);
        (string Id, DateOnly Review)[] reviews =
            [("past", asOf.AddDays(-30)), ("today", asOf), ("future", asOf.AddDays(1)), ("disposed", asOf.AddDays(-60))];
        foreach (var (id, review) in reviews) await store.SubmitAsync(Sample.Submission(Sample.Item(id) with { ReviewDate = review }), Token);
        await store.DisposeItemContentAsync("disposed", [Sample.AuditEntry("disposed")], Token);

        // When the review queue is read
        var due = await store.ItemsDueForReviewAsync(asOf, 10, Token);

        // Then it holds the past and today's items, oldest review first
        Assert.Equal(["past", "today"], due);
        Assert.Equal(["past"], await store.ItemsDueForReviewAsync(asOf, 1, Token));
    }
}
