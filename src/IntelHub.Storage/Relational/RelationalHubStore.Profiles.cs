using System.Data.Common;
using System.Runtime.CompilerServices;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    public async IAsyncEnumerable<ProfileRow> ReadProfileRowsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (periodEnd <= periodStart) throw new ArgumentOutOfRangeException(nameof(periodEnd), "The period must end after it starts.");
        // One statement: both engines read it from one snapshot (SQLite in WAL mode, PostgreSQL's statement snapshot)
        // and take no write lock. The per-item lists come from the item's own row (its profile summary), not from the
        // side tables: one row read per item, no index seek per item and list.
        var sql =
            "SELECT i.item_id, i.kind, i.originator_agency_id, i.classification, i.grading, i.legacy_grading, i.handling_conditions, " +
            "i.personal_data_categories, CASE WHEN i.sanitised_text IS NULL OR i.sanitised_text = '' THEN 0 ELSE 1 END, " +
            "COALESCE(i.occurred_from, i.occurred_to, i.created_at), COALESCE(i.occurred_to, i.occurred_from, i.created_at), i.review_date, " +
            "CASE WHEN i.disposed_at IS NULL THEN 0 ELSE 1 END, " +
            "i.profile_themes, i.profile_areas, i.profile_entities, i.profile_people " +
            "FROM items i WHERE COALESCE(i.occurred_from, i.occurred_to, i.created_at) < @to " +
            "AND COALESCE(i.occurred_to, i.occurred_from, i.created_at) >= @from";
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(sql).With("from", Timestamp(periodStart)).With("to", Timestamp(periodEnd));
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // The JSON lists (handling conditions, personal data) and the theme and area sets take few distinct values:
        // each is parsed once, and rows with the same value share one list (which lets a reader memoise on it cheaply).
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var sets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        IReadOnlyList<string> List(int ordinal)
        {
            var json = reader.GetString(ordinal);
            if (!lists.TryGetValue(json, out var list)) lists.Add(json, list = JsonList.Read(json));
            return list;
        }
        string[] Set(int ordinal)
        {
            if (reader.IsDBNull(ordinal)) return [];
            var joined = reader.GetString(ordinal);
            if (!sets.TryGetValue(joined, out var set)) sets.Add(joined, set = joined.Split(ProfileSummary.Separator));
            return set;
        }
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new ProfileRow
            {
                ItemId = reader.GetString(0),
                Kind = reader.GetString(1),
                OriginatorAgencyId = reader.GetString(2),
                Classification = reader.GetString(3),
                Grading = reader.NullableString(4),
                LegacyGrading = reader.NullableString(5),
                HandlingConditions = List(6),
                PersonalDataCategories = List(7),
                HasSanitisedText = reader.GetInt32(8) == 1,
                EventsFrom = ReadTimestamp(reader, 9),
                EventsTo = ReadTimestamp(reader, 10),
                ReviewDate = reader.GetFieldValue<DateOnly>(11),
                Disposed = reader.GetInt32(12) == 1,
                Themes = Set(13),
                Areas = Set(14),
                Entities = EntityPairs(reader, 15),
                People = [.. Split(reader, 16).Select(Person)],
            };
        }
    }

    private static string[] Split(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetString(ordinal).Split(ProfileSummary.Separator);

    /// <summary>A person as joined in the read: role, nationality and match key (a role or code holds no '|').</summary>
    private static ItemPerson Person(string joined)
    {
        var first = joined.IndexOf('|', StringComparison.Ordinal);
        var second = joined.IndexOf('|', first + 1);
        return new ItemPerson(joined[..first], joined[(first + 1)..second], joined[(second + 1)..]);
    }

    /// <summary>An item's entities as (kind, match key), read from the joined list without splitting it into strings first.</summary>
    private static List<(string Kind, string MatchKey)> EntityPairs(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return [];
        var joined = reader.GetString(ordinal);
        var pairs = new List<(string Kind, string MatchKey)>(1);
        foreach (var range in joined.AsSpan().Split(ProfileSummary.Separator))
        {
            var part = joined.AsSpan(range);
            var bar = part.IndexOf('|');
            pairs.Add((KindName(part[..bar]), part[(bar + 1)..].ToString()));
        }
        return pairs;
    }

    /// <summary>The stored entity kind as one shared string per kind (a million rows name six kinds).</summary>
    private static string KindName(ReadOnlySpan<char> kind) => kind switch
    {
        "person" => "person",
        "location" => "location",
        "vehicle" => "vehicle",
        "phone-number" => "phone-number",
        "organisation" => "organisation",
        "business" => "business",
        _ => kind.ToString(),
    };
}
