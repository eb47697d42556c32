using IntelHub.Storage.Relational;

namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Entitled_search_finds_only_the_originators_and_permitted_recipients_items()
    {
        // Given items from Gwent routed to the RIU and (sanitised) to Cardiff, with Bawso denied, and one routed to Bawso only
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("shared", Sample.Monday)), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("bawso-only", Sample.Monday.AddHours(1)), null, Sample.Permit(Sample.Bawso), Sample.Deny(Sample.Cardiff)), Token);

        async Task<string[]> Find(string agency, ItemQuery? query = null) =>
            [.. (await store.FindItemsAsync((query ?? new ItemQuery()) with { EntitledAgency = agency }, Token)).Select(i => i.ItemId)];

        // When each agency searches its entitled items, then each finds exactly what routing permitted it, and the originator all
        Assert.Equal(["shared", "bawso-only"], await Find(Sample.Gwent));
        Assert.Equal(["shared"], await Find(Sample.Riu));
        Assert.Equal(["shared"], await Find(Sample.Cardiff));
        Assert.Equal(["bawso-only"], await Find(Sample.Bawso));
        Assert.Empty(await Find("nca"));
        // and an exact entity match on an item routed elsewhere finds nothing
        Assert.Empty(await Find(Sample.Riu, new ItemQuery { Entities = [new EntityKey("phone-number", "+447700900123", "")], CreatedFrom = Sample.Monday.AddMinutes(30) }));
        Assert.Equal(["bawso-only"], await Find(Sample.Bawso, new ItemQuery { Entities = [new EntityKey("phone-number", "+447700900123", "")] }));
    }

    [Fact]
    public async Task The_writer_adds_the_originators_and_each_permitted_recipients_entitlement_with_the_item_and_nothing_else()
    {
        // Given items stored by a submission (routed to itself too, and one agency denied), by a batch of concurrent
        // submissions and by a bulk load; and a submission that fails part way (an agency routed twice)
        var (database, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("single", Sample.Monday), null,
            Sample.Permit(Sample.Riu), Sample.Permit(Sample.Cardiff, "sanitised"), Sample.Deny(Sample.Bawso), Sample.Permit(Sample.Gwent)), Token);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => store.SubmitAsync(
            Sample.Submission(Sample.Item($"batch-{i}", Sample.Monday.AddMinutes(i)), null, i % 2 == 0 ? [Sample.Permit(Sample.Bawso)] : [Sample.Deny(Sample.Bawso)]), Token)));
        await store.BulkLoadAsync([Sample.Submission(Sample.Item("bulk", Sample.Monday.AddHours(1)))], Token);
        await Assert.ThrowsAsync<StoreConflictException>(() => store.SubmitAsync(
            Sample.Submission(Sample.Item("broken", Sample.Monday.AddHours(2)), null, Sample.Permit(Sample.Riu), Sample.Permit(Sample.Riu, "sanitised")), Token));

        // When the entitlement index is read
        var rows = await database.RowsAsync("SELECT agency_id, item_id FROM item_entitlements ORDER BY item_id, agency_id");

        // Then it holds, per stored item, its originator once and every permitted recipient, each stamped with the item's
        // created_at: nothing for a denied agency, nothing of the failed submission
        string[][] expected =
        [
            ["gwent-police", "batch-0"], ["bawso", "batch-0"], ["gwent-police", "batch-1"], ["bawso", "batch-2"], ["gwent-police", "batch-2"],
            ["gwent-police", "batch-3"], ["bawso", "batch-4"], ["gwent-police", "batch-4"], ["gwent-police", "batch-5"],
            [Sample.Cardiff, "bulk"], [Sample.Gwent, "bulk"], [Sample.Riu, "bulk"],
            [Sample.Cardiff, "single"], [Sample.Gwent, "single"], [Sample.Riu, "single"],
        ];
        Assert.Equal(expected.OrderBy(r => r[1], StringComparer.Ordinal).ThenBy(r => r[0], StringComparer.Ordinal).Select(r => string.Join('/', r)),
            rows.Select(r => $"{r[0]}/{r[1]}"));
        Assert.Equal(0, await database.ScalarAsync(
            "SELECT COUNT(*) FROM item_entitlements e JOIN items i ON i.item_id = e.item_id WHERE e.created_at <> i.created_at"));
        // and a search by each agency finds exactly those items
        foreach (var agency in new[] { Sample.Gwent, Sample.Riu, Sample.Cardiff, Sample.Bawso })
        {
            var found = await store.FindItemsAsync(new ItemQuery { EntitledAgency = agency, Limit = 50 }, Token);
            Assert.Equal(rows.Where(r => r[0] == agency).Select(r => r[1]!).Order(StringComparer.Ordinal), found.Select(i => i.ItemId).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_batch_entitles_each_of_its_items_to_its_own_originator_and_permitted_recipients_and_a_failing_one_to_nobody()
    {
        // Given, queued into one batch: three items routed differently, one from another originator, and one broken
        // (an agency routed twice), which sends the batch to one savepoint per submission
        var (database, store) = await MigratedStoreAsync();
        Task<SubmissionOutcome>[] stored;
        Task<SubmissionOutcome> broken;
        await using (await database.HoldWriteLockAsync())
        {
            stored =
            [
                store.SubmitAsync(Sample.Submission(Sample.Item("to-riu-and-cardiff", Sample.Monday), null, Sample.Permit(Sample.Riu), Sample.Permit(Sample.Cardiff, "sanitised")), Token),
                store.SubmitAsync(Sample.Submission(Sample.Item("to-bawso", Sample.Monday.AddMinutes(1)), null, Sample.Permit(Sample.Bawso), Sample.Deny(Sample.Cardiff)), Token),
                store.SubmitAsync(Sample.Submission(Sample.Item("from-cardiff", Sample.Monday.AddMinutes(2)) with { OriginatorAgencyId = Sample.Cardiff }, null, Sample.Permit(Sample.Riu)), Token),
            ];
            broken = store.SubmitAsync(Sample.Submission(Sample.Item("broken", Sample.Monday.AddMinutes(3)), null, Sample.Permit(Sample.Bawso), Sample.Permit(Sample.Bawso, "sanitised")), Token);
            await Task.Delay(TimeSpan.FromMilliseconds(100), Token);
        }
        await Task.WhenAll(stored);
        await Assert.ThrowsAsync<StoreConflictException>(() => broken);

        async Task<string[]> Find(string agency) =>
            [.. (await store.FindItemsAsync(new ItemQuery { EntitledAgency = agency }, Token)).Select(i => i.ItemId)];

        // Then each agency is entitled to exactly its own and its permitted items, and nobody to the refused one
        Assert.Equal(["to-riu-and-cardiff", "to-bawso"], await Find(Sample.Gwent));
        Assert.Equal(["to-riu-and-cardiff", "from-cardiff"], await Find(Sample.Riu));
        Assert.Equal(["to-riu-and-cardiff", "from-cardiff"], await Find(Sample.Cardiff));
        Assert.Equal(["to-bawso"], await Find(Sample.Bawso));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM item_entitlements WHERE item_id = 'broken'"));
        Assert.Equal(7, await database.CountAsync("item_entitlements"));
    }

    [Fact]
    public async Task The_record_of_a_completed_entitlement_index_is_kept_replaced_and_deleted_by_a_bulk_load()
    {
        // Given a new store, which holds no record of a completed index
        var (_, store) = await MigratedStoreAsync();
        Assert.Null(await store.ReadEntitlementCoverageAsync(Token));

        // When a hub records two completions, one after the other
        await store.RecordEntitlementCoverageAsync(new EntitlementCoverage("set-a", new DateOnly(2026, 12, 1)), Token);
        await store.RecordEntitlementCoverageAsync(new EntitlementCoverage("set-b", new DateOnly(2026, 12, 6)), Token);

        // Then the store holds the latest; and a bulk load, which routes under protocols the hub may not hold, deletes it
        Assert.Equal(new EntitlementCoverage("set-b", new DateOnly(2026, 12, 6)), await store.ReadEntitlementCoverageAsync(Token));
        await store.BulkLoadAsync([Sample.Submission(Sample.Item("bulk-1"))], Token);
        Assert.Null(await store.ReadEntitlementCoverageAsync(Token));
    }

    [Fact]
    public async Task Entitled_search_pages_in_created_order_and_entitlements_added_later_are_found()
    {
        // Given 12 items routed to Cardiff (several in one microsecond) and 12 not routed to it, interleaved
        var (_, store) = await MigratedStoreAsync();
        for (var i = 0; i < 24; i++)
        {
            var routing = i % 2 == 0 ? new[] { Sample.Permit(Sample.Cardiff, "sanitised") } : [Sample.Permit(Sample.Riu)];
            await store.SubmitAsync(Sample.Submission(Sample.Item($"item-{i:00}", Sample.Monday.AddSeconds(i / 4)), null, routing), Token);
        }

        // When Cardiff pages through its entitled items five at a time
        var seen = new List<string>();
        var query = new ItemQuery { Limit = 5, EntitledAgency = Sample.Cardiff };
        while (true)
        {
            var page = await store.FindItemsAsync(query, Token);
            seen.AddRange(page.Select(p => p.ItemId));
            if (page.Count < query.Limit) break;
            query = query with { After = (page[^1].CreatedAt, page[^1].ItemId) };
        }

        // Then it sees its 12 in order, once each
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"item-{i * 2:00}"), seen);

        // When publication adds an entitlement (twice), and one Cardiff already has
        var second = Sample.Monday;
        await store.AddEntitlementsAsync([(Sample.Cardiff, second, "item-01"), (Sample.Cardiff, second, "item-01"), (Sample.Cardiff, second, "item-00")], Token);

        // Then the item is found in its place, and nothing else changed
        var after = await store.FindItemsAsync(new ItemQuery { EntitledAgency = Sample.Cardiff, Limit = 3 }, Token);
        Assert.Equal(["item-00", "item-01", "item-02"], after.Select(i => i.ItemId));
    }

    [Fact]
    public async Task Words_match_whole_words_case_folded_and_say_whether_the_sanitised_text_holds_them()
    {
        // Given an item whose full text names Commercial Road and whose sanitised text does not
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("car-wash", Sample.Monday)), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("nail-bar", Sample.Monday.AddHours(1)) with
        {
            Title = "Nail bar", FullText = "Two girls sleeping in the back room.", SanitisedText = "Possible exploitation at a nail bar.",
        }), Token);

        async Task<(string, WordsFound)[]> Find(params string[] words) =>
            [.. (await store.FindItemsAsync(new ItemQuery { Words = words }, Token)).Select(i => (i.ItemId, i.WordsFound))];

        // Then words found only in the full text say so; words all in the sanitised text say that; every word must match
        Assert.Equal([("car-wash", WordsFound.FullText)], await Find("commercial", "road"));
        Assert.Equal([("car-wash", WordsFound.SanitisedText)], await Find("newport", "documents"));
        Assert.Equal([("car-wash", WordsFound.FullText)], await Find("newport", "passports"));
        Assert.Equal([("nail-bar", WordsFound.SanitisedText)], await Find("nail"));
        Assert.Empty(await Find("commercial", "nail"));
        Assert.Empty(await Find("commerc"));
        // and a search without words says nothing of where words were found
        Assert.All(await store.FindItemsAsync(new ItemQuery(), Token), i => Assert.Equal(WordsFound.NotSearched, i.WordsFound));
    }

    [Theory]
    [InlineData("Road")]
    [InlineData("road*")]
    [InlineData("\"road\"")]
    [InlineData("road OR nail")]
    [InlineData("sanitised_text:road")]
    [InlineData("")]
    public async Task Words_that_are_not_plain_lower_case_letters_and_digits_never_reach_the_engine(string word)
    {
        // Given a store with an item
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("car-wash", Sample.Monday)), Token);

        // When a caller passes text-search syntax as a word, then the store refuses it
        await Assert.ThrowsAsync<ArgumentException>(() => store.FindItemsAsync(new ItemQuery { Words = [word] }, Token));
    }

    [Fact]
    public async Task Disposal_removes_an_items_words_from_the_text_index()
    {
        // Given two items with the same words, one then disposed
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("kept", Sample.Monday)), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("disposed", Sample.Monday.AddHours(1))), Token);
        await store.DisposeItemContentAsync("disposed", [Sample.AuditEntry("disposed")], Token);

        // When searching for its words even among disposed items
        var found = await store.FindItemsAsync(new ItemQuery { Words = ["passports"], IncludeDisposed = true }, Token);

        // Then only the kept item matches: the disposed item's words are gone from the index
        Assert.Equal(["kept"], found.Select(i => i.ItemId));
    }

    [Fact]
    public async Task Every_write_indexes_its_items_words_with_them_and_a_disposal_takes_them_out()
    {
        // Given twelve items loaded in one write, three submitted at once (the group commit) and one of the loaded disposed
        var (database, store) = await MigratedStoreAsync();
        string[] loaded = [.. Enumerable.Range(0, 12).Select(i => $"loaded{i}")];
        await store.BulkLoadAsync([.. loaded.Select((id, i) => Sample.Submission(Sample.Item(id, Sample.Monday.AddMinutes(i))))], Token);
        var loadSegments = database.EngineName == "SQLite" ? await database.ScalarAsync("SELECT COUNT(DISTINCT segid) FROM items_text_idx") : 0;
        string[] submitted = ["submitted0", "submitted1", "submitted2"];
        await Task.WhenAll(submitted.Select((id, i) => store.SubmitAsync(Sample.Submission(Sample.Item(id, Sample.Monday.AddHours(1).AddMinutes(i))), Token)));
        await store.DisposeItemContentAsync("loaded3", [Sample.AuditEntry("loaded3")], Token);

        // When each item is searched for by the word of its title that names it, and all by a word of their sanitised text
        var byName = new List<string>();
        foreach (var id in loaded.Concat(submitted))
        {
            byName.AddRange((await store.FindItemsAsync(new ItemQuery { Words = [id], IncludeDisposed = true }, Token)).Select(i => i.ItemId));
        }
        var bySanitised = await store.FindItemsAsync(new ItemQuery { Words = ["workers"], WordsInSanitisedTextOnly = true, EntitledAgency = Sample.Cardiff, Limit = 100 }, Token);

        // Then every stored item is found by its own words in both text indexes, the disposed one no longer
        Assert.Equal([.. loaded.Concat(submitted).Where(id => id != "loaded3")], byName);
        Assert.Equal([.. loaded.Concat(submitted).Where(id => id != "loaded3").Order(StringComparer.Ordinal)], bySanitised.Select(i => i.ItemId).Order(StringComparer.Ordinal));
        // and on SQLite the load's words went into the index together, one segment rather than one per item
        if (database.EngineName == "SQLite") Assert.Equal(1, loadSegments);
    }

    [Fact]
    public async Task Finishing_a_bulk_load_readies_the_search_indexes_and_changes_no_search()
    {
        // Given three batches loaded in bulk, each its own transaction (on SQLite the text index is left in several
        // segments: each write adds one, and FTS5's automatic merges combine them only four at a time)
        var (database, store) = await MigratedStoreAsync();
        for (var batch = 0; batch < 3; batch++)
        {
            await store.BulkLoadAsync([.. Enumerable.Range(0, 4).Select(i => Sample.Submission(Sample.Item($"b{batch}-{i}", Sample.Monday.AddMinutes(batch * 10 + i))))], Token);
        }
        ItemQuery[] queries =
        [
            new() { Words = ["passports"] },
            new() { Words = ["newport", "documents"], EntitledAgency = Sample.Cardiff },
            new() { Words = ["workers"], WordsInSanitisedTextOnly = true, EntitledAgency = Sample.Cardiff, Limit = 5 },
            new() { Areas = [Sample.NewportArea], EntitledAgency = Sample.Riu },
        ];
        async Task<string[]> FoundAsync() =>
            [.. (await Task.WhenAll(queries.Select(q => store.FindItemsAsync(q, Token)))).Select(page => string.Join(",", page.Select(i => $"{i.ItemId}:{i.WordsFound}")))];
        var before = await FoundAsync();
        if (database.EngineName == "SQLite") Assert.True(await database.ScalarAsync("SELECT COUNT(DISTINCT segid) FROM items_text_idx") > 1);

        // When the load is finished
        await store.FinishBulkLoadAsync(Token);

        // Then every search finds what it found before, in the same order
        Assert.Equal(before, await FoundAsync());
        Assert.Contains("b0-0:FullText", before[0], StringComparison.Ordinal);
        // and each engine's indexes are readied: SQLite's text indexes are one segment each, PostgreSQL's planner knows the row counts
        if (database.EngineName == "SQLite")
        {
            Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(DISTINCT segid) FROM items_text_idx"));
            Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(DISTINCT segid) FROM items_sanitised_text_idx"));
        }
        else
        {
            Assert.Equal(12, await database.ScalarAsync("SELECT reltuples::bigint FROM pg_class WHERE relname = 'items'"));
        }
    }

    [Fact]
    public async Task A_partners_search_is_a_range_scan_of_its_entitlements_in_keyset_order()
    {
        // Given 50,000 items, 5% of them routed to Cardiff, with fresh statistics
        var (database, store) = await MigratedStoreAsync();
        await database.SeedItemsAsync(50000, Sample.Monday.AddDays(-30));
        var midway = Sample.Monday.AddDays(-30).AddMinutes(25000);
        // Paging through everything it may see reads the range in order; a filter may join its matches to the range
        // and sort those few (PostgreSQL does, from a bitmap of the range).
        (string Name, ItemQuery Query, bool Ordered)[] searches =
        [
            ("first page", new() { Limit = 50 }, true),
            ("page after a cursor", new() { After = (midway, "seed-25000") }, true),
            ("an area", new() { Areas = [Sample.CardiffArea] }, false),
            ("a theme after a cursor", new() { Themes = ["labour/*"], After = (midway, "seed-25000") }, false),
            ("words", new() { Words = ["workers"] }, false),
        ];

        // When the engine plans Cardiff's searches, then each reads Cardiff's range of the entitlement index's primary key, without a table scan
        await AssertPlansReadIndexesAsync(database, store, [.. searches.Select(s => (s.Name, s.Query with { EntitledAgency = Sample.Cardiff }, s.Ordered))],
            (name, plan) => Assert.True(database.EntitlementRangeScan(plan), $"{database.EngineName} does not start {name} from Cardiff's entitlements:\n{plan}"),
            SearchStart.Keyset);
    }

    [Fact]
    public async Task A_search_starts_from_a_rare_filter_or_the_entitlements_and_both_give_the_same_pages()
    {
        // Given 50,000 items, 5% of them routed to Cardiff: one phone number per item, an area in 22 (2,273 items, over the
        // cap), organ harvesting in 1 in 100, "workers" in every text
        var (database, store) = await MigratedStoreAsync();
        await database.SeedItemsAsync(50000, Sample.Monday.AddDays(-30));
        var phone = new EntityKey("phone-number", "+447700920000", "");
        (ItemQuery Query, SearchStart Start, SearchStart[] Filters)[] searches =
        [
            (new() { Entities = [phone] }, SearchStart.Entities, [SearchStart.Entities]),
            (new() { Areas = [Sample.CardiffArea] }, SearchStart.Keyset, [SearchStart.Areas]),
            (new() { Themes = ["organ-harvesting/minor"] }, SearchStart.Themes, [SearchStart.Themes]),
            (new() { Words = ["workers"] }, SearchStart.Keyset, [SearchStart.Words]),
            (new() { Themes = ["labour/*"] }, SearchStart.Keyset, [SearchStart.Themes]),
            (new() { Areas = ["W06000003"], Entities = [phone] }, SearchStart.Entities, [SearchStart.Areas, SearchStart.Entities]),
            (new() { Areas = [Sample.CardiffArea], Words = ["workers"], Themes = ["organ-harvesting/minor"] }, SearchStart.Themes, [SearchStart.Areas, SearchStart.Themes, SearchStart.Words]),
        ];

        foreach (var (search, expected, filters) in searches)
        {
            var query = search with { EntitledAgency = Sample.Cardiff, Limit = 40 };
            // When the store counts the filters' matches (capped), then a filter with few matches starts the search, else Cardiff's entitlements do
            Assert.Equal(expected, await store.ChooseSearchStartAsync(query, Token));
            // and from every start Cardiff gets the same pages, in the same order, with the same cursors
            var fromKeyset = await PagesAsync(store, query, SearchStart.Keyset);
            Assert.True(fromKeyset[0].Length > 0, $"{database.EngineName} finds nothing for {query}");
            foreach (var filter in filters) Assert.Equal(fromKeyset, await PagesAsync(store, query, filter));
            Assert.Equal(fromKeyset, await PagesAsync(store, query, start: null));
            // and only items routed to it (the seed routes 1 in 20: seed-20, seed-40, ...)
            Assert.All(fromKeyset.SelectMany(p => p), id => Assert.Equal(0, int.Parse(id[5..], System.Globalization.CultureInfo.InvariantCulture) % 20));
        }
    }

    [Fact]
    public async Task Both_starts_give_a_partner_exactly_what_routing_permitted_it_and_matches_the_filters()
    {
        // Given 40 items in two areas, some naming a shared phone number, some with "ledger" in their sanitised or full
        // text only, half of them routed (sanitised) to Cardiff and the rest to Bawso only
        var (_, store) = await MigratedStoreAsync();
        var shared = new EntityKey("phone-number", "+447700900555", "07700 900555");
        var items = Enumerable.Range(0, 40).Select(i => Sample.Item($"item-{i:00}", Sample.Monday.AddSeconds(i / 3)) with
        {
            Areas = [i % 3 == 0 ? Sample.CardiffArea : Sample.NewportArea],
            Entities = i % 4 == 0 ? [shared] : [new EntityKey("phone-number", $"+4477009006{i:00}", "seeded")],
            SanitisedText = i % 5 == 0 ? "A ledger of wages was seen." : "Workers may be housed on site.",
            FullText = i % 7 == 0 ? "The manager keeps a ledger." : "Six men live above the car wash.",
        }).ToArray();
        bool RoutedToCardiff(int i) => i % 2 == 0;
        for (var i = 0; i < items.Length; i++)
        {
            var routing = RoutedToCardiff(i) ? new[] { Sample.Permit(Sample.Cardiff, "sanitised") } : [Sample.Permit(Sample.Bawso)];
            await store.SubmitAsync(Sample.Submission(items[i], null, routing), Token);
        }

        (ItemQuery Query, Func<StoredItem, bool> Matches, SearchStart Filter)[] searches =
        [
            (new() { Areas = [Sample.CardiffArea] }, item => item.Areas.Contains(Sample.CardiffArea), SearchStart.Areas),
            (new() { Entities = [shared] }, item => item.Entities.Contains(shared), SearchStart.Entities),
            (new() { Words = ["ledger"] }, item => item.SanitisedText!.Contains("ledger", StringComparison.Ordinal) || item.FullText!.Contains("ledger", StringComparison.Ordinal), SearchStart.Words),
            (new() { Words = ["ledger"], WordsInSanitisedTextOnly = true }, item => item.SanitisedText!.Contains("ledger", StringComparison.Ordinal), SearchStart.Words),
            (new() { Areas = [Sample.CardiffArea], Entities = [shared] }, item => item.Areas.Contains(Sample.CardiffArea) && item.Entities.Contains(shared), SearchStart.Areas),
        ];
        foreach (var (search, matches, filter) in searches)
        {
            var query = search with { EntitledAgency = Sample.Cardiff, Limit = 3 };
            // The reference: from the routing decisions and the items as submitted, in (created, id) order
            string[] expected = [.. items.Where((item, i) => RoutedToCardiff(i) && matches(item)).Select(item => item.ItemId)];
            Assert.NotEmpty(expected);

            // When Cardiff pages through from the keyset walk and from the filter, then each gives exactly the reference
            var fromKeyset = await PagesAsync(store, query, SearchStart.Keyset);
            var fromFilter = await PagesAsync(store, query, filter);
            Assert.Equal(expected, fromKeyset.SelectMany(p => p));
            Assert.Equal(fromKeyset, fromFilter);
            // and Bawso, routed the other half, never gets one of Cardiff's from either start
            var bawso = query with { EntitledAgency = Sample.Bawso };
            Assert.Equal((await PagesAsync(store, bawso, SearchStart.Keyset)).SelectMany(p => p), (await PagesAsync(store, bawso, filter)).SelectMany(p => p));
            Assert.DoesNotContain((await PagesAsync(store, bawso, filter)).SelectMany(p => p), id => expected.Contains(id));
        }
    }

    [Fact]
    public async Task Words_in_the_sanitised_text_only_match_the_sanitised_text_index()
    {
        // Given an item whose full text names Commercial Road and whose sanitised text does not, and one later disposed
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("car-wash", Sample.Monday)), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("disposed", Sample.Monday.AddHours(1))), Token);
        await store.DisposeItemContentAsync("disposed", [Sample.AuditEntry("disposed")], Token);

        async Task<(string, WordsFound)[]> Find(ItemQuery query, params string[] words) =>
            [.. (await store.FindItemsAsync(query with { Words = words, WordsInSanitisedTextOnly = true, IncludeDisposed = true }, Token)).Select(i => (i.ItemId, i.WordsFound))];

        foreach (var start in new ItemQuery[] { new(), new() { EntitledAgency = Sample.Cardiff } })
        {
            // When a sanitised-view reader searches, then words in the full text or title alone find nothing
            Assert.Empty(await Find(start, "commercial", "road"));
            Assert.Empty(await Find(start, "passports"));
            Assert.Empty(await Find(start, "newport", "passports"));
            // and words all in the sanitised text find the item (and only the kept one: disposal removed the other's words)
            Assert.Equal([("car-wash", WordsFound.SanitisedText)], await Find(start, "newport", "documents"));
            Assert.Equal([("car-wash", WordsFound.SanitisedText)], await Find(start, "workers"));
        }
    }

    /// <summary>Every page of a search from one start (null: the chosen one), as item ids, following each page's cursor.</summary>
    private static async Task<List<string[]>> PagesAsync(RelationalHubStore store, ItemQuery query, SearchStart? start)
    {
        var pages = new List<string[]>();
        while (true)
        {
            var page = await store.FindItemsAsync(query, start, Token);
            pages.Add([.. page.Select(i => i.ItemId)]);
            if (page.Count < query.Limit) return pages;
            query = query with { After = (page[^1].CreatedAt, page[^1].ItemId) };
        }
    }
}
