using System.Data;
using System.Data.Common;
using IntelHub.Storage.Relational;
using Npgsql;

namespace IntelHub.Storage.Postgres;

/// <summary>
/// The production store on PostgreSQL, shared by every hub replica. Writes run at READ COMMITTED; the counter rows
/// they update (per-agency inbox positions, the audit sequence) are locked until commit, which is what makes those
/// numbers gap-free and commit-ordered across processes. Migrations run under an advisory lock, so replicas starting
/// together migrate once.
/// </summary>
public sealed class PostgresHubStore : RelationalHubStore
{
    // "IntelHub" in ASCII: the advisory lock key that one migrator at a time holds.
    private const long MigrationLockKey = 0x496E74656C487562;

    private static readonly MigrationSet PostgresMigrations = MigrationSet.FromResources("IntelHub.Storage.Postgres.Migrations.");

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>A store over a data source the caller owns (and disposes).</summary>
    public PostgresHubStore(NpgsqlDataSource dataSource, TimeProvider? clock = null)
        : this(dataSource, clock, ownsDataSource: false)
    {
    }

    private PostgresHubStore(NpgsqlDataSource dataSource, TimeProvider? clock, bool ownsDataSource)
        : base(clock)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>A store with its own data source from a connection string (disposed with the store); call <see cref="RelationalHubStore.MigrateAsync"/> next.</summary>
    public static PostgresHubStore Open(string connectionString, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new PostgresHubStore(NpgsqlDataSource.Create(connectionString), clock, ownsDataSource: true);
    }

    /// <summary>Whether a connection string parses, with the problem when it does not (never echoing the string: it may hold a password).</summary>
    public static bool IsWellFormed(string connectionString, out string? problem)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            problem = null;
            return true;
        }
        catch (ArgumentException exception)
        {
            problem = exception.Message;
            return false;
        }
    }

    private protected override string EngineName => $"PostgreSQL ({_dataSource.ConnectionString.Split(';').FirstOrDefault(p => p.StartsWith("Database=", StringComparison.OrdinalIgnoreCase)) ?? "database"})";

    /// <summary>Fresh planner statistics for what was loaded: the text GIN index needs no merge, and autovacuum's analyze may come much later.</summary>
    private protected override IReadOnlyList<string> AfterBulkLoadSql { get; } = ["ANALYZE"];

    private protected override MigrationSet Migrations => PostgresMigrations;

    private protected override string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    // Concurrent writers are PostgreSQL's business: no queue in the process.
    private protected override ValueTask<IDisposable?> EnterWriterQueueAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    private protected override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    private protected override async Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // A session lock on this connection: a second replica waits here until the first has finished migrating.
        await connection.Command("SELECT pg_advisory_lock(@key)").With("key", MigrationLockKey).ExecuteAsync(cancellationToken);
        return new AdvisoryLock(connection);
    }

    private protected override object TimestampValue(DateTimeOffset utc) => utc;

    private protected override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private protected override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private protected override (string Prefix, int TextColumn) Explain => ("EXPLAIN ", 0);

    private protected override TextSearchSql TextSearch => TextSearchSql.Postgres;

    private protected override Task LockForSubmissionBatchAsync(WriteTransaction write) =>
        write.Command("SELECT next_sequence FROM audit_counter WHERE id = 1 FOR UPDATE").ExecuteAsync(CancellationToken.None);

    private protected override Task WriteBulkRowsAsync(WriteTransaction write, SubmissionRows rows, CancellationToken cancellationToken) =>
        PostgresBulkCopy.WriteAsync((NpgsqlConnection)write.Connection, rows, cancellationToken);

    private protected override async ValueTask CloseAsync()
    {
        if (_ownsDataSource) await _dataSource.DisposeAsync();
    }

    private sealed class AdvisoryLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await connection.Command("SELECT pg_advisory_unlock(@key)").With("key", MigrationLockKey).ExecuteAsync(CancellationToken.None);
    }
}
