using System.Data.Common;
using IntelHub.Storage.Relational;

namespace IntelHub.Storage.Tests.Engines;

/// <summary>
/// A fresh, empty database of one engine for one test, with the raw access the contract tests need to look behind
/// the store (count rows, hold the write lock, plant a row from the future). Disposes every store it opened.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    private readonly List<IHubStore> _stores = [];

    public abstract string EngineName { get; }

    /// <summary>A new store instance on this database: several of them stand in for several hub processes.</summary>
    public RelationalHubStore OpenStore(TimeProvider? clock = null)
    {
        var store = CreateStore(clock);
        _stores.Add(store);
        return store;
    }

    protected abstract RelationalHubStore CreateStore(TimeProvider? clock);

    public abstract Task<long> ScalarAsync(string sql);

    public abstract Task ExecuteAsync(string sql);

    /// <summary>A query's rows, each value as text (NULL as null), in the order the query gives them.</summary>
    public abstract Task<IReadOnlyList<string?[]>> RowsAsync(string sql);

    protected static async Task<IReadOnlyList<string?[]>> ReadRowsAsync(DbCommand command)
    {
        var rows = new List<string?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Holds what a writer needs until disposed: on SQLite the file's write lock (a writer waits before it starts),
    /// on PostgreSQL the audit counter row (a submission waits after writing its item, half way through).
    /// </summary>
    public abstract Task<IAsyncDisposable> HoldWriteLockAsync();

    /// <summary>
    /// Adds items straight into the tables (the store would take a transaction each) so that the planner sees a
    /// realistic volume, then refreshes the planner's statistics. Item n (from 1) is created n minutes after
    /// <paramref name="firstCreated"/>, in one of 22 areas, with a phone number of its own; themes are skewed as in
    /// life: mostly labour/adult, a tenth sexual/minor, one in a hundred each organ-harvesting/minor and domestic-servitude/adult.
    /// </summary>
    public abstract Task SeedItemsAsync(int count, DateTimeOffset firstCreated);

    /// <summary>
    /// The end of both engines' seeds: each seeded item's text, and its profile summary, which with one theme, area and
    /// entity each is the side tables' single values.
    /// </summary>
    protected const string SeedTextAndProfileSummary = """
        UPDATE items SET full_text = 'workers seen at site ' || item_id,
            profile_themes = (SELECT t.theme FROM item_themes t WHERE t.item_id = items.item_id),
            profile_areas = (SELECT a.area FROM item_areas a WHERE a.item_id = items.item_id),
            profile_entities = (SELECT e.kind || '|' || e.match_key FROM item_entities e WHERE e.item_id = items.item_id)
            WHERE item_id LIKE 'seed-%';
        """;

    /// <summary>The plan lines that read a whole table instead of an index.</summary>
    public abstract IReadOnlyList<string> TableScans(string plan);

    /// <summary>Whether the plan reads a range of the entitlement index's primary key (item_entitlements), by agency.</summary>
    public abstract bool EntitlementRangeScan(string plan);

    /// <summary>The plan lines that sort rows after reading them (instead of reading them in order from an index).</summary>
    public abstract IReadOnlyList<string> Sorts(string plan);

    protected static IReadOnlyList<string> Lines(string plan, Func<string, bool> match) =>
        [.. plan.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(match)];

    public Task<long> CountAsync(string table) => ScalarAsync($"SELECT COUNT(*) FROM {table}");

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await DisposeDatabaseAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract ValueTask DisposeDatabaseAsync();

    /// <summary>An open transaction on a connection of its own, rolled back and closed on dispose.</summary>
    protected sealed class HeldTransaction(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
