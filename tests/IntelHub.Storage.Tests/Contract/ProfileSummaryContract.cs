using IntelHub.Storage.Relational;
using IntelHub.Storage.Tests.Engines;

namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    /// <summary>Items whose lists repeat values and whose people are given out of order: the summary must store each value once, as the side tables do.</summary>
    private static readonly StoredItem[] SummarisedItems =
    [
        Sample.Item("item-1") with
        {
            Themes = ["sexual/adult", "labour/adult", "sexual/adult"],
            Areas = [Sample.NewportArea, Sample.CardiffArea, Sample.NewportArea],
            Entities =
            [
                new EntityKey("vehicle", "CU19ABC", "CU19 ABC"),
                new EntityKey("phone-number", "+447700900123", "07700 900123"),
                new EntityKey("phone-number", "+447700900123", "+44 7700 900123"),
            ],
            People = [.. NamedPeople.Reverse()],
        },
        Sample.Item("item-2") with { Themes = [], Areas = [], Entities = [], People = [] },
        Sample.Item("item-3") with { People = NamedPeople },
    ];

    [Fact]
    public async Task Submitted_and_bulk_loaded_items_give_the_profile_the_lists_their_side_tables_hold()
    {
        // Given items submitted one at a time and the same items bulk loaded, then one of each disposed of
        var (database, store) = await MigratedStoreAsync(new FixedClock(Sample.Monday.AddYears(6)));
        await StoreSummarisedItemsAsync(store);

        // When a profile reads the period
        var rows = await ReadProfileAsync(store);

        // Then every live item's themes, areas, entities and people are exactly those of its side-table rows
        Assert.Equal((SummarisedItems.Length - 1) * 2, rows.Count);
        await AssertProfileListsMatchSideTablesAsync(database, rows);
        AssertSummarisedAsSubmitted(rows);
        await AssertDisposedSummariesKeepNoPersonalDataAsync(database);
    }

    [Fact]
    public async Task Items_stored_before_the_profile_summary_are_summarised_from_their_side_tables_by_its_migration()
    {
        // Given the same items stored and disposed of in a database taken back to before the summary's migration
        var (database, store) = await MigratedStoreAsync(new FixedClock(Sample.Monday.AddYears(6)));
        await StoreSummarisedItemsAsync(store);
        foreach (var column in ProfileSummary.Columns.Split(", ")) await database.ExecuteAsync($"ALTER TABLE items DROP COLUMN {column}");

        // When the migration runs on it
        await database.ExecuteAsync(ProfileSummaryMigration(database).Sql);

        // Then the profile reads each item's lists as its side tables hold them, as for items stored since
        var rows = await ReadProfileAsync(store);
        Assert.Equal((SummarisedItems.Length - 1) * 2, rows.Count);
        await AssertProfileListsMatchSideTablesAsync(database, rows);
        AssertSummarisedAsSubmitted(rows);
        await AssertDisposedSummariesKeepNoPersonalDataAsync(database);
    }

    private static async Task StoreSummarisedItemsAsync(RelationalHubStore store)
    {
        foreach (var item in SummarisedItems) await store.SubmitAsync(Sample.Submission(item), Token);
        await store.BulkLoadAsync([.. SummarisedItems.Select(i => Sample.Submission(i with { ItemId = "bulk-" + i.ItemId }))], Token);
        await store.DisposeItemContentAsync("item-3", [Sample.AuditEntry("disposed item-3 at review")], Token);
        await store.DisposeItemContentAsync("bulk-item-3", [Sample.AuditEntry("disposed bulk-item-3 at review")], Token);
    }

    private static Migration ProfileSummaryMigration(TestDatabase database) =>
        MigrationSet.FromResources(database.EngineName == "SQLite" ? "IntelHub.Storage.Sqlite.Migrations." : "IntelHub.Storage.Postgres.Migrations.")
            .All.Single(m => m.Name == "profile_summary");

    private static async Task AssertProfileListsMatchSideTablesAsync(TestDatabase database, List<ProfileRow> rows)
    {
        var themes = await ListsAsync(database, "SELECT item_id, theme FROM item_themes ORDER BY item_id, ordinal");
        var areas = await ListsAsync(database, "SELECT item_id, area FROM item_areas ORDER BY item_id, ordinal");
        var entities = await ListsAsync(database, "SELECT item_id, kind, match_key FROM item_entities ORDER BY item_id, ordinal");
        var people = await ListsAsync(database, "SELECT item_id, role, nationality, person_key FROM item_people");
        foreach (var row in rows)
        {
            Assert.Equal(themes.GetValueOrDefault(row.ItemId, []), row.Themes);
            Assert.Equal(areas.GetValueOrDefault(row.ItemId, []), row.Areas);
            Assert.Equal(entities.GetValueOrDefault(row.ItemId, []), row.Entities.Select(e => $"{e.Kind} {e.MatchKey}"));
            Assert.Equal(
                people.GetValueOrDefault(row.ItemId, []).Order(StringComparer.Ordinal),
                row.People.Select(p => $"{p.Role} {p.Nationality} {p.PersonKey}").Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The side tables' values by item, each row's values after the item id joined with a space.</summary>
    private static async Task<Dictionary<string, List<string>>> ListsAsync(TestDatabase database, string sql) =>
        (await database.RowsAsync(sql))
            .GroupBy(r => r[0]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => string.Join(' ', r.Skip(1))).ToList(), StringComparer.Ordinal);

    /// <summary>What the items were stored with, so the comparison with the side tables is not between two empty lists.</summary>
    private static void AssertSummarisedAsSubmitted(List<ProfileRow> rows)
    {
        foreach (var prefix in new[] { "", "bulk-" })
        {
            var first = rows.Single(r => r.ItemId == prefix + "item-1");
            Assert.Equal(["sexual/adult", "labour/adult"], first.Themes);
            Assert.Equal([Sample.NewportArea, Sample.CardiffArea], first.Areas);
            Assert.Equal([("vehicle", "CU19ABC"), ("phone-number", "+447700900123")], first.Entities);
            Assert.Equal(3, first.People.Count);
            var empty = rows.Single(r => r.ItemId == prefix + "item-2");
            Assert.Empty(empty.Themes);
            Assert.Empty(empty.Areas);
            Assert.Empty(empty.Entities);
            Assert.Empty(empty.People);
            // Disposed of: used by no one, so never read for a profile.
            Assert.DoesNotContain(rows, r => r.ItemId == prefix + "item-3");
        }
    }

    /// <summary>A disposed item's summary keeps its themes and areas but no entities or people (personal data).</summary>
    private static async Task AssertDisposedSummariesKeepNoPersonalDataAsync(TestDatabase database)
    {
        var summaries = await database.RowsAsync(
            "SELECT item_id, profile_themes, profile_areas, COALESCE(profile_entities, ''), COALESCE(profile_people, '') FROM items " +
            "WHERE item_id IN ('item-3', 'bulk-item-3') ORDER BY item_id");
        Assert.Equal(2, summaries.Count);
        Assert.All(summaries, summary => Assert.Equal(["labour/adult", Sample.NewportArea, "", ""], summary.Skip(1)));
    }
}
