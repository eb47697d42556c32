namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Migrating_again_applies_nothing_twice_and_keeps_the_data()
    {
        // Given a migrated store holding an item
        var (database, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);

        // When it migrates again, as it does at every start
        await store.MigrateAsync(Token);
        await database.OpenStore().MigrateAsync(Token);

        // Then each migration is recorded once and the item is still there
        Assert.Equal(store.LatestSchemaVersion, await database.CountAsync("schema_migrations"));
        Assert.Equal(store.LatestSchemaVersion, await database.ScalarAsync("SELECT MAX(version) FROM schema_migrations"));
        Assert.NotNull(await store.GetItemAsync("item-1", Token));
    }

    [Fact]
    public async Task Hub_processes_starting_together_migrate_the_database_once()
    {
        // Given an empty database and four hub processes' stores
        var database = await EmptyDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => database.OpenStore()).ToArray();

        // When they all migrate at once
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(Token), Token)));

        // Then every migration was applied exactly once and the schema works from any of them
        Assert.Equal(stores[0].LatestSchemaVersion, await database.CountAsync("schema_migrations"));
        Assert.Equal(1, await database.CountAsync("audit_counter"));
        await stores[3].SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);
        Assert.NotNull(await stores[0].GetItemAsync("item-1", Token));
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused_with_both_versions_and_what_to_do()
    {
        // Given a database a newer build has migrated one version further
        var (database, store) = await MigratedStoreAsync();
        var newer = store.LatestSchemaVersion + 1;
        var appliedAt = database.EngineName == "SQLite" ? "0" : "now()";
        await database.ExecuteAsync($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({newer}, 'from_the_future', {appliedAt})");

        // When this build starts against it
        var refusal = await Assert.ThrowsAsync<SchemaVersionException>(() => database.OpenStore().MigrateAsync(Token));

        // Then it refuses, naming the version found, the version it knows, and the way out; and changes nothing
        Assert.Equal(newer, refusal.FoundVersion);
        Assert.Equal(store.LatestSchemaVersion, refusal.KnownVersion);
        Assert.Contains($"schema version {newer}", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {store.LatestSchemaVersion}", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Run IntelHub at that version or later", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(store.LatestSchemaVersion + 1, await database.CountAsync("schema_migrations"));
    }
}
