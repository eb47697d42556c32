namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    private static ProtocolVersionRecord Protocol(string version, string document, string status, DateTimeOffset recordedAt) => new(
        "wales-police-riu-isp", version, document, Sample.Digest(document), status, "riu-protocol-owner", [], null, recordedAt);

    [Fact]
    public async Task A_protocol_version_is_stored_once_moves_through_review_and_cannot_change_its_document()
    {
        // Given version 3 of a protocol, proposed
        var (database, store) = await MigratedStoreAsync();
        var proposed = Protocol("3", "id: wales-police-riu-isp\nversion: 3\n", "proposed", Sample.Monday);
        await store.SaveProtocolVersionAsync(proposed, [Sample.AuditEntry("proposed v3")], Token);

        // When it is approved and published, a changed document arrives under the same version, and version 4 is proposed
        var published = proposed with { Status = "published", ApprovedBy = ["gwent-police", "wales-riu"], EffectiveAt = Sample.Monday.AddDays(7) };
        await store.SaveProtocolVersionAsync(published with { Status = "approved" }, [Sample.AuditEntry("approved v3")], Token);
        await store.SaveProtocolVersionAsync(published, [Sample.AuditEntry("published v3")], Token);
        var rewrite = proposed with { DocumentText = "id: wales-police-riu-isp\nversion: 3\n# edited\n", DocumentDigest = Sample.Digest("edited") };
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => store.SaveProtocolVersionAsync(rewrite, [Sample.AuditEntry("rewrite v3")], Token));
        var next = Protocol("4", "id: wales-police-riu-isp\nversion: 4\n", "proposed", Sample.Monday.AddDays(30));
        await store.SaveProtocolVersionAsync(next, [Sample.AuditEntry("proposed v4")], Token);

        // Then there is one row per (protocol, version), version 3 is published with its first document, the rewrite was
        // refused without an audit record, and the list shows the newest version first
        Assert.Contains("new version", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2, await database.CountAsync("protocol_versions"));
        Assert.Equal(Sample.Json(new[] { next, published }), Sample.Json(await store.ListProtocolVersionsAsync(Token)));
        Assert.Equal(4, await store.AuditCountAsync(Token));
    }

    [Fact]
    public async Task A_protocol_change_is_stored_only_on_the_generation_it_was_decided_on_with_its_approval_and_audit()
    {
        // Given version 3 proposed through a change, with two approvers named
        var (database, store) = await MigratedStoreAsync();
        var start = await store.ProtocolGenerationAsync(Token);
        var proposed = Protocol("3", "id: wales-police-riu-isp\nversion: 3\n", "proposed", Sample.Monday) with
        {
            ApprovedBy = ["gwent-police", "wales-riu"], ChangeNote = "narrow partners", ProposerAgency = "wales-riu", IdempotencyKey = "key-1",
        };
        var afterProposal = await store.ChangeProtocolAsync(new ProtocolChange(start, [proposed]), [Sample.AuditEntry("proposed v3")], Token);

        // When Gwent approves on that generation, and a second change decided on the old generation arrives
        var approval = new ProtocolApprovalRecord("gwent-police", "gwent-owner", Sample.Monday.AddHours(1), "agreed", proposed.DocumentDigest);
        var afterApproval = await store.ChangeProtocolAsync(new ProtocolChange(afterProposal, [proposed], approval, proposed.ProtocolId, "3"),
            [Sample.AuditEntry("approved v3")], Token);
        var stale = await Assert.ThrowsAsync<StoreConflictException>(() => store.ChangeProtocolAsync(
            new ProtocolChange(afterProposal, [proposed with { Status = "published", PublishedAt = Sample.Monday, EffectiveAt = Sample.Monday }]), [Sample.AuditEntry("stale publish")], Token));
        var twice = await Assert.ThrowsAsync<StoreConflictException>(() => store.ChangeProtocolAsync(
            new ProtocolChange(afterApproval, [proposed], approval, proposed.ProtocolId, "3"), [Sample.AuditEntry("approved again")], Token));
        var reusedKey = await Assert.ThrowsAsync<StoreConflictException>(() => store.ChangeProtocolAsync(
            new ProtocolChange(afterApproval, [Protocol("4", "id: wales-police-riu-isp\nversion: 4\n", "proposed", Sample.Monday) with { ProposerAgency = "wales-riu", IdempotencyKey = "key-1" }]),
            [Sample.AuditEntry("reused key")], Token));

        // Then the generation moved once per stored change, the refused ones stored nothing and audited nothing, and the
        // history reads the version back with every life-cycle field and its approval
        Assert.Equal((start + 1, start + 2), (afterProposal, afterApproval));
        Assert.Equal(afterApproval, await store.ProtocolGenerationAsync(Token));
        Assert.Contains("changed by another request", stale.Message, StringComparison.Ordinal);
        Assert.Contains("already stored", twice.Message, StringComparison.Ordinal);
        Assert.Contains("already stored", reusedKey.Message, StringComparison.Ordinal);
        Assert.Equal(1, await database.CountAsync("protocol_versions"));
        Assert.Equal(1, await database.CountAsync("protocol_approvals"));
        Assert.Equal(2, await store.AuditCountAsync(Token));
        var history = await store.ReadProtocolHistoryAsync(Token);
        Assert.Equal(afterApproval, history.Generation);
        Assert.Equal(Sample.Json(new[] { proposed with { Approvals = [approval] } }), Sample.Json(history.Versions));
    }
}
