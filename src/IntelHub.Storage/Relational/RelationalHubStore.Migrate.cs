using System.Data.Common;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    /// <summary>The schema version this build migrates databases to.</summary>
    public int LatestSchemaVersion => Migrations.Latest;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var migrationLock = await LockForMigrationAsync(connection, cancellationToken);

        await using (var transaction = await BeginWriteTransactionAsync(connection, cancellationToken))
        {
            await connection.Command(MigrationsTableSql, transaction).ExecuteAsync(cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
        }

        // Refuse before touching anything when a newer build has been here, even if nothing is left to apply.
        await AppliedVersionAsync(connection, null, cancellationToken);

        foreach (var migration in Migrations.All)
        {
            await using var transaction = await BeginWriteTransactionAsync(connection, cancellationToken);
            // Read again inside the write transaction: on SQLite another process may have migrated meanwhile
            // (its write lock, not an advisory lock, is what keeps two SQLite migrators apart).
            if (await AppliedVersionAsync(connection, transaction, cancellationToken) >= migration.Version) continue;

            await connection.Command(migration.Sql, transaction).ExecuteAsync(cancellationToken);
            await connection.Command(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)", transaction)
                .With("version", migration.Version)
                .With("name", migration.Name)
                .With("applied_at", Timestamp(Now()))
                .ExecuteAsync(cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
        }
    }

    /// <summary>The newest applied migration (0 for an empty database); throws when it is newer than this build knows.</summary>
    private async Task<int> AppliedVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = (int)(await connection.Command("SELECT MAX(version) FROM schema_migrations", transaction)
            .Int64OrNullAsync(cancellationToken) ?? 0);
        if (applied > Migrations.Latest) throw new SchemaVersionException(EngineName, applied, Migrations.Latest);
        return applied;
    }
}
