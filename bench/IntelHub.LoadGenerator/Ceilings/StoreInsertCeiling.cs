using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntelHub.LoadGenerator.Ceilings;

/// <summary>Rows per second the engine itself takes in the hub's durability mode, one row per transaction and batched.</summary>
internal sealed record StoreInsertRates(string Engine, int RowBytes, int Writers, double OnePerTransaction, int BatchRows, double Batched);

/// <summary>
/// The store's raw insert rate: rows the size of a submitted report into a table with a primary key and nothing
/// else, in the durability mode the hub runs with (SQLite: WAL with synchronous=FULL, a commit on disk before it
/// returns; PostgreSQL: its defaults, synchronous_commit on). One row per transaction shows what one fsync per
/// submission allows; batched rows show what group commit can reach at best.
/// </summary>
internal static class StoreInsertCeiling
{
    public static async Task<StoreInsertRates> MeasureAsync(string? postgresConnectionString, int rowBytes, int writers, int batchRows, TimeSpan each, CancellationToken cancellationToken)
    {
        var body = new byte[rowBytes];
        new Random(2024).NextBytes(body);
        if (postgresConnectionString is null)
        {
            var directory = Directory.CreateTempSubdirectory("intelhub-ceiling-").FullName;
            try
            {
                var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "ceiling.db"), Pooling = false }.ToString();
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)", cancellationToken);
                // SQLite has one writer: the single-row ceiling is one connection committing row after row.
                var single = await InsertForAsync([connection], body, 1, each, cancellationToken);
                var batched = await InsertForAsync([connection], body, batchRows, each, cancellationToken);
                SqliteConnection.ClearAllPools();
                return new StoreInsertRates("SQLite (WAL, synchronous=FULL)", rowBytes, 1, single, batchRows, batched);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        await using var source = NpgsqlDataSource.Create(postgresConnectionString);
        var connections = new List<DbConnection>();
        try
        {
            for (var i = 0; i < writers; i++) connections.Add(await source.OpenConnectionAsync(cancellationToken));
            await ExecuteAsync(connections[0], "DROP TABLE IF EXISTS load_ceiling_rows; CREATE TABLE load_ceiling_rows (id bigint PRIMARY KEY, body bytea NOT NULL)", cancellationToken);
            // PostgreSQL commits from many connections at once (and flushes their WAL together): one writer per worker.
            var single = await InsertForAsync([.. connections], body, 1, each, cancellationToken);
            var batched = await InsertForAsync([connections[0]], body, batchRows, each, cancellationToken);
            await ExecuteAsync(connections[0], "DROP TABLE load_ceiling_rows", cancellationToken);
            return new StoreInsertRates("PostgreSQL (synchronous_commit as configured, default on)", rowBytes, writers, single, batchRows, batched);
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    /// <summary>Rows per second committed by the connections together, each committing <paramref name="rowsPerTransaction"/> rows at a time.</summary>
    private static async Task<double> InsertForAsync(DbConnection[] connections, byte[] body, int rowsPerTransaction, TimeSpan length, CancellationToken cancellationToken)
    {
        var table = connections[0] is SqliteConnection ? "rows" : "load_ceiling_rows";
        long next = await NextIdAsync(connections[0], table, cancellationToken);
        long rows = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(connections.Select(async connection =>
        {
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetElapsedTime(started) < length)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO {table} (id, body) VALUES (@id, @body)";
                var id = insert.CreateParameter();
                id.ParameterName = "id";
                var value = insert.CreateParameter();
                value.ParameterName = "body";
                value.Value = body;
                insert.Parameters.Add(id);
                insert.Parameters.Add(value);
                for (var i = 0; i < rowsPerTransaction; i++)
                {
                    id.Value = Interlocked.Increment(ref next);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                Interlocked.Add(ref rows, rowsPerTransaction);
            }
        }));
        return rows / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<long> NextIdAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX(id), 0) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
