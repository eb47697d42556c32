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
}
