using IntelHub.Storage.Relational;
using IntelHub.Storage.Tests.Engines;

namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Paging_through_a_search_returns_every_match_once_in_created_order()
    {
        // Given 23 items, several created in the same microsecond, submitted out of order
        var (_, store) = await MigratedStoreAsync();
        var created = Enumerable.Range(0, 23).Select(i => (Id: $"item-{i:00}", At: Sample.Monday.AddSeconds(i / 3))).ToArray();
        foreach (var (id, at) in created.Reverse()) await store.SubmitAsync(Sample.Submission(Sample.Item(id, at)), Token);

        // When a reader pages through them five at a time from the cursor of each last item
        var seen = new List<StoredItem>();
        var query = new ItemQuery { Limit = 5 };
        while (true)
        {
            var page = await store.FindItemsAsync(query, Token);
            seen.AddRange(page);
            if (page.Count < query.Limit) break;
            query = query with { After = (page[^1].CreatedAt, page[^1].ItemId) };
        }

        // Then every item came exactly once, in (created, id) order
        Assert.Equal(created.Select(c => c.Id), seen.Select(i => i.ItemId));
    }

    [Fact]
    public async Task Search_filters_by_kind_theme_area_grading_period_entity_and_created_range()
    {
        // Given items that differ in one respect each from a baseline
        var (_, store) = await MigratedStoreAsync();
        StoredItem[] items =
        [
            Sample.Item("baseline", Sample.Monday),
            Sample.Item("information", Sample.Monday.AddHours(1)) with { Kind = "information", Grading = null },
            Sample.Item("sexual-minor", Sample.Monday.AddHours(2)) with { Themes = ["sexual/minor"] },
            Sample.Item("labour-minor-cardiff", Sample.Monday.AddHours(3)) with { Themes = ["labour/minor"], Areas = [Sample.CardiffArea] },
            Sample.Item("graded-1ap", Sample.Monday.AddHours(4)) with { Grading = "1AP" },
            Sample.Item("last-year", Sample.Monday.AddHours(5)) with { OccurredFrom = Sample.Monday.AddYears(-1), OccurredTo = null },
            Sample.Item("other-phone", Sample.Monday.AddHours(6)) with { Entities = [new EntityKey("phone-number", "+447700900999", "07700 900999")] },
        ];
        foreach (var item in items) await store.SubmitAsync(Sample.Submission(item), Token);

        async Task<string[]> Find(ItemQuery query) => [.. (await store.FindItemsAsync(query, Token)).Select(i => i.ItemId)];

        // When searching by each filter, then only the items it describes come back
        Assert.Equal(["information"], await Find(new ItemQuery { Kinds = ["information"] }));
        Assert.Equal(["sexual-minor"], await Find(new ItemQuery { Themes = ["sexual/minor"] }));
        Assert.Equal(["labour-minor-cardiff"], await Find(new ItemQuery { Themes = ["labour/minor"] }));
        Assert.Equal(
            items.Where(i => i.ItemId != "sexual-minor").Select(i => i.ItemId),
            await Find(new ItemQuery { Themes = ["labour/*"] }));
        Assert.Equal(["labour-minor-cardiff"], await Find(new ItemQuery { Areas = [Sample.CardiffArea] }));
        Assert.Equal(["graded-1ap"], await Find(new ItemQuery { Gradings = ["1AP"] }));
        Assert.Equal(["other-phone"], await Find(new ItemQuery { Entities = [new EntityKey("phone-number", "+447700900999", "")] }));
        Assert.Equal(
            ["baseline", "information"],
            await Find(new ItemQuery { CreatedFrom = Sample.Monday, CreatedTo = Sample.Monday.AddHours(2) }));
        Assert.Equal(
            ["last-year"],
            await Find(new ItemQuery { OccurredFrom = Sample.Monday.AddYears(-1).AddDays(-1), OccurredTo = Sample.Monday.AddYears(-1).AddDays(1) }));
        Assert.Equal(
            items.Where(i => i.ItemId != "last-year").Select(i => i.ItemId),
            await Find(new ItemQuery { OccurredFrom = Sample.Monday.AddDays(-9), OccurredTo = Sample.Monday.AddDays(-9) }));
        Assert.Equal(
            ["labour-minor-cardiff"],
            await Find(new ItemQuery { Themes = ["labour/*"], Areas = [Sample.CardiffArea, "W06000001"], Kinds = ["intelligence"] }));
        Assert.Empty(await Find(new ItemQuery { Areas = [] }));
    }

    [Fact]
    public async Task Search_queries_read_indexes_not_whole_tables()
    {
        // Given a store holding enough items for the planner to prefer indexes where they pay, with fresh statistics
        var (database, store) = await MigratedStoreAsync();
        await database.SeedItemsAsync(50000, Sample.Monday.AddDays(-30));
        var midway = Sample.Monday.AddDays(-30).AddMinutes(25000);
        // Paging through everything must read in index order (no sort of the whole table); a selective filter may
        // sort its few matches. (A filter matching a large share of all items, such as the commonest theme, is one
        // the planner may rightly answer by scanning, so the searches here are the selective ones.)
        (string Name, ItemQuery Query, bool Ordered)[] searches =
        [
            ("first page", new() { Limit = 50 }, true),
            ("page after a cursor", new() { After = (midway, "seed-25000") }, true),
            ("kind, grading and created range", new() { Kinds = ["intelligence"], Gradings = ["1AP"], CreatedFrom = midway, CreatedTo = midway.AddHours(3) }, false),
            ("two phone numbers", new() { Entities = [new EntityKey("phone-number", "+447700900042", ""), new EntityKey("phone-number", "+447700904242", "")] }, false),
            ("an area", new() { Areas = [Sample.CardiffArea] }, false),
            ("rare themes in an area", new() { Themes = ["organ-harvesting/minor", "domestic-servitude/*"], Areas = [Sample.NewportArea] }, false),
        ];

        // When the engine plans each search, then no step reads a whole table, and a page in created order is read in that order from the index
        await AssertPlansReadIndexesAsync(database, store, searches);
    }

    /// <summary>Plans each search: no step may read a whole table, an ordered one may not sort, and <paramref name="also"/> checks each plan further.</summary>
    private static async Task AssertPlansReadIndexesAsync(
        TestDatabase database, RelationalHubStore store, (string Name, ItemQuery Query, bool Ordered)[] searches, Action<string, string>? also = null, SearchStart? start = null)
    {
        foreach (var (name, query, ordered) in searches)
        {
            var plan = await store.ExplainFindItemsAsync(query, Token, start);
            also?.Invoke(name, plan);
            Assert.True(database.TableScans(plan).Count == 0, $"{database.EngineName} plans a table scan to search by {name}:\n{plan}");
            if (ordered) Assert.True(database.Sorts(plan).Count == 0, $"{database.EngineName} sorts instead of reading in index order to search by {name}:\n{plan}");
        }
    }

    [Fact]
    public async Task Disposed_items_are_left_out_of_searches_unless_asked_for()
    {
        // Given two items, one of them disposed
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("kept", Sample.Monday)), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("disposed", Sample.Monday.AddHours(1))), Token);
        await store.DisposeItemContentAsync("disposed", [Sample.AuditEntry("disposed")], Token);

        // When searching with and without disposed items
        var usual = await store.FindItemsAsync(new ItemQuery(), Token);
        var all = await store.FindItemsAsync(new ItemQuery { IncludeDisposed = true }, Token);

        // Then only the explicit request sees the disposed one
        Assert.Equal(["kept"], usual.Select(i => i.ItemId));
        Assert.Equal(["kept", "disposed"], all.Select(i => i.ItemId));
    }
}
