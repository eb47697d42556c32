namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    private static readonly ItemPerson[] NamedPeople =
    [
        new(ItemPerson.PotentialVictim, "VN", "anh nguyen"),
        new(ItemPerson.PotentialVictim, "GB", "anh nguyen"),
        new(ItemPerson.Suspect, "AL", "ardit hoxha"),
        new(ItemPerson.Suspect, "AL", "ardit hoxha"),
    ];

    [Fact]
    public async Task The_people_of_a_submitted_and_of_a_bulk_loaded_item_are_read_for_a_profile_once_each()
    {
        // Given an item submitted alone and one bulk loaded, each naming a victim with two nationalities and a suspect given twice
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1") with { People = NamedPeople }), Token);
        await store.BulkLoadAsync([Sample.Submission(Sample.Item("item-2") with { People = NamedPeople })], Token);

        // When a profile reads the period
        var rows = await ReadProfileAsync(store);

        // Then both carry the same three distinct people rows
        Assert.Equal(["item-1", "item-2"], rows.Select(r => r.ItemId).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(NamedPeople.Distinct().OrderBy(p => p.ToString(), StringComparer.Ordinal), r.People.OrderBy(p => p.ToString(), StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Disposal_deletes_the_items_people_rows()
    {
        // Given two items naming people
        var (database, store) = await MigratedStoreAsync(new FixedClock(Sample.Monday.AddYears(6)));
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1") with { People = NamedPeople }), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-2") with { People = NamedPeople }), Token);

        // When one item's content is disposed of
        await store.DisposeItemContentAsync("item-1", [Sample.AuditEntry("disposed item-1 at review")], Token);

        // Then its people are gone (personal data), from its rows and its profile summary, and the other item's remain
        Assert.Equal(3, await database.CountAsync("item_people"));
        Assert.Null((await database.RowsAsync("SELECT profile_people FROM items WHERE item_id = 'item-1'")).Single()[0]);
        var rows = await ReadProfileAsync(store);
        Assert.Equal("item-2", Assert.Single(rows).ItemId);
        Assert.Equal(3, rows[0].People.Count);
    }
}
