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

    public override async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT next_sequence FROM audit_counter WHERE id = 1 FOR UPDATE", connection, transaction))
        {
            await command.ExecuteScalarAsync();
        }
        return new Held(connection, transaction);
    }

    public override IReadOnlyList<string> TableScans(string plan) =>
        [.. plan.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains("Seq Scan", StringComparison.Ordinal))];

    protected override ValueTask DisposeDatabaseAsync()
    {
        // Idle raw connections would otherwise stay open against the cluster's connection limit for the whole run.
        using (var connection = new NpgsqlConnection(_connectionString)) NpgsqlConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
