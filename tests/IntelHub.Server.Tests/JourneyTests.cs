using Google.Protobuf;
using Grpc.Core;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;
using IntelHub.Audit.Signing;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Each user group's journey through the real hub: a force submits, the hub routes, a partner
/// receives and queries for a declared purpose, the RIU searches, and every step can be proved
/// from the signed audit log. Run against both stores.
/// </summary>
public sealed class JourneyTests(PostgresCluster cluster)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Force_intelligence_reaches_the_RIU_in_full_and_the_local_council_sanitised_only(Engine engine)
    {
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);

        var receipt = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0042"), cancellationToken: Token)).Receipt;

        var routed = receipt.Routing.ToDictionary(r => r.Agency.AgencyId, r => r.View);
        Assert.Equal(DisclosureView.Full, routed["wales-riu"]);
        Assert.Equal(DisclosureView.Sanitised, routed["cardiff-council"]);
        Assert.False(routed.ContainsKey("vale-of-glamorgan-council"), "an item about Cardiff is not routed to another council's area");
        Assert.False(receipt.Replayed);

        var council = hub.As("cardiff-council", UserRole.PartnerPractitioner);
        var delivery = await FirstDeliveryAsync(council, receipt.ItemId);
        Assert.Equal(DisclosureView.Sanitised, delivery.Item.View);
        Assert.Equal(DisclosedItem.ContentOneofCase.Sanitised, delivery.Item.ContentCase);
        Assert.DoesNotContain("CHIS", delivery.ToByteString().ToStringUtf8(), StringComparison.Ordinal);
        Assert.Empty(delivery.Item.Sanitised.Subject.Entities);

        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);
        var riuCopy = (await riu.Reports.GetItemAsync(new GetItemRequest { ItemId = receipt.ItemId, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token)).Item;
        Assert.Equal(DisclosureView.Full, riuCopy.View);
        Assert.Contains(SourceMarker, riuCopy.Full.FullText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_partner_never_sees_an_item_or_a_full_text_the_policy_withholds(Engine engine)
    {
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var itemId = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0043"), cancellationToken: Token)).Receipt.ItemId;
        var council = hub.As("cardiff-council", UserRole.PartnerPractitioner);
        var otherCouncil = hub.As("vale-of-glamorgan-council", UserRole.PartnerPractitioner);

        var sanitised = (await council.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token)).Item;
        Assert.Equal(DisclosureView.Sanitised, sanitised.View);
        Assert.DoesNotContain(SourceMarker, sanitised.ToByteString().ToStringUtf8(), StringComparison.Ordinal);

        // Not shared for this purpose, not shared with this council, and not existing at all look the same.
        var wrongPurpose = await Assert.ThrowsAsync<RpcException>(() => council.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token).ResponseAsync);
        var wrongArea = await Assert.ThrowsAsync<RpcException>(() => otherCouncil.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);
        var missingId = Guid.CreateVersion7().ToString();
        var missing = await Assert.ThrowsAsync<RpcException>(() => otherCouncil.Reports.GetItemAsync(new GetItemRequest { ItemId = missingId, Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);
        Assert.All([wrongPurpose, wrongArea, missing], e => Assert.Equal(StatusCode.NotFound, e.StatusCode));
        Assert.Equal(missing.Status.Detail.Replace(missingId, "ID", StringComparison.Ordinal), wrongArea.Status.Detail.Replace(itemId, "ID", StringComparison.Ordinal));

        // Search is not an action the ISP gives partners over intelligence: it never shows up, not even as a count.
        var search = await council.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("safeguarding-victims"), Entities = { new EntityQuery { Type = EntityType.PhoneNumber, Value = "07700900123" } } }, cancellationToken: Token);
        Assert.Empty(search.Items);
        Assert.Equal("", search.NextPageToken);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task The_RIU_finds_intelligence_by_a_phone_number_however_it_was_typed_and_each_disclosure_is_provable(Engine engine)
    {
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var itemId = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0044", phoneAsTyped: "07700 900123"), cancellationToken: Token)).Receipt.ItemId;
        await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0045", phoneAsTyped: "07700 900999"), cancellationToken: Token);
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);

        var found = await riu.Reports.SearchItemsAsync(new SearchItemsRequest
        {
            Purpose = Purpose("disrupt-trafficking"),
            Entities = { new EntityQuery { Type = EntityType.PhoneNumber, Value = "+44 (0)7700-900123" } },
        }, cancellationToken: Token);

        var item = Assert.Single(found.Items);
        Assert.Equal(itemId, item.ItemId);
        Assert.Equal(DisclosureView.Full, item.View);

        // The disclosure is a leaf of the signed log; its inclusion proof checks against the signed root.
        var auditor = hub.As("nca", UserRole.Auditor);
        var leafIndex = (long)item.DisclosureAuditLeafIndex;
        var checkpoint = await AuditLogCheck.CheckpointCoveringAsync(auditor, (ulong)leafIndex);
        var verified = new CheckpointKeySet([HubPublicKey(hub)]).Verify(checkpoint.SignedNote);
        Assert.True(verified.IsValid, verified.Error);
        var leaf = Assert.Single((await auditor.Audit.GetEntriesAsync(new GetEntriesRequest { Start = (ulong)leafIndex, End = (ulong)leafIndex + 1 }, cancellationToken: Token)).Entries);
        var entry = AuditEntryEncoding.Decode(leaf.LeafData.Span);
        Assert.Equal((AuditAction.DisclosureBySearch, "wales-riu", itemId, "full"), (entry.Action, entry.Agency, entry.ItemId, entry.View));
        Assert.StartsWith("disrupt-trafficking", entry.Purpose, StringComparison.Ordinal);
        // What was disclosed is committed to under the item's secret salt: the hub opens it, a guess without the salt does not.
        var disclosedBytes = item.Clone().Also(i => i.DisclosureAuditLeafIndex = 0).ToByteArray();
        var salt = (await hub.Store.GetItemAsync(itemId, Token))!.ContentSalt!;
        Assert.True(ContentCommitment.Opens(entry.ContentDigest!.Value, ContentCommitment.Disclosure, salt, disclosedBytes));
        Assert.NotEqual(ContentDigest.Of(disclosedBytes), entry.ContentDigest);

        var proof = await riu.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = (ulong)leafIndex, TreeSize = checkpoint.TreeSize }, cancellationToken: Token);
        ProofVerifier.VerifyInclusion(leafIndex, (long)checkpoint.TreeSize, MerkleHash.FromBytes(MerkleHashing.HashLeaf(leaf.LeafData.Span)),
            proof.AuditPath.Select(p => MerkleHash.FromBytes(p.Span)).ToList(), verified.Checkpoint!.Root);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_partners_safeguarding_concern_reaches_the_force_in_full_and_a_retry_is_not_stored_twice(Engine engine)
    {
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var ngo = hub.As("bawso", UserRole.PartnerPractitioner);

        var first = (await ngo.Reports.SubmitInformationAsync(SafeguardingConcern("bawso-2026-117"), cancellationToken: Token)).Receipt;
        var retry = (await ngo.Reports.SubmitInformationAsync(SafeguardingConcern("bawso-2026-117"), cancellationToken: Token)).Receipt;
        var reused = SafeguardingConcern("bawso-2026-117");
        reused.FullText += " Second visit.";
        var conflict = await Assert.ThrowsAsync<RpcException>(() => ngo.Reports.SubmitInformationAsync(reused, cancellationToken: Token).ResponseAsync);

        Assert.True(retry.Replayed);
        Assert.Equal(first.ItemId, retry.ItemId);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Contains(first.Routing, r => r.Agency.AgencyId == "south-wales-police" && r.View == DisclosureView.Full);

        var police = hub.As("south-wales-police", UserRole.Analyst);
        var found = await police.Reports.SearchItemsAsync(new SearchItemsRequest
        {
            Purpose = Purpose("disrupt-trafficking"),
            AreaGssCodes = { Cardiff },
            Kinds = { ItemKind.Information },
        }, cancellationToken: Token);
        var item = Assert.Single(found.Items);
        Assert.Equal(first.ItemId, item.ItemId);
        Assert.Equal("Amira Testname", Assert.Single(item.Full.Subject.Entities).Person.FullName);
    }

    [Fact]
    public async Task The_inbox_resumes_after_the_last_acknowledgement_and_redelivers_what_was_not_acknowledged()
    {
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var first = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0046"), cancellationToken: Token)).Receipt.ItemId;
        var second = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0047"), cancellationToken: Token)).Receipt.ItemId;
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);

        var delivered = await FirstDeliveryAsync(riu, first);
        var ack = await riu.Inbox.AcknowledgeAsync(new AcknowledgeRequest { Deliveries = new DeliveryIds { DeliveryIds_ = { delivered.DeliveryId } } }, cancellationToken: Token);
        var again = await FirstDeliveryAsync(riu, second);
        var listed = await riu.Inbox.ListInboxAsync(new ListInboxRequest { IncludeAcknowledged = true, Purpose = InboxPurpose(riu) }, cancellationToken: Token);

        Assert.Equal(1u, ack.NewlyAcknowledged);
        Assert.Equal(delivered.Position, ack.AcknowledgedPosition);
        Assert.Equal(delivered.Position + 1, again.Position);
        Assert.Equal([first, second], listed.Deliveries.Select(d => d.Item.ItemId));
        Assert.Equal([true, false], listed.Deliveries.Select(d => d.Acknowledged));

        var replayFromAcknowledged = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var stream = riu.Inbox.StreamInbox(new StreamInboxRequest { AfterPosition = 0, Purpose = InboxPurpose(riu) }, cancellationToken: Token);
            await stream.ResponseStream.MoveNext(Token);
        });
        Assert.Equal(StatusCode.OutOfRange, replayFromAcknowledged.StatusCode);
    }

    [Fact]
    public async Task An_inbox_stream_waits_for_acknowledgements_beyond_its_window_and_its_heartbeat_says_so()
    {
        await using var hub = await InProcessHub.StartAsync(AuthorizationMatrixTests.QuickInbox);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var first = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0048"), cancellationToken: Token)).Receipt.ItemId;
        var second = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0049"), cancellationToken: Token)).Receipt.ItemId;
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));

        // Given a stream that may hold one unacknowledged delivery
        using var stream = riu.Inbox.StreamInbox(new StreamInboxRequest { MaxUnacknowledged = 1, Purpose = InboxPurpose(riu) }, cancellationToken: timeout.Token);
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        var delivered = stream.ResponseStream.Current.Delivery;

        // Then it sends the first item only, and its heartbeat shows it waiting on the acknowledgement
        Assert.Equal(first, delivered.Item.ItemId);
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        var waiting = stream.ResponseStream.Current.Heartbeat;
        Assert.NotNull(waiting);
        Assert.Equal((delivered.Position, 0ul), (waiting.LastSentPosition, waiting.AcknowledgedPosition));

        // When the delivery is acknowledged, the second item follows on the same stream
        await riu.Inbox.AcknowledgeAsync(new AcknowledgeRequest { UpToPosition = delivered.Position }, cancellationToken: Token);
        InboxDelivery? next = null;
        while (next is null && await stream.ResponseStream.MoveNext(timeout.Token)) next = stream.ResponseStream.Current.Delivery;
        Assert.Equal(second, next?.Item.ItemId);
    }

    /// <summary>Opens the agency's inbox stream (resuming after its acknowledged position) and returns the delivery of the item.</summary>
    internal static async Task<InboxDelivery> FirstDeliveryAsync(HubUser user, string itemId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        using var stream = user.Inbox.StreamInbox(new StreamInboxRequest { Purpose = InboxPurpose(user) }, cancellationToken: timeout.Token);
        while (await stream.ResponseStream.MoveNext(timeout.Token))
        {
            if (stream.ResponseStream.Current.Delivery is { } delivery && delivery.Item.ItemId == itemId) return delivery;
        }
        throw new InvalidOperationException($"The inbox stream of {user.AgencyId} ended without delivering {itemId}.");
    }

    /// <summary>The hub's checkpoint public key, as an oversight body holds it: derived from the key file, not asked of the hub.</summary>
    internal static CheckpointKey HubPublicKey(InProcessHub hub)
    {
        using var signer = LocalKeySigner.OpenOrCreate(Path.Combine(hub.DataDirectory, "keys", "audit-checkpoint-key.pem"));
        return CheckpointKey.FromSubjectPublicKeyInfo("intelhub.local/audit", signer.SubjectPublicKeyInfo.Span);
    }
}

internal static class MessageExtensions
{
    /// <summary>Applies a change to a message and returns it, for building a variant inline.</summary>
    public static T Also<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
