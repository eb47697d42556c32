using System.Globalization;
using System.Text.RegularExpressions;
using IntelHub.Storage.Relational;
using IntelHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace IntelHub.Storage.Tests.Engines;

/// <summary>A SQLite database in its own temporary file (deleted afterwards).</summary>
public sealed partial class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("intelhub-storage-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "intelhub.db");

    public override string EngineName => "SQLite";

    protected override RelationalHubStore CreateStore(TimeProvider? clock) => new SqliteHubStore(Path, clock);

    private SqliteConnection Raw() => new(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());

    public override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Raw();
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = Raw();
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<IReadOnlyList<string?[]>> RowsAsync(string sql)
    {
        await using var connection = Raw();
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return await ReadRowsAsync(command);
    }

    public override async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = Raw();
        await connection.OpenAsync();
        var transaction = connection.BeginTransaction(deferred: false);
        return new HeldTransaction(connection, transaction);
    }

    public override async Task SeedItemsAsync(int count, DateTimeOffset firstCreated)
    {
        var first = (firstCreated.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        await ExecuteAsync($"""
            BEGIN;
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count})
            INSERT INTO items (item_id, kind, originator_agency_id, submitted_by, classification, grading, handling_conditions,
                               personal_data_categories, review_date, created_at, content_digest)
            SELECT 'seed-' || n, CASE n % 3 WHEN 0 THEN 'information' ELSE 'intelligence' END, 'dyfed-powys-police', 'officer-1',
                   'OFFICIAL-SENSITIVE', CASE n % 4 WHEN 0 THEN '1AP' ELSE '2BC' END, '[]', '[]', '2032-01-01',
                   {first} + n * 60000000, 'digest-' || n
            FROM g;
            INSERT INTO item_areas (area, item_id, ordinal) SELECT printf('W060000%02d', (rowid % 22) + 1), item_id, 0 FROM items WHERE item_id LIKE 'seed-%';
            INSERT INTO item_themes (theme, exploitation_type, item_id, ordinal)
                SELECT t, substr(t, 1, instr(t, '/') - 1), item_id, 0
                FROM (SELECT item_id, CASE WHEN rowid % 100 = 0 THEN 'organ-harvesting/minor' WHEN rowid % 100 = 1 THEN 'domestic-servitude/adult'
                      WHEN rowid % 10 = 2 THEN 'sexual/minor' ELSE 'labour/adult' END AS t FROM items WHERE item_id LIKE 'seed-%');
            INSERT INTO item_entities (kind, match_key, item_id, ordinal, as_typed)
                SELECT 'phone-number', printf('+4477009%05d', rowid), item_id, 0, 'seeded' FROM items WHERE item_id LIKE 'seed-%';
            -- The writer indexes the items it inserts (schema version 11); so must anything else, before changing their texts.
            INSERT INTO items_text (rowid, title, full_text, sanitised_text) SELECT rowid, title, full_text, sanitised_text FROM items WHERE item_id LIKE 'seed-%';
            INSERT INTO items_sanitised_text (rowid, sanitised_text) SELECT rowid, sanitised_text FROM items WHERE item_id LIKE 'seed-%';
            {SeedTextAndProfileSummary}
            INSERT INTO routing_decisions (item_id, recipient_agency_id, permitted, view, obligations, reasons)
                SELECT item_id, 'wales-riu', 1, 'full', '[]', 'seeded' FROM items WHERE item_id LIKE 'seed-%'
                UNION ALL SELECT item_id, 'cardiff-council', 1, 'sanitised', '[]', 'seeded' FROM items WHERE item_id LIKE 'seed-%' AND rowid % 20 = 0;
            INSERT OR IGNORE INTO item_entitlements (agency_id, created_at, item_id)
                SELECT originator_agency_id, created_at, item_id FROM items WHERE item_id LIKE 'seed-%'
                UNION ALL SELECT r.recipient_agency_id, i.created_at, i.item_id FROM routing_decisions r JOIN items i ON i.item_id = r.item_id
                WHERE r.permitted = 1 AND i.item_id LIKE 'seed-%';
            COMMIT;
            ANALYZE;
            """);
    }

    public override IReadOnlyList<string> TableScans(string plan) => Lines(plan, line => TableScan().IsMatch(line));

    public override bool EntitlementRangeScan(string plan) =>
        Lines(plan, line => line.StartsWith("SEARCH item_entitlements USING PRIMARY KEY (agency_id=?", StringComparison.Ordinal)).Count == 1;

    public override IReadOnlyList<string> Sorts(string plan) => Lines(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));

    // "SCAN i" reads the table; "SCAN i USING INDEX ..." walks an index in order; "SEARCH ..." looks a range up.
    // A search's own subqueries (the page's keys, a rare filter's matches) are read by "SCAN page" / "SCAN matched".
    [GeneratedRegex(@"^SCAN (?!page$|matched$)\w+$")]
    private static partial Regex TableScan();

    protected override ValueTask DisposeDatabaseAsync()
    {
        // The stores have closed their pooled connections by now; the test's own connections are not pooled.
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
