using System.Globalization;
using IntelHub.Storage.Postgres;
using IntelHub.Storage.Relational;
using IntelHub.Testing.Postgres;
using Npgsql;

namespace IntelHub.Storage.Tests.Engines;

/// <summary>A database of its own in the test run's throwaway PostgreSQL cluster.</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _connectionString;

    private PostgresTestDatabase(string connectionString) => _connectionString = connectionString;

    public static async Task<PostgresTestDatabase> CreateAsync(PostgresCluster cluster) =>
        new(await cluster.CreateDatabaseAsync("storage"));

    public override string EngineName => "PostgreSQL";

    // Each store gets its own data source (its own pool), as a separate hub process would.
    protected override RelationalHubStore CreateStore(TimeProvider? clock) => PostgresHubStore.Open(_connectionString, clock);

    public override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<IReadOnlyList<string?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await ReadRowsAsync(command);
    }

    public override async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT next_sequence FROM audit_counter WHERE id = 1 FOR UPDATE", connection, transaction))
        {
            await command.ExecuteScalarAsync();
        }
        return new HeldTransaction(connection, transaction);
    }

    public override async Task SeedItemsAsync(int count, DateTimeOffset firstCreated)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            BEGIN;
            INSERT INTO items (item_id, kind, originator_agency_id, submitted_by, classification, grading, handling_conditions,
                               personal_data_categories, review_date, created_at, content_digest)
            SELECT 'seed-' || n, CASE n % 3 WHEN 0 THEN 'information' ELSE 'intelligence' END, 'dyfed-powys-police', 'officer-1',
                   'OFFICIAL-SENSITIVE', CASE n % 4 WHEN 0 THEN '1AP' ELSE '2BC' END, '[]', '[]', DATE '2032-01-01',
                   @first + n * interval '1 minute', 'digest-' || n
            FROM generate_series(1, @count) AS n;
            INSERT INTO item_areas (area, item_id, ordinal)
                SELECT 'W060000' || lpad(((n % 22) + 1)::text, 2, '0'), 'seed-' || n, 0 FROM generate_series(1, @count) AS n;
            INSERT INTO item_themes (theme, exploitation_type, item_id, ordinal)
                SELECT t, split_part(t, '/', 1), 'seed-' || n, 0
                FROM (SELECT n, CASE WHEN n % 100 = 0 THEN 'organ-harvesting/minor' WHEN n % 100 = 1 THEN 'domestic-servitude/adult'
                      WHEN n % 10 = 2 THEN 'sexual/minor' ELSE 'labour/adult' END AS t FROM generate_series(1, @count) AS n) AS themed;
            INSERT INTO item_entities (kind, match_key, item_id, ordinal, as_typed)
                SELECT 'phone-number', '+4477009' || lpad(n::text, 5, '0'), 'seed-' || n, 0, 'seeded' FROM generate_series(1, @count) AS n;
            {SeedTextAndProfileSummary}
            INSERT INTO routing_decisions (item_id, recipient_agency_id, permitted, view, obligations, reasons)
                SELECT 'seed-' || n, 'wales-riu', true, 'full', '[]', 'seeded' FROM generate_series(1, @count) AS n
                UNION ALL SELECT 'seed-' || n, 'cardiff-council', true, 'sanitised', '[]', 'seeded' FROM generate_series(1, @count) AS n WHERE n % 20 = 0;
            INSERT INTO item_entitlements (agency_id, created_at, item_id)
                SELECT originator_agency_id, created_at, item_id FROM items WHERE item_id LIKE 'seed-%'
                UNION ALL SELECT r.recipient_agency_id, i.created_at, i.item_id FROM routing_decisions r JOIN items i ON i.item_id = r.item_id
                WHERE r.permitted AND i.item_id LIKE 'seed-%'
                ON CONFLICT DO NOTHING;
            COMMIT;
            ANALYZE;
            """, connection);
        command.Parameters.AddWithValue("first", firstCreated);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    public override IReadOnlyList<string> TableScans(string plan) => Lines(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));

    public override bool EntitlementRangeScan(string plan) =>
        Lines(plan, line => line.Contains(" item_entitlements_pkey", StringComparison.Ordinal)).Count == 1
        && plan.Contains("Index Cond: ((agency_id = ", StringComparison.Ordinal) || plan.Contains("Index Cond: (agency_id = ", StringComparison.Ordinal);

    public override IReadOnlyList<string> Sorts(string plan) => Lines(plan, line => line.StartsWith("-> Sort", StringComparison.Ordinal) || line.StartsWith("Sort", StringComparison.Ordinal));

    protected override ValueTask DisposeDatabaseAsync()
    {
        // Idle raw connections would otherwise stay open against the cluster's connection limit for the whole run.
        using (var connection = new NpgsqlConnection(_connectionString)) NpgsqlConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
