using IntelHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace IntelHub.Search.Benchmarks;

/// <summary>
/// A migrated SQLite store filled by SQL in one transaction (the triggers of migration 0003 fill the entitlement and
/// text indexes as they would for submissions): item n comes from one of four forces, concerns one of 22 areas,
/// names a phone number, and is routed in full to the RIU and sanitised to partner (n mod 20).
/// </summary>
internal static class SeededStore
{
    public const int Partners = 20;
    public const string Partner = "partner-07";
    public const string Area = "W06000015";
    public static readonly DateTimeOffset First = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<SqliteHubStore> CreateAsync(string path, int items)
    {
        var store = new SqliteHubStore(path);
        await store.MigrateAsync(CancellationToken.None);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            BEGIN;
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {items})
            INSERT INTO items (item_id, kind, originator_agency_id, submitted_by, classification, grading, handling_conditions,
                               personal_data_categories, review_date, created_at, title, full_text, sanitised_text, content_digest)
            SELECT printf('item-%08d', n), 'intelligence', 'force-' || (n % 4), 'officer-1', 'OFFICIAL-SENSITIVE', '1AP', '[]', '[]', '2032-01-01',
                   {(First - DateTimeOffset.UnixEpoch).Ticks / 10} + n * 1000000, 'Report ' || n,
                   'Source says workers at site ' || (n % 997) || ' are housed above the premises, contact ' || printf('0770090%04d', n % 9973),
                   'Workers at a site in area ' || (n % 22) || ' may be housed on site.', 'digest-' || n
            FROM g;
            INSERT INTO item_areas (area, item_id, ordinal) SELECT printf('W060000%02d', (rowid % 22) + 1), item_id, 0 FROM items;
            INSERT INTO item_themes (theme, exploitation_type, item_id, ordinal)
                SELECT CASE rowid % 3 WHEN 0 THEN 'sexual/adult' ELSE 'labour/adult' END, CASE rowid % 3 WHEN 0 THEN 'sexual' ELSE 'labour' END, item_id, 0 FROM items;
            INSERT INTO item_entities (kind, match_key, item_id, ordinal, as_typed)
                SELECT 'phone-number', printf('+44770090%04d', rowid % 9973), item_id, 0, 'seeded' FROM items;
            INSERT INTO routing_decisions (item_id, recipient_agency_id, permitted, view, obligations, reasons)
                SELECT item_id, 'wales-riu', 1, 'full', '[]', 'seeded' FROM items
                UNION ALL SELECT item_id, printf('partner-%02d', rowid % {Partners}), 1, 'sanitised', '[]', 'seeded' FROM items;
            COMMIT;
            ANALYZE;
            """;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
        return store;
    }

    /// <summary>Whether the seed routed item n to <see cref="Partner"/> (what the reader decision stands for in the baseline).</summary>
    public static bool RoutedToPartner(string itemId) => int.Parse(itemId.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture) % Partners == 7;

    public static string IdOf(int n) => $"item-{n:00000000}";

    public static DateTimeOffset CreatedAtOf(int n) => First.AddSeconds(n);
}
