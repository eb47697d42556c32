using System.Data.Common;

namespace IntelHub.Storage.Relational;

/// <summary>
/// The hub's store over ADO.NET, written once for both engines: the SQL below is the common subset SQLite (3.35+)
/// and PostgreSQL share (upserts, RETURNING, row-value comparison, named parameters). An engine supplies
/// connections, its write transaction, its migration lock and the column type for timestamps.
/// </summary>
/// <remarks>
/// Lock order, the same in every write so that PostgreSQL writers cannot deadlock: the idempotency key, then the
/// item's rows, then the per-agency inbox counters in ordinal order of agency id, then the single audit counter last.
/// Holding a counter row until commit is what makes inbox positions and audit sequences gap-free and commit-ordered.
/// </remarks>
public abstract partial class RelationalHubStore : IHubStore
{
    private readonly TimeProvider _clock;
    private readonly SubmissionGroupCommit _submissions;

    private protected RelationalHubStore(TimeProvider? clock)
    {
        _clock = clock ?? TimeProvider.System;
        _submissions = new SubmissionGroupCommit(WriteSubmissionBatchAsync);
    }

    /// <summary>The engine's name as a user knows it, for messages.</summary>
    private protected abstract string EngineName { get; }

    private protected abstract MigrationSet Migrations { get; }

    /// <summary>DDL of the table that records applied migrations (its timestamp column type differs per engine).</summary>
    private protected abstract string MigrationsTableSql { get; }

    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Waits (asynchronously) for this process's turn to write, where the engine allows one writer only; null when writers need no queue.</summary>
    private protected abstract ValueTask<IDisposable?> EnterWriterQueueAsync(CancellationToken cancellationToken);

    private protected abstract Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Makes this the only migrator of the database until the returned lock is disposed, across processes.</summary>
    private protected abstract Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The database value for a UTC timestamp already truncated to microseconds.</summary>
    private protected abstract object TimestampValue(DateTimeOffset utc);

    private protected abstract DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);

    private protected abstract bool IsUniqueViolation(DbException exception);

    /// <summary>The engine's statement that shows a query's plan, and the column of its result that holds the plan's text.</summary>
    private protected abstract (string Prefix, int TextColumn) Explain { get; }

    /// <summary>How the engine matches a search's words (its text index from migration 0003).</summary>
    private protected abstract TextSearchSql TextSearch { get; }

    /// <summary>A join that reads its left side first, so that a search walks where it chose to start (SQLite's CROSS JOIN).</summary>
    private protected virtual string JoinInOrder => "JOIN";

    /// <summary>Stores the submissions already queued, then closes the engine's connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _submissions.DisposeAsync();
        await CloseAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the engine's connections (and, for SQLite, the file).</summary>
    private protected abstract ValueTask CloseAsync();

    /// <summary>The engine's row-by-row insert through one prepared statement (in process, no round trips); null: multi-row statements.</summary>
    private protected virtual RowByRowInsert? InsertsRowByRow => null;

    /// <summary>UTC, truncated to whole microseconds: the precision both engines keep, so a value reads back equal.</summary>
    internal static DateTimeOffset ToStoredPrecision(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    private protected object Timestamp(DateTimeOffset value) => TimestampValue(ToStoredPrecision(value));

    private protected object? Timestamp(DateTimeOffset? value) => value is { } v ? Timestamp(v) : null;

    private protected DateTimeOffset? ReadNullableTimestamp(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTimestamp(reader, ordinal);

    private protected DateTimeOffset Now() => ToStoredPrecision(_clock.GetUtcNow());

    private protected async Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var slot = await EnterWriterQueueAsync(cancellationToken);
        DbConnection? connection = null;
        try
        {
            connection = await OpenConnectionAsync(cancellationToken);
            var transaction = await BeginWriteTransactionAsync(connection, cancellationToken);
            return new WriteTransaction(connection, transaction, slot, InsertsRowByRow);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            slot?.Dispose();
            throw;
        }
    }

    private protected async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await read(connection);
    }

    private static void RequireLimit(int limit, int maximum = int.MaxValue)
    {
        if (limit < 1 || limit > maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be between 1 and {maximum}.");
        }
    }
}
