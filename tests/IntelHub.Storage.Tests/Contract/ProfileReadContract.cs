using IntelHub.Storage.Relational;

namespace IntelHub.Storage.Tests.Contract;

/// <summary>
/// The profile read: live items of the period only, each once, all from one snapshot, however many slices an engine reads
/// side by side (SQLite slices the table by rowid; PostgreSQL reads one statement).
/// </summary>
public abstract partial class HubStoreContract
{
    private static readonly DateOnly LiveOn = DateOnly.FromDateTime(Sample.Monday.UtcDateTime);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task A_profile_read_gives_each_live_item_of_the_period_once_whatever_the_slices(int slices)
    {
        // Given 60 items: some past their review date, some disposed of, some outside the period, some due for review today
        var (_, store) = await MigratedStoreAsync(new FixedClock(Sample.Monday));
        await store.BulkLoadAsync([.. Enumerable.Range(0, 60).Select(i => Sample.Submission(ReadItem(i)))], Token);
        foreach (var i in Enumerable.Range(0, 60).Where(i => i % 10 == 1))
            await store.DisposeItemContentAsync(ReadItemId(i), [Sample.AuditEntry($"disposed {ReadItemId(i)}")], Token);

        // When a profile reads the period in that many slices, a few rows at a time
        store.ProfileReadParts = slices;
        store.ProfileReadBatchSize = 4;
        var rows = await ReadProfileAsync(store);

        // Then it gets every live item of the period, each once, and nothing else
        var expected = Enumerable.Range(0, 60).Where(i => i % 10 is not (0 or 1 or 2)).Select(ReadItemId);
        Assert.Equal(expected, rows.Select(r => r.ItemId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_profile_read_sees_the_store_as_it_was_when_the_read_began()
    {
        // Given 40 items, and a profile read that has begun (two slices, one row at a time, so most rows are still unread)
        var store = await FortyItemsReadOneRowAtATimeAsync();
        var read = new List<string>();
        await using (var rows = store.ReadProfileRowsAsync(Sample.Monday.AddYears(-1), Sample.Monday.AddYears(1), LiveOn, Token).GetAsyncEnumerator(Token))
        {
            Assert.True(await rows.MoveNextAsync());
            read.Add(rows.Current.ItemId);

            // When, meanwhile, every fourth item is disposed of and a new item is submitted
            foreach (var i in Enumerable.Range(0, 40).Where(i => i % 4 == 0))
                await store.DisposeItemContentAsync(ReadItemId(i), [Sample.AuditEntry($"disposed {ReadItemId(i)}")], Token);
            await store.SubmitAsync(Sample.Submission(Sample.Item("item-late")), Token);
            while (await rows.MoveNextAsync()) read.Add(rows.Current.ItemId);
        }

        // Then the read that had begun gives the 40 items as they were, and the next read sees the changes
        Assert.Equal(Enumerable.Range(0, 40).Select(ReadItemId), read.Order(StringComparer.Ordinal));
        var after = (await ReadProfileAsync(store)).Select(r => r.ItemId).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i % 4 != 0).Select(ReadItemId).Append("item-late").Order(StringComparer.Ordinal), after);
    }

    [Fact]
    public async Task A_profile_read_stopped_early_leaves_the_store_to_read_and_write()
    {
        // Given 40 items and a profile read stopped after its first row
        var store = await FortyItemsReadOneRowAtATimeAsync();
        await foreach (var _ in store.ReadProfileRowsAsync(Sample.Monday.AddYears(-1), Sample.Monday.AddYears(1), LiveOn, Token)) break;

        // When an item is submitted and the period read again
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-late")), Token);
        var rows = await ReadProfileAsync(store);

        // Then the new read gives every item, the new one too
        Assert.Equal(41, rows.Count);
        Assert.Contains(rows, r => r.ItemId == "item-late");
    }

    [Fact]
    public async Task A_profile_read_gives_each_item_the_facts_it_was_stored_with_and_one_shape_per_distinct_facts()
    {
        // Given an item with every fact set, one with the optional facts empty, and a third with the first one's facts
        var (_, store) = await MigratedStoreAsync(new FixedClock(Sample.Monday));
        var full = Sample.Item("item-full") with { LegacyGrading = "B2", Themes = ["sexual/adult", "labour/minor"], Areas = [Sample.CardiffArea, Sample.NewportArea] };
        var bare = Sample.Item("item-bare") with
        {
            Kind = "information", OriginatorAgencyId = Sample.Cardiff, Classification = "OFFICIAL", Grading = null, HandlingConditions = [],
            PersonalDataCategories = [], SanitisedText = null, Themes = [], Areas = [],
        };
        foreach (var item in new[] { full, bare, full with { ItemId = "item-twin" } }) await store.SubmitAsync(Sample.Submission(item), Token);

        // When a profile reads the period in one slice
        store.ProfileReadParts = 1;
        var rows = (await ReadProfileAsync(store)).ToDictionary(r => r.ItemId);

        // Then each row's shape holds the facts as stored, and rows with the same facts share one shape
        AssertShape(full, rows["item-full"].Shape);
        AssertShape(bare, rows["item-bare"].Shape);
        Assert.Same(rows["item-full"].Shape, rows["item-twin"].Shape);
        Assert.Equal(full.OccurredFrom, rows["item-full"].EventsFrom);
        Assert.Equal(full.OccurredTo, rows["item-full"].EventsTo);
    }

    private static void AssertShape(StoredItem item, ProfileShape shape)
    {
        Assert.Equal(item.Kind, shape.Kind);
        Assert.Equal(item.OriginatorAgencyId, shape.OriginatorAgencyId);
        Assert.Equal(item.Classification, shape.Classification);
        Assert.Equal(item.Grading, shape.Grading);
        Assert.Equal(item.LegacyGrading, shape.LegacyGrading);
        Assert.Equal(item.HandlingConditions, shape.HandlingConditions);
        Assert.Equal(item.PersonalDataCategories, shape.PersonalDataCategories);
        Assert.Equal(!string.IsNullOrEmpty(item.SanitisedText), shape.HasSanitisedText);
        Assert.Equal(item.Themes, shape.Themes);
        Assert.Equal(item.Areas, shape.Areas);
    }

    /// <summary>A store of 40 items whose profile reads go in two slices, one row at a time (so a reader is never far ahead).</summary>
    private async Task<RelationalHubStore> FortyItemsReadOneRowAtATimeAsync()
    {
        var (_, store) = await MigratedStoreAsync(new FixedClock(Sample.Monday));
        await store.BulkLoadAsync([.. Enumerable.Range(0, 40).Select(i => Sample.Submission(Sample.Item(ReadItemId(i))))], Token);
        store.ProfileReadParts = 2;
        store.ProfileReadBatchSize = 1;
        return store;
    }

    private static string ReadItemId(int i) => $"item-{i:00}";

    /// <summary>Item i: i % 10 = 0 past its review date, 2 outside the period, 3 due for review on the day read; the rest ordinary.</summary>
    private static StoredItem ReadItem(int i) => (i % 10) switch
    {
        0 => Sample.Item(ReadItemId(i)) with { ReviewDate = LiveOn.AddDays(-1) },
        2 => Sample.Item(ReadItemId(i)) with { OccurredFrom = Sample.Monday.AddYears(-3), OccurredTo = Sample.Monday.AddYears(-3).AddDays(1) },
        3 => Sample.Item(ReadItemId(i)) with { ReviewDate = LiveOn },
        _ => Sample.Item(ReadItemId(i)),
    };

    private static async Task<List<ProfileRow>> ReadProfileAsync(RelationalHubStore store)
    {
        var rows = new List<ProfileRow>();
        await foreach (var row in store.ReadProfileRowsAsync(Sample.Monday.AddYears(-1), Sample.Monday.AddYears(1), LiveOn, Token)) rows.Add(row);
        return rows;
    }
}
