namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task A_dissemination_request_is_stored_once_per_key_decided_once_and_delivered_in_the_requesters_inbox_sequence()
    {
        // Given an item routed to Cardiff (inbox position 1) and Cardiff's request for more of it
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-d1"), null, Sample.Permit(Sample.Cardiff, "existence-only")), Token);
        var request = DisseminationRequest("dsm-1", "key-1");
        var audited = await store.AuditCountAsync(Token);

        // When it is stored, retried under the same key, and the key is reused for another request
        var (stored, duplicate) = await store.RequestDisseminationAsync(request, Sample.AuditEntry("requested"), Token);
        var (again, repeated) = await store.RequestDisseminationAsync(request with { DisseminationId = "dsm-2" }, Sample.AuditEntry("requested again"), Token);
        await Assert.ThrowsAsync<StoreConflictException>(() => store.RequestDisseminationAsync(
            request with { DisseminationId = "dsm-3", RequestDigest = Sample.Digest("other") }, Sample.AuditEntry("reused"), Token));

        // Then there is one pending request, audited once
        Assert.False(duplicate);
        Assert.True(repeated);
        Assert.Equal(("dsm-1", DisseminationRecord.Pending, audited), (again.DisseminationId, again.Status, again.AuditSequence));
        Assert.Equal(audited + 1, await store.AuditCountAsync(Token));
        Assert.Single(await store.ListDisseminationsAsync(new DisseminationQuery(Sample.Cardiff, AsOriginator: false, [], null, 10), Token));
        Assert.Single(await store.ListDisseminationsAsync(new DisseminationQuery(Sample.Gwent, AsOriginator: true, [DisseminationRecord.Pending], null, 10), Token));
        Assert.Empty(await store.ListDisseminationsAsync(new DisseminationQuery(Sample.Gwent, AsOriginator: true, [DisseminationRecord.Granted], null, 10), Token));

        // When it is granted until Tuesday, and then refused
        var grant = new DisseminationDecision(DisseminationRecord.Granted, "gwent-analyst-1", Sample.Monday, "full", ["not-for-evidential-use"], Sample.Monday.AddDays(1), null);
        var (decided, recorded) = await store.DecideDisseminationAsync("dsm-1", grant, Sample.AuditEntry("granted"), Token);
        var (unchanged, recordedAgain) = await store.DecideDisseminationAsync("dsm-1", grant with { Status = DisseminationRecord.Refused, GrantedView = null, RefusalReason = "no" }, Sample.AuditEntry("refused"), Token);

        // Then the grant alone is recorded, audited, and delivered as Cardiff's inbox position 2, in force until it expires
        Assert.True(recorded);
        Assert.False(recordedAgain);
        Assert.Equal((DisseminationRecord.Granted, "full", 2L, audited + 1), (unchanged.Status, unchanged.GrantedView, unchanged.DeliveryPosition, unchanged.AuditSequence));
        Assert.Equal(decided, unchanged with { Conditions = decided.Conditions });
        Assert.Equal(["not-for-evidential-use"], unchanged.Conditions);
        Assert.Equal(audited + 2, await store.AuditCountAsync(Token));
        var inbox = await store.ReadInboxAsync(Sample.Cardiff, 0, 10, Token);
        Assert.Equal([(1L, (string?)null), (2L, "dsm-1")], inbox.Select(e => (e.Position, e.DisseminationId)));
        Assert.Equal(("item-d1", "full"), (inbox[1].ItemId, inbox[1].View));
        Assert.Single(await store.DeliveredDisseminationsAsync(Sample.Cardiff, [1, 2], Token));
        Assert.Single(await store.GrantsInForceAsync("item-d1", Sample.Cardiff, Sample.Monday.AddHours(23), Token));
        Assert.Empty(await store.GrantsInForceAsync("item-d1", Sample.Cardiff, Sample.Monday.AddDays(1), Token));
        Assert.Empty(await store.GrantsInForceAsync("item-d1", Sample.Riu, Sample.Monday, Token));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.DecideDisseminationAsync("dsm-none", grant, Sample.AuditEntry("x"), Token));
    }

    private static DisseminationRecord DisseminationRequest(string id, string key) => new()
    {
        DisseminationId = id, ItemId = "item-d1", OriginatorAgencyId = Sample.Gwent, RequesterAgencyId = Sample.Cardiff, RequestedBy = "cardiff-user",
        RequesterRole = "partner-practitioner", IdempotencyKey = key, RequestDigest = Sample.Digest("request"), PurposeId = "safeguarding-victims",
        CaseReference = "", Justification = "contract test", RequestedView = "full", RequestedAt = Sample.Monday,
    };
}
