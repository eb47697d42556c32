using IntelHub.Storage.Postgres;
using IntelHub.Storage.Sqlite;

namespace IntelHub.Storage;

/// <summary>Which database holds the hub's store.</summary>
public enum StoreEngine
{
    /// <summary>An embedded SQLite file: the default, nothing to install.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: for several hub replicas.</summary>
    Postgres,
}

/// <summary>
/// The store's settings, as bound from configuration (section <c>Storage</c>). Safe default: an embedded SQLite file
/// under ./data. <see cref="Validate"/> names the setting to fix; <see cref="Open"/> refuses invalid settings.
/// </summary>
public sealed record StoreSettings
{
    public const string SectionName = "Storage";

    public StoreEngine Engine { get; init; } = StoreEngine.Sqlite;

    /// <summary>The SQLite file (created with its folder when missing). Used when <see cref="Engine"/> is Sqlite.</summary>
    public string SqlitePath { get; init; } = Path.Combine(".", "data", "intelhub.db");

    /// <summary>
    /// The most the SQLite file may grow to, in megabytes; unset: as large as the disk allows. When it is
    /// reached, writes are refused as the store being full (as on a full disk) and reads go on.
    /// </summary>
    public int? SqliteMaxSizeMegabytes { get; init; }

    /// <summary>An Npgsql connection string. Required when <see cref="Engine"/> is Postgres; keep its password out of files in the repository.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>What is wrong with these settings, each naming the setting and what to do; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SqliteMaxSizeMegabytes is < 1)
            errors.Add($"{SectionName}:{nameof(SqliteMaxSizeMegabytes)} is {SqliteMaxSizeMegabytes}; give a size of at least 1 (megabytes), or leave it unset for no limit.");
        switch (Engine)
        {
            case StoreEngine.Sqlite when string.IsNullOrWhiteSpace(SqlitePath):
                errors.Add($"{SectionName}:{nameof(SqlitePath)} is empty; set it to the SQLite file to use, e.g. ./data/intelhub.db.");
                break;
            case StoreEngine.Postgres when string.IsNullOrWhiteSpace(PostgresConnectionString):
                errors.Add($"{SectionName}:{nameof(PostgresConnectionString)} is required when {SectionName}:{nameof(Engine)} is Postgres; " +
                           "set it to an Npgsql connection string, e.g. Host=db;Database=intelhub;Username=intelhub (password from a secret store).");
                break;
            case StoreEngine.Postgres when !PostgresHubStore.IsWellFormed(PostgresConnectionString!, out var problem):
                // The connection string itself is never repeated: it may hold a password.
                errors.Add($"{SectionName}:{nameof(PostgresConnectionString)} is not a valid Npgsql connection string ({problem}).");
                break;
            case StoreEngine.Sqlite or StoreEngine.Postgres:
                break;
            default:
                errors.Add($"{SectionName}:{nameof(Engine)} is '{Engine}'; use Sqlite or Postgres.");
                break;
        }
        return errors;
    }

    /// <summary>Opens the configured store (call <see cref="IHubStore.MigrateAsync"/> next). Throws with every problem when the settings are invalid.</summary>
    public IHubStore Open(TimeProvider? clock = null)
    {
        var errors = Validate();
        if (errors.Count > 0) throw new InvalidOperationException("The storage settings are invalid: " + string.Join(" ", errors));
        return Engine == StoreEngine.Postgres
            ? PostgresHubStore.Open(PostgresConnectionString!, clock)
            : new SqliteHubStore(SqlitePath, clock) { MaxSizeMegabytes = SqliteMaxSizeMegabytes };
    }
}
