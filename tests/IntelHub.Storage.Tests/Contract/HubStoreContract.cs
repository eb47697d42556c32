using IntelHub.Storage.Relational;
using IntelHub.Storage.Tests.Engines;

namespace IntelHub.Storage.Tests.Contract;

/// <summary>
/// The store's contract as tests, written once and run against every engine on a real database: each engine has a
/// subclass that only says how to make an empty database. Every test gets databases of its own.
/// </summary>
public abstract partial class HubStoreContract : IAsyncDisposable
{
    private readonly List<TestDatabase> _databases = [];

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected async Task<TestDatabase> EmptyDatabaseAsync()
    {
        var database = await CreateDatabaseAsync();
        _databases.Add(database);
        return database;
    }

    /// <summary>A database at the current schema and a store on it.</summary>
    protected async Task<(TestDatabase Database, RelationalHubStore Store)> MigratedStoreAsync(TimeProvider? clock = null)
    {
        var database = await EmptyDatabaseAsync();
        var store = database.OpenStore(clock);
        await store.MigrateAsync(Token);
        return (database, store);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases) await database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A clock that stands still where the test puts it.</summary>
    protected sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
