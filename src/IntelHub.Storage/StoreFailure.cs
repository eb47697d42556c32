using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntelHub.Storage;

/// <summary>
/// Which failures of either engine mean "the store cannot take this now" (a full disk, an I/O error,
/// a lost connection, a lock held too long) rather than a fault in the request or the code: the
/// caller may retry later, and nothing was stored.
/// </summary>
public static class StoreFailure
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteNoMemory = 7;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCannotOpen = 14;

    /// <summary>Whether the store ran out of space (SQLITE_FULL, PostgreSQL 53100 disk_full, or the OS's "no space left").</summary>
    public static bool IsFull(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteFull,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.DiskFull,
        IOException io => io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase),
        _ => exception.InnerException is { } inner && IsFull(inner),
    };

    /// <summary>Whether the failure is the store's (space, I/O, connection, locks) and a retry may succeed.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteNoMemory or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCannotOpen,
        // Class 53: insufficient resources (disk, memory, connections); 57P: the server is shutting down;
        // 58: system and I/O errors; 08: the connection.
        PostgresException postgres => postgres.SqlState.StartsWith("53", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("58", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        DbException => false,
        IOException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
