using IntelHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace IntelHub.Search.Benchmarks;

/// <summary>
/// A migrated SQLite store filled by SQL in one transaction: the entitlement index gets the rows a submission's writer
/// adds (the originator's and each permitted recipient's), the triggers fill the text indexes. Item n comes from force (n mod 4) and is routed in full to the other three forces
/// (so a force's analyst is entitled to every item) and sanitised to one of 20 partners chosen by a multiplicative hash of n (so a partner is entitled to 1 in 20,
/// independently of the areas, themes and entities, which follow n's residues).
/// It concerns one of 22 areas; its theme is domestic servitude for 1 in 50, sexual exploitation for 1 in 3, else
/// labour. Entities have a long tail: 1 item in 100 names one of 20 recurring phone numbers, the rest a number of
/// their own; 1 in 40 names one of 10 recurring addresses. Every sanitised text holds "workers" and "housed" and a
/// unit number of 1,499; every full text a site number of 997.
/// </summary>
internal static class SeededStore
{
    public const int Partners = 20;
    public const string Partner = "partner-07";
    public const string Analyst = "force-1";
    public const string Area = "W06000015";
    public const string RareTheme = "domestic-servitude/*";
    public const string RecurringPhone = "+447700900007";
    public const string RecurringAddress = "cf24 2ab|7 dock street";
    public static readonly IReadOnlyList<string> CommonWords = ["workers", "housed"];
    /// <summary>In about 1 sanitised text in 1,499.</summary>
    public static readonly IReadOnlyList<string> RareSanitisedWords = ["unit", "77"];
    /// <summary>In about 1 full text in 997.</summary>
    public static readonly IReadOnlyList<string> RareFullTextWords = ["site", "123"];
    public static readonly DateTimeOffset First = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The store at <paramref name="path"/>: seeded with <paramref name="items"/> items, or, with <paramref name="reuse"/> and a file there, as it is (migrated to this build).</summary>
    public static async Task<(SqliteHubStore Store, bool Seeded)> OpenAsync(string path, int items, bool reuse)
    {
        var existed = reuse && File.Exists(path);
        var store = new SqliteHubStore(path);
        await store.MigrateAsync(CancellationToken.None);
        if (existed) return (store, false);
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
                   'Workers at a site in area ' || (n % 22) || ' may be housed on site, unit ' || (n % 1499) || '.', 'digest-' || n
            FROM g;
            INSERT INTO items_text (rowid, title, full_text, sanitised_text) SELECT rowid, title, full_text, sanitised_text FROM items;
            INSERT INTO items_sanitised_text (rowid, sanitised_text) SELECT rowid, sanitised_text FROM items;
            INSERT INTO item_areas (area, item_id, ordinal) SELECT printf('W060000%02d', (rowid % 22) + 1), item_id, 0 FROM items;
            INSERT INTO item_themes (theme, exploitation_type, item_id, ordinal)
                SELECT t, substr(t, 1, instr(t, '/') - 1), item_id, 0
                FROM (SELECT item_id, CASE WHEN rowid % 50 = 0 THEN 'domestic-servitude/adult' WHEN rowid % 3 = 0 THEN 'sexual/adult' ELSE 'labour/adult' END AS t FROM items);
            INSERT INTO item_entities (kind, match_key, item_id, ordinal, as_typed)
                SELECT 'phone-number', CASE WHEN rowid % 100 = 0 THEN printf('+4477009000%02d', (rowid / 100) % 20) ELSE printf('+4478%09d', rowid) END, item_id, 0, 'seeded' FROM items;
            INSERT INTO item_entities (kind, match_key, item_id, ordinal, as_typed)
                SELECT 'address', printf('cf24 2ab|%d dock street', (rowid / 40) % 10), item_id, 1, 'seeded' FROM items WHERE rowid % 40 = 0;
            UPDATE items SET
                profile_themes = (SELECT t.theme FROM item_themes t WHERE t.item_id = items.item_id),
                profile_areas = (SELECT a.area FROM item_areas a WHERE a.item_id = items.item_id),
                profile_entities = (SELECT group_concat(e.kind || '|' || e.match_key, char(31) ORDER BY e.ordinal) FROM item_entities e WHERE e.item_id = items.item_id);
            INSERT INTO routing_decisions (item_id, recipient_agency_id, permitted, view, obligations, reasons)
                SELECT item_id, 'force-' || ((rowid + 1) % 4), 1, 'full', '[]', 'seeded' FROM items
                UNION ALL SELECT item_id, 'force-' || ((rowid + 2) % 4), 1, 'full', '[]', 'seeded' FROM items
                UNION ALL SELECT item_id, 'force-' || ((rowid + 3) % 4), 1, 'full', '[]', 'seeded' FROM items
                UNION ALL SELECT item_id, printf('partner-%02d', ((rowid * 2654435761) % 4294967296) * {Partners} / 4294967296), 1, 'sanitised', '[]', 'seeded' FROM items;
            INSERT OR IGNORE INTO item_entitlements (agency_id, created_at, item_id)
                SELECT originator_agency_id, created_at, item_id FROM items
                UNION ALL SELECT r.recipient_agency_id, i.created_at, i.item_id FROM routing_decisions r JOIN items i ON i.item_id = r.item_id WHERE r.permitted = 1;
            COMMIT;
            ANALYZE;
            """;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
        return (store, true);
    }

    public static string IdOf(int n) => $"item-{n:00000000}";

    public static DateTimeOffset CreatedAtOf(int n) => First.AddSeconds(n);
}
