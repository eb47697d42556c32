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

    public override async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = Raw();
        await connection.OpenAsync();
        var transaction = connection.BeginTransaction(deferred: false);
        return new Held(connection, transaction);
    }

    public override IReadOnlyList<string> TableScans(string plan) =>
        [.. plan.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => TableScan().IsMatch(line))];

    // "SCAN i" reads the table; "SCAN i USING INDEX ..." walks an index in order; "SEARCH ..." looks a range up.
    [GeneratedRegex(@"^SCAN \w+$")]
    private static partial Regex TableScan();

    protected override ValueTask DisposeDatabaseAsync()
    {
        // The stores have closed their pooled connections by now; the test's own connections are not pooled.
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private sealed class Held(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
