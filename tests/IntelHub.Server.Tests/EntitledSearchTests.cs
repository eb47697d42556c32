using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Sharing;
using IntelHub.Storage;
using IntelHub.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Searches read the caller's entitlements (the index routing and publication keep) instead of every item, and
/// free text matches only what the caller may see: what it cannot see never shapes its results.
/// </summary>
public sealed class EntitledSearchTests(PostgresCluster cluster) : IDisposable
{
    private const string Disrupt = "disrupt-trafficking";
    private const string GainFile = "gain-wales.yaml";
    private const string GlaLabourOnly = "    when:\n      exploitation: [labour]\n    legal-basis: dpa-2018-part-3\n    special-category-condition: dpa-2018-s35-sensitive\n    view: full\n";

    private readonly string _policies = ProtocolOwners.CopyOfPoliciesWithApproverOwners();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_policies, recursive: true);

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_sanitised_view_never_matches_words_or_entities_found_only_in_the_full_text(Engine engine)
    {
        // Given police intelligence whose full text names the car wash, the passports and a phone number, and whose
        // sanitised text (all Immigration Enforcement may see of it) names none of them
        await using var hub = await ReadyHubAsync(engine);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var itemId = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-words-1"), cancellationToken: Token)).Receipt.ItemId;
        var immigration = hub.As("immigration-enforcement", UserRole.Analyst);
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);

        // When Immigration Enforcement searches by words and by the phone number only the full text holds
        var byHiddenWord = await SearchAsync(immigration, new SearchItemsRequest { Text = "Brightwash" });
        var byHiddenWords = await SearchAsync(immigration, new SearchItemsRequest { Text = "passports manager" });
        var byMixedWords = await SearchAsync(immigration, new SearchItemsRequest { Text = "identity passports" });
        var byHiddenPhone = await SearchAsync(immigration, new SearchItemsRequest { Entities = { new EntityQuery { Type = EntityType.PhoneNumber, Value = "07700 900123" } } });
        var bySanitisedWords = await SearchAsync(immigration, new SearchItemsRequest { Text = "Identity documents WITHHELD." });

        // Then nothing matches on what it may not see; its own words find the item, sanitised
        Assert.Empty(byHiddenWord);
        Assert.Empty(byHiddenWords);
        Assert.Empty(byMixedWords);
        Assert.Empty(byHiddenPhone);
        var found = Assert.Single(bySanitisedWords);
        Assert.Equal((itemId, DisclosureView.Sanitised), (found.ItemId, found.View));

        // And the RIU, which sees it in full, finds it by the full text's words
        var full = Assert.Single(await SearchAsync(riu, new SearchItemsRequest { Text = "brightwash passports" }));
        Assert.Equal((itemId, DisclosureView.Full), (full.ItemId, full.View));

        // And the audit records the words searched for, normalised, with nothing disclosed for the hidden ones
        var searches = (await AuditTrail.EntriesSinceAsync(hub, 0, Token)).Where(e => e.Action == AuditAction.Search && e.Agency == "immigration-enforcement").ToList();
        Assert.Contains(searches, e => e.SearchTerms == "text:brightwash" && e.ResultCount == 0);
        Assert.Contains(searches, e => e.SearchTerms == "text:identity documents withheld" && e.ResultCount == 1);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task An_item_routed_to_another_agency_is_never_found_even_by_its_exact_entity_or_words(Engine engine)
    {
        // Given intelligence about sexual exploitation, which the protocols route to the NCA and not to the GLA
        await using var hub = await ReadyHubAsync(engine);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var report = LabourIntelligence("swp-routed-1", "07700 900555");
        report.Subject.Themes[0].ExploitationType = ExploitationType.Sexual;
        var itemId = (await force.Reports.SubmitIntelligenceAsync(report, cancellationToken: Token)).Receipt.ItemId;
        var exact = new SearchItemsRequest { Text = "Brightwash", Entities = { new EntityQuery { Type = EntityType.PhoneNumber, Value = "07700 900555" } } };

        // When the GLA and the NCA search for its exact phone number and a word of its text
        var byGla = await SearchAsync(hub.As("gla", UserRole.Analyst), exact, "labour-market-enforcement");
        var byNca = await SearchAsync(hub.As("nca", UserRole.Analyst), exact);

        // Then the GLA finds nothing, from its own entitlements, and the NCA finds the item
        Assert.Empty(byGla);
        Assert.Equal([itemId], byNca.Select(i => i.ItemId));
        var index = hub.Services.GetRequiredService<EntitlementIndex>();
        Assert.Equal(("gla", "nca"), (index.IndexedAgency("gla"), index.IndexedAgency("nca")));
    }

    [Fact]
    public async Task A_page_the_reader_decision_shortened_carries_on_to_the_items_after_it()
    {
        // Given a council's searchable report, then more intelligence routed to the council (which it may receive but
        // not search) than one page examines, then another searchable report
        await using var hub = await ReadyHubAsync(Engine.Sqlite);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var first = (await force.Reports.SubmitInformationAsync(SafeguardingConcern("swp-page-first"), cancellationToken: Token)).Receipt.ItemId;
        for (var batch = 0; batch < 11; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
                force.Reports.SubmitIntelligenceAsync(LabourIntelligence($"swp-page-hidden-{batch}-{i}"), cancellationToken: Token).ResponseAsync));
        }
        var last = (await force.Reports.SubmitInformationAsync(SafeguardingConcern("swp-page-last"), cancellationToken: Token)).Receipt.ItemId;
        var council = hub.As("cardiff-council", UserRole.PartnerPractitioner);
        Assert.Equal("cardiff-council", hub.Services.GetRequiredService<EntitlementIndex>().IndexedAgency("cardiff-council"));

        // When the council pages through its search, five a page
        var request = new SearchItemsRequest { Purpose = Purpose("safeguarding-victims"), PageSize = 5, AreaGssCodes = { Cardiff } };
        var pages = new List<List<string>>();
        do
        {
            var page = await council.Reports.SearchItemsAsync(request, cancellationToken: Token);
            pages.Add([.. page.Items.Select(i => i.ItemId)]);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && pages.Count < 10);

        // Then the first page is short (the reader decision removed what the scan reached) and the token carries on to the last report
        Assert.Equal([first], pages[0]);
        Assert.Equal([first, last], pages.SelectMany(p => p));
        Assert.True(pages.Count >= 2, "the hidden intelligence did not fill a scan");
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_published_protocol_that_widens_search_is_searched_as_soon_as_it_is_in_force(Engine engine)
    {
        // Given the GLA may search only labour exploitation, and intelligence about sexual exploitation it may not see
        var gain = Path.Combine(_policies, "protocols", GainFile);
        File.Delete(Path.Combine(_policies, "tests", "gain.yaml"));
        await using var hub = await ReadyHubAsync(engine, $"Hub:PolicyDirectory={_policies}", "Hub:PolicyReloadInterval=00:00:00.100");
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var report = LabourIntelligence("swp-widen-1", "07700 900666");
        report.Subject.Themes[0].ExploitationType = ExploitationType.Sexual;
        var itemId = (await force.Reports.SubmitIntelligenceAsync(report, cancellationToken: Token)).Receipt.ItemId;
        var gla = hub.As("gla", UserRole.Analyst);
        var search = new SearchItemsRequest { Text = "brightwash" };
        Assert.Empty(await SearchAsync(gla, search, "labour-market-enforcement"));
        var index = hub.Services.GetRequiredService<EntitlementIndex>();

        // When a new version of the protocol lets the GLA receive and search every exploitation type
        var text = await File.ReadAllTextAsync(gain, Token);
        Assert.Contains(GlaLabourOnly, text, StringComparison.Ordinal);
        await ProtocolOwners.PublishAsync(hub, "wales-riu", text.Replace(GlaLabourOnly, "    legal-basis: dpa-2018-part-3\n    special-category-condition: dpa-2018-s35-sensitive\n    view: full\n", StringComparison.Ordinal)
            .Replace("version: \"1.4\"", "version: \"1.5\"", StringComparison.Ordinal));

        // Then once it is published the index no longer narrows the GLA's searches, and the GLA finds the item whichever
        // path its search takes; after the refresh, from its own entitlements
        Assert.True(await PolicyReloadTests.EventuallyAsync(async () => (await SearchAsync(gla, search, "labour-market-enforcement")).Count == 1),
            "the widened protocol was not published within 10 s");
        Assert.True(await PolicyReloadTests.EventuallyAsync(() => Task.FromResult(index.IsCurrent())), "the entitlement index was not refreshed within 10 s");
        Assert.Equal("gla", index.IndexedAgency("gla"));
        Assert.Equal([itemId], (await SearchAsync(gla, search, "labour-market-enforcement")).Select(i => i.ItemId));
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_restart_under_the_same_protocols_serves_the_index_at_once_and_under_others_decides_every_item_again(Engine engine)
    {
        // Given a hub whose index was completed at start, with intelligence routed to the NCA, and the record of that
        // completion made to look a day older (a refresh would record today)
        var hub = await ReadyHubAsync(engine);
        try
        {
            var report = LabourIntelligence("swp-restart-1", "07700 900777");
            report.Subject.Themes[0].ExploitationType = ExploitationType.Sexual;
            var itemId = (await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(report, cancellationToken: Token)).Receipt.ItemId;
            var completed = await hub.Store.ReadEntitlementCoverageAsync(Token);
            Assert.NotNull(completed);
            var yesterday = completed with { CoveredOn = completed.CoveredOn.AddDays(-1) };
            await hub.Store.RecordEntitlementCoverageAsync(yesterday, Token);

            // When it restarts under the same protocols
            hub = await hub.RestartAsync();

            // Then the index serves at once from the record (not decided again: the record still says yesterday), and the NCA finds the item through it
            var index = hub.Services.GetRequiredService<EntitlementIndex>();
            Assert.True(await PolicyReloadTests.EventuallyAsync(() => Task.FromResult(index.IsCurrent())), "the index was not served after the restart within 10 s");
            Assert.Equal(yesterday, await hub.Store.ReadEntitlementCoverageAsync(Token));
            Assert.Equal("nca", index.IndexedAgency("nca"));
            Assert.Equal([itemId], (await SearchAsync(hub.As("nca", UserRole.Analyst), new SearchItemsRequest { Text = "Brightwash" })).Select(i => i.ItemId));

            // And when the record names another protocol set, the next start decides every item again and records this set, today
            await hub.Store.RecordEntitlementCoverageAsync(new EntitlementCoverage("another protocol set", completed.CoveredOn), Token);
            hub = await hub.RestartAsync();
            var restarted = hub;
            Assert.True(await PolicyReloadTests.EventuallyAsync(async () => await restarted.Store.ReadEntitlementCoverageAsync(Token) == completed),
                "a start under a set other than the recorded one did not refresh the index within 10 s");

            // And a record of another set does not outlive the first submission routed under this one (a stop before the
            // next refresh completes must not resume from it)
            await hub.Store.RecordEntitlementCoverageAsync(new EntitlementCoverage("another protocol set", completed.CoveredOn), Token);
            await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-restart-2", "07700 900778"), cancellationToken: Token);
            Assert.Null(await hub.Store.ReadEntitlementCoverageAsync(Token));
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("\"brightwash\" OR *", "text")]
    [InlineData("NEAR(a b)", "")]
    [InlineData("!!! *** ---", "text")]
    public async Task Text_search_syntax_is_read_as_words_or_refused_precisely(string text, string refusedField)
    {
        // Given a hub with one report the RIU may search
        await using var hub = await ReadyHubAsync(Engine.Sqlite);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-syntax-1"), cancellationToken: Token);
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);

        // When it searches with text-search operators, quotes and wildcards
        var outcome = await Record.ExceptionAsync(() => SearchAsync(riu, new SearchItemsRequest { Text = text }));

        // Then they are either read as plain words (matching only where those words are) or refused as INVALID_ARGUMENT naming text
        if (refusedField.Length == 0 || text.Contains("brightwash", StringComparison.Ordinal))
        {
            Assert.Null(outcome);
            return;
        }
        var refused = Assert.IsType<RpcException>(outcome);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(refusedField, refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_beyond_the_bounds_is_refused_and_changes_nothing()
    {
        // Given a hub
        await using var hub = await ReadyHubAsync(Engine.Sqlite);
        var riu = hub.As("wales-riu", UserRole.RiuAnalyst);
        var audited = await hub.Store.AuditCountAsync(Token);

        // When the text is too long, has too many words, or a word too long
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => SearchAsync(riu, new SearchItemsRequest { Text = new string('a', 201) }));
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => SearchAsync(riu, new SearchItemsRequest { Text = string.Join(' ', Enumerable.Range(0, 17).Select(i => $"w{i}")) }));
        var longWord = await Assert.ThrowsAsync<RpcException>(() => SearchAsync(riu, new SearchItemsRequest { Text = new string('b', 65) }));

        // Then each is INVALID_ARGUMENT naming the text and the bound, and no search ran (nothing audited)
        Assert.All([tooLong, tooMany, longWord], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Contains("200 characters", tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("16 different words", tooMany.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("at most 64", longWord.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(audited, await hub.Store.AuditCountAsync(Token));
    }

    /// <summary>A hub whose entitlement index serves the protocols in force (the refresh at start has completed).</summary>
    private async Task<InProcessHub> ReadyHubAsync(Engine engine, params string[] settings)
    {
        var hub = await InProcessHub.StartAsync(engine, cluster, settings);
        var index = hub.Services.GetRequiredService<EntitlementIndex>();
        Assert.True(await PolicyReloadTests.EventuallyAsync(() => Task.FromResult(index.IsCurrent())), "the entitlement index was not refreshed at start within 10 s");
        return hub;
    }

    private static async Task<List<DisclosedItem>> SearchAsync(HubUser user, SearchItemsRequest request, string purpose = Disrupt)
    {
        request.Purpose = Purpose(purpose);
        return [.. (await user.Reports.SearchItemsAsync(request, cancellationToken: Token)).Items];
    }
}
