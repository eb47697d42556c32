using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using IntelHub.Storage.Relational;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace IntelHub.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (default ./data/intelhub.db), nothing to install. Write-ahead log with
/// synchronous=FULL, so a commit is on disk before the reply; foreign keys on. SQLite allows one writer at a time:
/// writers in this process queue asynchronously, and each write transaction starts with BEGIN IMMEDIATE so that a
/// writer in another process makes this one wait (busy timeout) instead of failing halfway.
/// </summary>
public sealed class SqliteHubStore : RelationalHubStore
{
    // SQLite result codes (sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    // How long one attempt waits inside SQLite for another process's write lock before this store checks its token.
    private const int BusyTimeoutMilliseconds = 1000;

    private static readonly MigrationSet SqliteMigrations = MigrationSet.FromResources("IntelHub.Storage.Sqlite.Migrations.");

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly TimeSpan _writeLockTimeout;

    /// <summary>Opens (creating when missing) the SQLite file at <paramref name="databasePath"/>; call <see cref="RelationalHubStore.MigrateAsync"/> next.</summary>
    /// <param name="databasePath">The database file; its folder is created when missing.</param>
    /// <param name="clock">The clock for the store's own timestamps (queued, acknowledged, disposed).</param>
    /// <param name="writeLockTimeout">How long a write waits for another process to release the file's write lock (default 30 s).</param>
    public SqliteHubStore(string databasePath, TimeProvider? clock = null, TimeSpan? writeLockTimeout = null)
        : base(clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        var folder = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _writeLockTimeout = writeLockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The most the file may grow to (PRAGMA max_page_count on every connection); null: no limit.</summary>
    public int? MaxSizeMegabytes { get; init; }

    /// <summary>The database file's full path.</summary>
    public string DatabasePath { get; }

    private protected override string EngineName => $"SQLite ({DatabasePath})";

    private protected override RowByRowInsert? InsertsRowByRow => InsertRowByRow;

    /// <summary>
    /// One prepared statement stepped once per row through SQLite's own API, each value bound by position: the writer's
    /// hot path, where the driver's per-execution work (each named parameter looked up under three prefixes, every
    /// binding redone) cost as much as SQLite's own insert (bench/README.md, "The SQLite writer's rows through SQLite's own API").
    /// </summary>
    private static void InsertRowByRow(DbConnection connection, string sql, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var db = ((SqliteConnection)connection).Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            foreach (var values in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < values.Length; i++) SqliteException.ThrowExceptionForRC(BindValue(statement, i + 1, values[i]), db);
                var result = raw.sqlite3_step(statement);
                if (result != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(result, db);
                raw.sqlite3_reset(statement);
            }
        }
    }

    /// <summary>Binds a value as Microsoft.Data.Sqlite would: integers and booleans as integers, text and dates (yyyy-MM-dd) as text, bytes as a blob.</summary>
    private static int BindValue(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        string text => raw.sqlite3_bind_text(statement, index, text),
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        DateOnly date => raw.sqlite3_bind_text(statement, index, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException($"The SQLite writer cannot bind a {value.GetType().Name}."),
    };

    /// <summary>
    /// The items, then their words in both text indexes, one statement an index for the whole write. FTS5 writes its
    /// pending words out as a new segment at every savepoint; an insert trigger indexed each item inside its own
    /// statement's, which left a segment per item and cost twice the time (migration 0011). The new rows' rowids are
    /// above every rowid before them (SQLite gives max(rowid) + 1 to a table without AUTOINCREMENT), and the count of
    /// rows indexed is checked against the rows inserted: an item must never be stored without its words.
    /// </summary>
    private protected override async Task InsertItemsAsync(WriteTransaction write, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var before = await write.Command("SELECT coalesce(max(rowid), 0) FROM items").Int64OrNullAsync(cancellationToken) ?? 0;
        await base.InsertItemsAsync(write, rows, cancellationToken);
        foreach (var index in TextIndexes)
        {
            var indexed = await write.Command(index).With("before", before).ExecuteAsync(cancellationToken);
            if (indexed != rows.Count)
            {
                throw new InvalidOperationException(
                    $"The SQLite text index took {indexed} of the {rows.Count} items just written, so the hub undid the write and stored nothing of it. " +
                    $"New items get rowids above the existing ones unless a row of the items table holds the largest possible rowid. Check {DatabasePath} " +
                    "with PRAGMA integrity_check and INSERT INTO items_text(items_text, rank) VALUES('integrity-check', 1), and restore it from a backup if either fails.");
            }
        }
    }

    private static readonly string[] TextIndexes =
    [
        "INSERT INTO items_text (rowid, title, full_text, sanitised_text) SELECT rowid, title, full_text, sanitised_text FROM items WHERE rowid > @before",
        "INSERT INTO items_sanitised_text (rowid, sanitised_text) SELECT rowid, sanitised_text FROM items WHERE rowid > @before",
    ];

    /// <summary>
    /// Each FTS5 index merged into one segment. Every write leaves a segment of its own and FTS5's automatic merges keep a
    /// few per level (10 and 18 after 1,000,000 items in batches of 10,000); merged, the searches by free text at that size
    /// took half the time (bench/README.md, "At 1,000,000 items, after the search rework").
    /// </summary>
    private protected override IReadOnlyList<string> AfterBulkLoadSql { get; } =
    [
        "INSERT INTO items_text (items_text) VALUES ('optimize')",
        "INSERT INTO items_sanitised_text (items_sanitised_text) VALUES ('optimize')",
    ];

    private protected override MigrationSet Migrations => SqliteMigrations;

    private protected override string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT";

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per-connection settings: pooled connections keep them, but a new one starts without.
            await connection.Command(
                    $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};")
                .ExecuteAsync(cancellationToken);
            if (MaxSizeMegabytes is { } megabytes)
            {
                var pageSize = await connection.Command("PRAGMA page_size").Int64OrNullAsync(cancellationToken) ?? 4096;
                await connection.Command($"PRAGMA max_page_count = {megabytes * 1024L * 1024L / pageSize}").ExecuteAsync(cancellationToken);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private protected override async ValueTask<IDisposable?> EnterWriterQueueAsync(CancellationToken cancellationToken)
    {
        // Writers of this process wait here without holding a thread; only one at a time goes on to take the file's lock.
        await _writer.WaitAsync(cancellationToken);
        return new WriterSlot(_writer);
    }

    private protected override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var defaultTimeout = sqlite.DefaultTimeout;
            // One short attempt at a time (SQLite's busy handler waits up to the busy timeout), so that waiting for
            // another process's write lock stays cancellable instead of blocking for the driver's whole timeout.
            sqlite.DefaultTimeout = 1;
            try
            {
                return sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteBusy)
            {
                if (TimeProvider.System.GetElapsedTime(started) > _writeLockTimeout)
                {
                    throw new TimeoutException(
                        $"The SQLite database {DatabasePath} stayed locked by another process for over {_writeLockTimeout.TotalSeconds:0} s. " +
                        "Check for another IntelHub (or a tool) holding it open in a long write, then try again.", exception);
                }
            }
            finally
            {
                sqlite.DefaultTimeout = defaultTimeout;
            }
            await Task.Yield();
        }
    }

    /// <summary>
    /// Slices of the items table by rowid, each on its own connection, all reading one snapshot: the first connection's
    /// read transaction starts it and the others open it (sqlite3_snapshot_get / sqlite3_snapshot_open, WAL mode). While
    /// the first holds its read transaction no checkpoint can overwrite the snapshot, so the others open it; should one
    /// not, it is closed and the slices already opened share the table between them.
    /// </summary>
    private protected override async Task<SnapshotSlices> OpenSnapshotSlicesAsync(int wanted, CancellationToken cancellationToken)
    {
        var readers = new List<(SqliteConnection Connection, SqliteTransaction Read)>();
        try
        {
            var first = (SqliteConnection)await OpenConnectionAsync(cancellationToken);
            SqliteTransaction firstRead;
            try
            {
                firstRead = first.BeginTransaction(deferred: true);
            }
            catch
            {
                await first.DisposeAsync();
                throw;
            }
            readers.Add((first, firstRead));
            // The first read fixes the snapshot; the rowid bounds come from it.
            var bounds = await first.Command("SELECT min(rowid), max(rowid) FROM items", readers[0].Read)
                .ListAsync(r => (Low: r.IsDBNull(0) ? 0L : r.GetInt64(0), High: r.IsDBNull(1) ? -1L : r.GetInt64(1)), cancellationToken);
            var (low, high) = bounds[0];
            if (wanted > 1 && high - low + 1 >= wanted && raw.sqlite3_snapshot_get(first.Handle, "main", out var snapshot) == raw.SQLITE_OK)
            {
                using (snapshot)
                {
                    while (readers.Count < wanted && await OpenOnSnapshotAsync(snapshot, cancellationToken) is { } other) readers.Add(other);
                }
            }
            var slices = new SnapshotSlices();
            var size = (high - low + readers.Count) / readers.Count;
            for (var i = 0; i < readers.Count; i++)
            {
                var from = low + (i * size);
                // The last slice is open-ended; the snapshot bounds it.
                (string Predicate, (string, object)[] Parameters) slice =
                    readers.Count == 1 ? ("", [])
                    : i == readers.Count - 1 ? (" AND i.rowid >= @slice_from", [("slice_from", from)])
                    : (" AND i.rowid >= @slice_from AND i.rowid < @slice_to", [("slice_from", from), ("slice_to", from + size)]);
                slices.Add(new SnapshotSlice(readers[i].Connection, readers[i].Read, slice.Predicate, slice.Parameters));
            }
            return slices;
        }
        catch
        {
            foreach (var (connection, read) in readers)
            {
                await read.DisposeAsync();
                await connection.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>
    /// The profile read stepped through SQLite's own API, its columns read as UTF-8 spans: a row's shape is found without a
    /// string made for it, and each column costs one native call rather than the driver's several (at a million rows the
    /// driver's per-column path cost twice the stepping itself; bench/README.md, "Problem profiles").
    /// </summary>
    private protected override async Task ReadProfileSliceAsync(SnapshotSlice slice, DateTimeOffset from, DateTimeOffset to, DateOnly liveOn, ProfileBatches rows, CancellationToken cancellationToken)
    {
        var db = ((SqliteConnection)slice.Connection).Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, ProfileSql(slice.Predicate), out var statement), db);
        using (statement)
        {
            foreach (var (name, value) in ProfileParameters(slice, from, to, liveOn)) Bind(db, statement, name, value);
            var builder = new ProfileRowBuilder();
            var shapeText = new char[512];
            while (true)
            {
                var result = raw.sqlite3_step(statement);
                if (result == raw.SQLITE_DONE) break;
                if (result != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(result, db);
                await rows.AddAsync(ReadProfileRow(statement, builder, ref shapeText), cancellationToken);
            }
        }
        await rows.FlushAsync(cancellationToken);
    }

    private static ProfileRow ReadProfileRow(sqlite3_stmt statement, ProfileRowBuilder builder, ref char[] shapeText)
    {
        var shape = raw.sqlite3_column_blob(statement, 1);
        if (shape.Length > shapeText.Length) shapeText = new char[shape.Length];
        var length = Encoding.UTF8.GetChars(shape, shapeText);
        return ProfileRowBuilder.Row(
            Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, 0)),
            builder.ShapeOf(shapeText.AsSpan(0, length)),
            DateTimeOffset.UnixEpoch.AddTicks(raw.sqlite3_column_int64(statement, 2) * 10),
            DateTimeOffset.UnixEpoch.AddTicks(raw.sqlite3_column_int64(statement, 3) * 10),
            NullableText(statement, 4),
            NullableText(statement, 5));
    }

    private static string? NullableText(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));

    /// <summary>Binds a value to a named parameter of the profile read.</summary>
    private static void Bind(sqlite3 db, sqlite3_stmt statement, string name, object value)
    {
        var index = raw.sqlite3_bind_parameter_index(statement, "@" + name);
        if (index == 0) throw new InvalidOperationException($"The profile read has no parameter @{name}.");
        SqliteException.ThrowExceptionForRC(BindValue(statement, index, value), db);
    }

    /// <summary>A new connection in a read transaction on <paramref name="snapshot"/>; null when SQLite cannot open it there.</summary>
    private async Task<(SqliteConnection, SqliteTransaction)?> OpenOnSnapshotAsync(sqlite3_snapshot snapshot, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)await OpenConnectionAsync(cancellationToken);
        try
        {
            // A connection must have read the file once to know it is in WAL mode before it can open a snapshot.
            await connection.Command("PRAGMA application_id").ExecuteAsync(cancellationToken);
            var read = connection.BeginTransaction(deferred: true);
            if (raw.sqlite3_snapshot_open(connection.Handle, "main", snapshot) == raw.SQLITE_OK) return (connection, read);
            await read.DisposeAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private protected override async Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var slot = await EnterWriterQueueAsync(cancellationToken);
        try
        {
            // The journal mode is a property of the file and cannot change inside a transaction: set it before migrating.
            await connection.Command("PRAGMA journal_mode = WAL").ExecuteAsync(cancellationToken);
            return new MigrationSlot(slot);
        }
        catch
        {
            slot?.Dispose();
            throw;
        }
    }

    private protected override object TimestampValue(DateTimeOffset utc) => (utc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private protected override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(ordinal) * 10);

    private protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    private protected override (string Prefix, int TextColumn) Explain => ("EXPLAIN QUERY PLAN ", 3);

    private protected override TextSearchSql TextSearch => TextSearchSql.Sqlite;

    // SQLite's planner keeps a CROSS JOIN's left table as the outer loop.
    private protected override string JoinInOrder => "CROSS JOIN";

    // BEGIN IMMEDIATE already holds the file's only write lock for the whole batch.
    private protected override Task LockForSubmissionBatchAsync(WriteTransaction write) => Task.CompletedTask;

    private protected override ValueTask CloseAsync()
    {
        // Closes the pooled connections so that the file (and its -wal/-shm companions) is released and checkpointed.
        using (var connection = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(connection);
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class WriterSlot(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) writer.Release();
        }
    }

    private sealed class MigrationSlot(IDisposable? slot) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            slot?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
