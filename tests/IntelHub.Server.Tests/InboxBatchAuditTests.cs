using System.Globalization;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// A stream decides its next batches while earlier ones commit their audit entries: every delivery is still audited,
/// one entry each, in position order, before it is written; and acknowledgements share the audit commit.
/// </summary>
public sealed class InboxBatchAuditTests(PostgresCluster cluster)
{
    // More than two of a stream's 100-delivery batches, so that several are decided and committing at once.
    private const int Items = 230;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_streams_batches_are_each_audited_one_entry_per_delivery_in_order_before_release(Engine engine)
    {
        // Given more items routed to the RIU than one batch of its stream holds
        await using var hub = await InProcessHub.StartAsync(engine, cluster, AuthorizationMatrixTests.QuickInbox);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var itemIds = new List<string>();
        foreach (var chunk in Enumerable.Range(0, Items).Chunk(10))
        {
            itemIds.AddRange(await Task.WhenAll(chunk.Select(async i =>
                (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence($"swp-batch-{i}"), cancellationToken: Token)).Receipt.ItemId)));
        }
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst, "riu-batch-reader");
        var audited = await hub.Store.AuditCountAsync(Token);

        // When its stream, free to run ahead of acknowledgements, delivers them all
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var deliveries = new List<InboxDelivery>();
        using (var stream = riu.Inbox.StreamInbox(new StreamInboxRequest { MaxUnacknowledged = 1000, Purpose = InboxPurpose(riu) }, cancellationToken: timeout.Token))
        {
            while (deliveries.Count < Items && await stream.ResponseStream.MoveNext(timeout.Token))
            {
                if (stream.ResponseStream.Current.Delivery is { } delivery) deliveries.Add(delivery);
            }
        }

        // Then it delivers every position once, in order, each item released in the view decided for the reader
        Assert.Equal(Enumerable.Range(1, Items).Select(p => (ulong)p), deliveries.Select(d => d.Position));
        Assert.Equal(itemIds.Order(StringComparer.Ordinal), deliveries.Select(d => d.Item.ItemId).Order(StringComparer.Ordinal));
        // And each delivery names its own audit leaf, in the order of the positions, and that leaf records exactly it
        var log = await AuditTrail.EntriesSinceAsync(hub, audited, Token);
        var leaves = deliveries.Select(d => (long)d.Item.DisclosureAuditLeafIndex).ToList();
        Assert.Equal(leaves.Order(), leaves);
        Assert.Equal(leaves.Count, leaves.Distinct().Count());
        foreach (var delivery in deliveries)
        {
            var entry = log[(int)((long)delivery.Item.DisclosureAuditLeafIndex - audited)];
            Assert.Equal((AuditAction.Delivery, "riu-batch-reader", delivery.Item.ItemId, "delivered:" + delivery.Position.ToString(CultureInfo.InvariantCulture)),
                (entry.Action, entry.User, entry.ItemId, entry.Decision));
        }
        // And the log holds one delivery entry per position, no more, in position order
        Assert.Equal(deliveries.Select(d => "delivered:" + d.Position.ToString(CultureInfo.InvariantCulture)),
            log.Where(e => e.Action == AuditAction.Delivery && e.User == "riu-batch-reader").Select(e => e.Decision));

        // When the reader acknowledges everything it received
        var acknowledged = await riu.Inbox.AcknowledgeAsync(new AcknowledgeRequest { UpToPosition = Items }, cancellationToken: Token);

        // Then the cursor is stored, with one acknowledgement entry per delivery, in position order
        Assert.Equal(((uint)Items, (ulong)Items), (acknowledged.NewlyAcknowledged, acknowledged.AcknowledgedPosition));
        Assert.Equal(Items, await hub.Store.AcknowledgedPositionAsync("wales-riu", Token));
        var acknowledgements = (await AuditTrail.EntriesSinceAsync(hub, audited, Token)).Where(e => e.Action == AuditAction.Acknowledgement && e.User == "riu-batch-reader");
        Assert.Equal(Enumerable.Range(1, Items).Select(p => "acknowledged:" + p.ToString(CultureInfo.InvariantCulture)), acknowledgements.Select(e => e.Decision));

        // And acknowledging beyond the inbox is refused and changes neither the cursor nor the log
        var logged = await hub.Store.AuditCountAsync(Token);
        var beyond = await Assert.ThrowsAsync<RpcException>(() => riu.Inbox.AcknowledgeAsync(new AcknowledgeRequest { UpToPosition = Items + 1 }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.OutOfRange, beyond.StatusCode);
        Assert.Equal(Items, await hub.Store.AcknowledgedPositionAsync("wales-riu", Token));
        Assert.Equal(logged, await hub.Store.AuditCountAsync(Token));
    }
}
