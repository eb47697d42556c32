namespace IntelHub.Storage.Relational;

/// <summary>
/// The profile summary an item carries in four columns of <c>items</c> (SQLite migration 0009, PostgreSQL 0008): its
/// themes, areas, entity keys and people, each list joined with <see cref="Separator"/>, NULL when empty. A problem
/// profile reads these with the item's row instead of seeking each item in four side tables. Written with the item;
/// the encoding is the one the migrations' backfill builds from the side tables, so old and new items read alike.
/// </summary>
internal static class ProfileSummary
{
    /// <summary>Separates a list's values (the ASCII unit separator, in no theme, area code or stored key).</summary>
    public const char Separator = '\u001f';

    /// <summary>The columns, in the order <see cref="SubmissionTable.Items"/> lists them.</summary>
    public const string Columns = "profile_themes, profile_areas, profile_entities, profile_people";

    public static string? Join(IReadOnlyCollection<string> values) => values.Count == 0 ? null : string.Join(Separator, values);

    /// <summary>Entities as "kind|match key" (a kind holds no '|'), in the side table's ordinal order.</summary>
    public static string? Entities(IReadOnlyCollection<EntityKey> entities) =>
        Join(entities.Select(e => $"{e.Kind}|{e.MatchKey}").ToList());

    /// <summary>People as "role|nationality|person key" (a role or code holds no '|'), in <see cref="InOrder"/>.</summary>
    public static string? People(IReadOnlyCollection<ItemPerson> people) =>
        Join(people.Select(p => $"{p.Role}|{p.Nationality}|{p.PersonKey}").ToList());

    /// <summary>People by role, nationality and key (the order the backfill aggregates them in): the table has no ordinal.</summary>
    public static List<ItemPerson> InOrder(IEnumerable<ItemPerson> people) =>
        [.. people.OrderBy(p => p.Role, StringComparer.Ordinal).ThenBy(p => p.Nationality, StringComparer.Ordinal).ThenBy(p => p.PersonKey, StringComparer.Ordinal)];
}
