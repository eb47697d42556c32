using System.CommandLine;
using System.Data.Common;
using System.Runtime.CompilerServices;
using IntelHub.Audit.Log;
using IntelHub.Storage;
using IntelHub.Storage.Postgres;
using IntelHub.Storage.Sqlite;

namespace IntelHub.Cli.Audit;

/// <summary>
/// The audit log as a hub keeps it, in its store (the embedded SQLite file or PostgreSQL), read for
/// export and verification without the hub running. Reading never writes: a SQLite file that does not
/// exist is refused rather than created.
/// </summary>
internal static class HubStoreLog
{
    private const int Page = 5000;

    public static Option<string?> StoreOption() => new("--store")
    {
        Description = "A hub's embedded store: its data directory or its intelhub.db file.",
    };

    public static Option<string?> PostgresOption() => new("--postgres")
    {
        Description = "A hub's PostgreSQL store, as an Npgsql connection string (a reader's account is enough).",
    };

    /// <summary>The store the options name, or null with the problem when they name none or both.</summary>
    public static IHubStore? Open(string? store, string? postgres, out string? problem)
    {
        problem = null;
        if (store is not null && postgres is not null)
        {
            problem = "Give --store or --postgres, not both.";
            return null;
        }

        if (postgres is not null)
        {
            if (!PostgresHubStore.IsWellFormed(postgres, out var malformed))
            {
                problem = $"The --postgres connection string is not valid: {malformed}";
                return null;
            }

            return PostgresHubStore.Open(postgres);
        }

        var file = Directory.Exists(store) ? Path.Combine(store, "intelhub.db") : store!;
        if (!File.Exists(file))
        {
            problem = $"No hub store at '{store}': give the hub's data directory (it holds intelhub.db) or the database file itself.";
            return null;
        }

        return new SqliteHubStore(file);
    }

    /// <summary>
    /// Writes the store's log to <paramref name="destination"/> in the export format. Checkpoints are read first,
    /// so a hub still running cannot sign a checkpoint over entries the export does not hold.
    /// </summary>
    public static async Task<long> ExportAsync(IHubStore store, string destination, CancellationToken cancellationToken)
    {
        var checkpoints = await store.ListCheckpointsAsync(cancellationToken);
        return await AuditLogExport.ExportAsync(checkpoints.Select(c => c.SignedNote), EntriesAsync(store, cancellationToken), destination, cancellationToken);
    }

    /// <summary>The errors reading a store can end in, for the command to report as "could not run".</summary>
    public static bool IsStoreProblem(Exception error) => error is DbException or SchemaVersionException;

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> EntriesAsync(IHubStore store, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = 0L;
        while (true)
        {
            var page = await store.ReadAuditAsync(next, Page, cancellationToken);
            foreach (var record in page)
            {
                if (record.Sequence != next)
                {
                    throw new InvalidDataException($"The store's audit log has no entry {next} (the next stored is {record.Sequence}): entries were removed. The export stops here.");
                }

                yield return record.CanonicalEntry;
                next++;
            }

            if (page.Count < Page)
            {
                yield break;
            }
        }
    }
}
