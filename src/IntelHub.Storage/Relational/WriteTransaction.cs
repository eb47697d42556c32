using System.Data.Common;
using System.Text;

namespace IntelHub.Storage.Relational;

/// <summary>
/// One write transaction on its own connection, holding the engine's writer slot while it lives. Disposing it
/// without <see cref="CommitAsync"/> rolls everything back, so an exception or a cancelled token leaves nothing behind.
/// </summary>
internal sealed class WriteTransaction(DbConnection connection, DbTransaction transaction, IDisposable? writerSlot) : IAsyncDisposable
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

    /// <summary>Inserts the rows in statements of at most <see cref="RowsPerStatement"/> rows each.</summary>
    public async Task InsertRowsAsync(string insertInto, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var chunk = rows.Skip(start).Take(RowsPerStatement).ToList();
            await Rows(insertInto, chunk).ExecuteAsync(cancellationToken);
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
