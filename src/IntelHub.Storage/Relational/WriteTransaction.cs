using System.Data.Common;

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
