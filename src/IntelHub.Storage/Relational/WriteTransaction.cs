using System.Data.Common;
using System.Text;

namespace IntelHub.Storage.Relational;

/// <summary>
/// One write transaction on its own connection, holding the engine's writer slot while it lives. Disposing it
/// without <see cref="CommitAsync"/> rolls everything back, so an exception or a cancelled token leaves nothing behind.
/// </summary>
internal sealed class WriteTransaction(DbConnection connection, DbTransaction transaction, IDisposable? writerSlot, RowByRowInsert? rowByRow = null) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public DbCommand Command(string sql) => Connection.Command(sql, Transaction);

    /// <summary>
    /// A multi-row statement for <paramref name="rows"/> (one value per column each, in order), with an optional
    /// tail (<c>ON CONFLICT ...</c>, <c>RETURNING ...</c>): one round trip for what would be one per row, which is
    /// what a writer holding a counter row's lock must keep short. Values travel as parameters.
    /// </summary>
    public DbCommand Rows(string insertInto, IReadOnlyList<object?[]> rows, string tail = "")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sql = new StringBuilder(insertInto).Append(" VALUES ");
        var command = Command("");
        for (var row = 0; row < rows.Count; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < rows[row].Length; column++)
            {
                var name = $"p{row}_{column}";
                sql.Append(column == 0 ? "@" : ", @").Append(name);
                command.With(name, rows[row][column]);
            }
            sql.Append(')');
        }
#pragma warning disable CA2100 // Built from the caller's constant SQL and generated parameter names only.
        command.CommandText = sql.Append(' ').Append(tail).ToString();
#pragma warning restore CA2100
        return command;
    }

    /// <summary>
    /// Inserts the rows: on a server engine in statements of at most <see cref="RowsPerStatement"/> rows each (one
    /// round trip per statement); in process (SQLite) through one prepared single-row statement executed per row,
    /// because SQLite looks each named parameter up by a linear scan, which makes a multi-row statement's binding
    /// cost grow with the square of its parameters, and re-parses every new statement text.
    /// </summary>
    /// <remarks>The row-by-row insert is the engine's (<see cref="RowByRowInsert"/>): SQLite's binds each value by position.</remarks>
    public async Task InsertRowsAsync(string insertInto, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken, string tail = "")
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return;
        if (rowByRow is not null)
        {
            var placeholders = string.Join(", ", Enumerable.Repeat("?", rows[0].Length));
            rowByRow(Connection, $"{insertInto} VALUES ({placeholders}) {tail}", rows, cancellationToken);
            return;
        }
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var chunk = rows.Skip(start).Take(RowsPerStatement).ToList();
            await Rows(insertInto, chunk, tail).ExecuteAsync(cancellationToken);
        }
    }

    /// <summary>Both engines accept far more parameters per statement; this keeps one statement's text small.</summary>
    public const int RowsPerStatement = 200;

    /// <summary>Commits whatever the caller's token says: once the work is done, abandoning the commit would leave the caller unsure whether it happened.</summary>
    public Task CommitAsync() => Transaction.CommitAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            writerSlot?.Dispose();
        }
    }
}

/// <summary>Executes <paramref name="sql"/>, one row's statement with positional parameters, once per row, in the connection's transaction.</summary>
internal delegate void RowByRowInsert(DbConnection connection, string sql, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken);
