namespace IntelHub.Storage;

/// <summary>
/// The database's schema was migrated by a newer build of IntelHub than this one. Running older code against it
/// could misread or damage data, so the store refuses to start; the message says which versions and what to do.
/// </summary>
public sealed class SchemaVersionException : Exception
{
    public SchemaVersionException()
    {
    }

    public SchemaVersionException(string message)
        : base(message)
    {
    }

    public SchemaVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal SchemaVersionException(string database, int foundVersion, int knownVersion)
        : base($"The {database} database is at schema version {foundVersion}, but this build of IntelHub knows schema versions " +
               $"up to {knownVersion} only. A newer IntelHub has migrated it. Run IntelHub at that version or later against this " +
               "database, or point this build at another database (or a backup taken before the upgrade). Nothing was changed.")
    {
        FoundVersion = foundVersion;
        KnownVersion = knownVersion;
    }

    /// <summary>The schema version found in the database.</summary>
    public int FoundVersion { get; }

    /// <summary>The newest schema version this build knows.</summary>
    public int KnownVersion { get; }
}
