using IntelHub.Storage.Tests.Engines;
using IntelHub.Testing.Postgres;

namespace IntelHub.Storage.Tests.Contract;

/// <summary>The contract on the embedded engine: a SQLite file in a temporary folder.</summary>
public sealed class SqliteHubStoreContractTests : HubStoreContract
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

/// <summary>The contract on PostgreSQL: a fresh database in the run's throwaway cluster (fails, never skips, without one).</summary>
public sealed class PostgresHubStoreContractTests(PostgresCluster cluster) : HubStoreContract
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(cluster);
}
