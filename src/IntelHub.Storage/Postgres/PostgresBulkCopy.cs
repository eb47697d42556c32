using IntelHub.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace IntelHub.Storage.Postgres;

/// <summary>
/// A bulk load's rows sent with binary COPY, one COPY per table, inside the load's transaction (so a failure rolls the
/// whole batch back). Each value is written with its PostgreSQL type named, never inferred from a column it might not match.
/// </summary>
internal static class PostgresBulkCopy
{
    public static async Task WriteAsync(NpgsqlConnection connection, SubmissionRows rows, CancellationToken cancellationToken)
    {
        foreach (var table in SubmissionTable.InWriteOrder)
        {
            if (rows[table].Count == 0) continue;
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY {table.Name} ({table.Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows[table])
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var value in row) await WriteValueAsync(importer, value, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
    }

    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken) => value switch
    {
        null or DBNull => importer.WriteNullAsync(cancellationToken),
        string text => importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken),
        long number => importer.WriteAsync(number, NpgsqlDbType.Bigint, cancellationToken),
        int number => importer.WriteAsync(number, NpgsqlDbType.Integer, cancellationToken),
        bool flag => importer.WriteAsync(flag, NpgsqlDbType.Boolean, cancellationToken),
        byte[] bytes => importer.WriteAsync(bytes, NpgsqlDbType.Bytea, cancellationToken),
        DateTimeOffset time => importer.WriteAsync(time, NpgsqlDbType.TimestampTz, cancellationToken),
        DateOnly day => importer.WriteAsync(day, NpgsqlDbType.Date, cancellationToken),
        _ => throw new ArgumentException($"A bulk-load value of type {value.GetType().Name} has no PostgreSQL column type here; add it to {nameof(PostgresBulkCopy)}.", nameof(value)),
    };
}
