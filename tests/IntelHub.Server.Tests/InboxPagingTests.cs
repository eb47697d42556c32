using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Storage;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Inbox pages are bounded by bytes as well as by count: a client with gRPC's default 4 MiB receive limit can read
/// an inbox of very large items, and an item larger than a page on its own still arrives, alone on its page.
/// </summary>
public sealed class InboxPagingTests(PostgresCluster cluster)
{
    private const int DefaultReceiveLimit = 4 * 1024 * 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task An_inbox_of_large_items_is_listed_in_pages_under_the_default_message_limit(Engine engine)
    {
        // Given the RIU's inbox holds four items of about 1.5 MB and one of 5 MB (stored as an older hub accepted them)
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var template = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-large-0"), cancellationToken: Token)).Receipt.ItemId;
        var large = new List<string>();
        foreach (var size in new[] { 1_500_000, 1_500_000, 1_500_000, 1_500_000, 5_000_000 })
            large.Add(await StoreCopyAsync(hub, template, size));
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);

        // When the RIU lists its inbox page by page
        var pages = new List<ListInboxResponse>();
        var request = new ListInboxRequest { Purpose = InboxPurpose(riu), PageSize = 100 };
        do
        {
            var page = await riu.Inbox.ListInboxAsync(request, cancellationToken: Token);
            pages.Add(page);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && pages.Count < 20);

        // Then every item arrives once, in full, in order
        Assert.Equal([template, .. large], pages.SelectMany(p => p.Deliveries).Select(d => d.Item.ItemId));
        Assert.All(pages.SelectMany(p => p.Deliveries), d => Assert.Equal(DisclosureView.Full, d.Item.View));
        // And every page fits the default limit, except the 5 MB item's, which comes alone
        foreach (var page in pages)
        {
            if (page.Deliveries.Any(d => d.Item.ItemId == large[^1])) Assert.Single(page.Deliveries);
            else Assert.True(page.CalculateSize() < DefaultReceiveLimit, $"a page of {page.Deliveries.Count} deliveries is {page.CalculateSize()} bytes");
        }
    }

    /// <summary>Stores a copy of an item with a full text of the given size, routed as the original was, straight into the store.</summary>
    private static async Task<string> StoreCopyAsync(InProcessHub hub, string templateId, int textSize)
    {
        var original = (await hub.Store.GetItemAsync(templateId, Token))!;
        var routing = await hub.Store.GetRoutingAsync(templateId, Token);
        var copy = original with { ItemId = Guid.CreateVersion7().ToString(), FullText = SourceMarker + new string('x', textSize), CreatedAt = DateTimeOffset.UtcNow };
        await hub.Store.SubmitAsync(new Submission(copy, "large-" + copy.ItemId, routing, []), Token);
        return copy.ItemId;
    }
}
