using IntelHub.Storage.Tests.Engines;
using IntelHub.Testing.Postgres;

namespace IntelHub.Storage.Tests.Contract;

/// <summary>The contract on the embedded engine: a SQLite file in a temporary folder.</summary>
public sealed class SqliteHubStoreContractTests : HubStoreContract
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    [Fact]
    public async Task An_item_its_write_could_not_index_is_not_stored()
    {
        // Given an items table that has used the largest rowid, so that SQLite gives a new item a rowid below those before it
        var (database, store) = await MigratedStoreAsync();
        await database.SeedItemsAsync(1, Sample.Monday.AddDays(-1));
        await database.ExecuteAsync("UPDATE items SET rowid = 9223372036854775807 WHERE item_id = 'seed-1'");

        // When an item is submitted
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SubmitAsync(Sample.Submission(Sample.Item("unindexed")), Token));

        // Then the write is refused, saying which index missed it, and nothing of it is stored
        Assert.Contains("text index took 0 of the 1 items", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1, await database.CountAsync("items"));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM routing_decisions WHERE item_id = 'unindexed'"));
        Assert.Equal(0, await database.CountAsync("audit_records"));
    }
}

/// <summary>The contract on PostgreSQL: a fresh database in the run's throwaway cluster (fails, never skips, without one).</summary>
public sealed class PostgresHubStoreContractTests(PostgresCluster cluster) : HubStoreContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(cluster);
}
