using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Nothing leaks through search: page tokens are sealed and bound to the caller, purpose and query, so a token
/// names no item and cannot be forged, altered or used by anyone else; and every search is audited with its
/// terms as match keys and how many items it disclosed, even when it disclosed none.
/// </summary>
public sealed class SearchDisclosureTests(PostgresCluster cluster)
{
    private const string Riu = "wales-riu";
    private const string Disrupt = "disrupt-trafficking";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_page_token_from_a_search_over_hidden_items_reveals_none_of_them()
    {
        // Given more intelligence than one page scans, none of which a council may search
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var hidden = new List<string>();
        for (var batch = 0; batch < 26; batch++)
        {
            var receipts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
                (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence($"swp-hidden-{batch}-{i}"), cancellationToken: Token)).Receipt.ItemId));
            hidden.AddRange(receipts);
        }
        var council = hub.As("cardiff-council", UserRole.PartnerPractitioner);

        // When the council searches
        var request = new SearchItemsRequest { Purpose = Purpose("safeguarding-victims") };
        var page = await council.Reports.SearchItemsAsync(request, cancellationToken: Token);

        // Then it gets no item, and the token it gets to carry on names none of the hidden items, nor when they were submitted
        Assert.Empty(page.Items);
        Assert.NotEqual("", page.NextPageToken);
        var token = Decoded(page.NextPageToken);
        Assert.All(hidden, id => Assert.False(Holds(token, Encoding.ASCII.GetBytes(id)), $"the token names hidden item {id}"));
        var createdTicks = new byte[8];
        foreach (var itemId in hidden.Take(20))
        {
            var created = (await hub.Store.GetItemAsync(itemId, Token))!.CreatedAt;
            BinaryPrimitives.WriteInt64BigEndian(createdTicks, created.UtcTicks);
            Assert.False(Holds(token, createdTicks), $"the token holds when hidden item {itemId} was submitted");
        }

        // And the token carries the search on, to its end, still showing nothing
        request.PageToken = page.NextPageToken;
        var next = await council.Reports.SearchItemsAsync(request, cancellationToken: Token);
        Assert.Empty(next.Items);
        Assert.Equal("", next.NextPageToken);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_page_token_works_only_for_the_caller_purpose_and_query_it_was_issued_for(Engine engine)
    {
        // Given the RIU has a page token from a search with two results, one a page
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var first = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-token-1"), cancellationToken: Token)).Receipt.ItemId;
        var second = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-token-2"), cancellationToken: Token)).Receipt.ItemId;
        var riu = hub.As(Riu, UserRole.RiuAnalyst, "riu-analyst-1");
        var request = new SearchItemsRequest { Purpose = Purpose(Disrupt), PageSize = 1, AreaGssCodes = { Cardiff } };
        var page = await riu.Reports.SearchItemsAsync(request, cancellationToken: Token);
        Assert.Equal([first], page.Items.Select(i => i.ItemId));
        var issued = request.Clone().Also(r => r.PageToken = page.NextPageToken);

        // When the token is used as issued, by another agency, by another user, with another query or purpose, altered, and forged
        var next = await riu.Reports.SearchItemsAsync(issued, cancellationToken: Token);
        var byAnotherAgency = await RefusedAsync(hub.As("nca", UserRole.Analyst, "riu-analyst-1"), issued);
        var byAnotherUser = await RefusedAsync(hub.As(Riu, UserRole.RiuAnalyst, "riu-analyst-2"), issued);
        var withAnotherQuery = await RefusedAsync(riu, issued.Clone().Also(r => r.AreaGssCodes[0] = ValeOfGlamorgan));
        var withAnotherPurpose = await RefusedAsync(riu, issued.Clone().Also(r => r.Purpose.Justification = "something else"));
        var altered = Decoded(page.NextPageToken);
        altered[^1] ^= 1;
        var alteredToken = await RefusedAsync(riu, issued.Clone().Also(r => r.PageToken = Base64Url.EncodeToString(altered)));
        var forged = await RefusedAsync(riu, issued.Clone().Also(r => r.PageToken = ForgedToken(issued, first)));

        // Then only the caller it was issued to, with the same query, carries on; every other use is INVALID_ARGUMENT
        Assert.Equal([second], next.Items.Select(i => i.ItemId));
        Assert.All([byAnotherAgency, byAnotherUser, withAnotherQuery, withAnotherPurpose, alteredToken, forged], e =>
        {
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Contains("page_token", e.Status.Detail, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Every_search_is_audited_with_its_terms_as_match_keys_and_its_result_count_even_when_it_finds_nothing(Engine engine)
    {
        // Given a hub holding one report that mentions a phone number
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var itemId = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-audit-1", phoneAsTyped: "07700 900123"), cancellationToken: Token)).Receipt.ItemId;
        var riu = hub.As(Riu, UserRole.RiuAnalyst, "riu-analyst-1");
        var audited = await hub.Store.AuditCountAsync(Token);

        // When the RIU fishes for a number no report mentions, then searches for the one that is there, and opens it
        var purpose = Purpose(Disrupt).Also(p => p.Justification = "Op Tarian: number seen on an advert");
        var nothing = await riu.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = purpose, Entities = { new EntityQuery { Type = EntityType.PhoneNumber, Value = "07700 900 999" } } }, cancellationToken: Token);
        var found = await riu.Reports.SearchItemsAsync(new SearchItemsRequest
        {
            Purpose = purpose,
            Entities = { new EntityQuery { Type = EntityType.PhoneNumber, Value = "+44 (0)7700-900123" } },
            AreaGssCodes = { Cardiff },
        }, cancellationToken: Token);
        await riu.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = purpose }, cancellationToken: Token);

        // Then each search left an entry: who, the purpose and justification, the number as its match key (not as typed), and the count
        Assert.Empty(nothing.Items);
        Assert.Single(found.Items);
        var entries = await AuditTrail.EntriesSinceAsync(hub, audited, Token);
        var searches = entries.Where(e => e.Action == AuditAction.Search).ToList();
        Assert.Equal(2, searches.Count);
        Assert.All(searches, s => Assert.Equal((Riu, "riu-analyst-1", "disrupt-trafficking (case TEST-1)", purpose.Justification), (s.Agency, s.User, s.Purpose, s.Justification)));
        Assert.Equal(("phone-number:+447700900999", 0), (searches[0].SearchTerms, searches[0].ResultCount));
        Assert.Equal(($"phone-number:+447700900123; area:{Cardiff}", 1), (searches[1].SearchTerms, searches[1].ResultCount));
        Assert.DoesNotContain("07700 900 999", searches[0].SearchTerms, StringComparison.Ordinal);
        // And the disclosures by search and by view record the justification too
        var disclosures = entries.Where(e => e.Action is AuditAction.DisclosureBySearch or AuditAction.DisclosureByView).ToList();
        Assert.Equal(2, disclosures.Count);
        Assert.All(disclosures, d => Assert.Equal((itemId, purpose.Justification), (d.ItemId, d.Justification)));
    }

    private static byte[] Decoded(string token) => Base64Url.DecodeFromChars(token);

    private static bool Holds(byte[] token, byte[] part) => token.AsSpan().IndexOf(part) >= 0;

    private static async Task<RpcException> RefusedAsync(HubUser user, SearchItemsRequest request) =>
        await Assert.ThrowsAsync<RpcException>(() => user.Reports.SearchItemsAsync(request, cancellationToken: Token).ResponseAsync);

    /// <summary>A token made by someone who knows how positions and queries are laid out, without the hub's key.</summary>
    private static string ForgedToken(SearchItemsRequest request, string afterItemId)
    {
        var query = request.Clone();
        query.PageToken = "";
        query.PageSize = 0;
        var id = Encoding.ASCII.GetBytes(afterItemId);
        var token = new byte[8 + 8 + id.Length];
        BinaryPrimitives.WriteInt64BigEndian(token, DateTimeOffset.UtcNow.UtcTicks);
        SHA256.HashData(query.ToByteArray()).AsSpan(0, 8).CopyTo(token.AsSpan(8));
        id.CopyTo(token.AsSpan(16));
        return Base64Url.EncodeToString(token);
    }
}
