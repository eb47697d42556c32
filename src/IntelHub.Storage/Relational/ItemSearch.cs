using System.Text;

namespace IntelHub.Storage.Relational;

/// <summary>
/// The SQL for a search, built from constant fragments with every value as a parameter. Each filter maps onto an
/// index: the keyset (created_at, item_id) on ix_items_created; areas, themes and entity keys on the primary keys
/// of item_areas (area, item_id), item_themes (theme, item_id) or its exploitation-type index, and item_entities
/// (kind, match_key, item_id). With an entitled agency the search starts from that agency's range of the entitlement
/// index (agency_id, created_at, item_id) instead, in the same keyset order. Words go to the engine's text index
/// (<see cref="TextSearchSql"/>) as bound parameters of letters and digits only.
/// </summary>
internal sealed class ItemSearch
{
    public const int MaximumLimit = 1000;

    private readonly StringBuilder _where = new();
    private readonly List<(string Name, object Value)> _parameters = [];

    private ItemSearch()
    {
    }

    public string Sql { get; private set; } = "";

    public IReadOnlyList<(string Name, object Value)> Parameters => _parameters;

    /// <summary>The search, or null when a filter is an empty list and so nothing can match.</summary>
    public static ItemSearch? For(ItemQuery query, Func<DateTimeOffset, object> timestamp, TextSearchSql text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaximumLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"ItemQuery.Limit must be between 1 and {MaximumLimit}.");
        }
        if (query.Kinds is { Count: 0 } || query.Themes is { Count: 0 } || query.Areas is { Count: 0 } ||
            query.Gradings is { Count: 0 } || query.Entities is { Count: 0 } || query.Words is { Count: 0 })
        {
            return null;
        }

        var search = new ItemSearch();
        // The keyset columns: the entitlement index's own copy of (created_at, item_id) when the search starts there
        // (unaliased, so that plans name the index's table).
        var keyset = query.EntitledAgency is null ? "i" : "item_entitlements";
        if (query.EntitledAgency is { } agency) search.Condition("item_entitlements.agency_id = @entitled_agency", ("entitled_agency", agency));
        search.In("i.kind", "kind", query.Kinds);
        search.In("i.grading", "grading", query.Gradings);
        if (query.Areas is { } areas)
        {
            search.Condition($"i.item_id IN (SELECT a.item_id FROM item_areas a WHERE a.area IN ({search.Values("area", areas)}))");
        }
        if (query.Themes is { } themes)
        {
            var exact = themes.Where(t => !t.EndsWith(Themes.AnyAgeGroup, StringComparison.Ordinal)).ToArray();
            var anyAge = themes.Where(t => t.EndsWith(Themes.AnyAgeGroup, StringComparison.Ordinal)).Select(Themes.ExploitationType).ToArray();
            var matches = new List<string>();
            if (exact.Length > 0) matches.Add($"t.theme IN ({search.Values("theme", exact)})");
            if (anyAge.Length > 0) matches.Add($"t.exploitation_type IN ({search.Values("exploitation_type", anyAge)})");
            search.Condition($"i.item_id IN (SELECT t.item_id FROM item_themes t WHERE {string.Join(" OR ", matches)})");
        }
        // An item's period is [from, to]; with one end missing it is that one moment; with neither it matches no period filter.
        if (query.OccurredFrom is { } occurredFrom)
        {
            search.Condition("COALESCE(i.occurred_to, i.occurred_from) >= @occurred_from", ("occurred_from", timestamp(occurredFrom)));
        }
        if (query.OccurredTo is { } occurredTo)
        {
            search.Condition("COALESCE(i.occurred_from, i.occurred_to) <= @occurred_to", ("occurred_to", timestamp(occurredTo)));
        }
        if (query.CreatedFrom is { } from) search.Condition($"{keyset}.created_at >= @created_from", ("created_from", timestamp(from)));
        if (query.CreatedTo is { } to) search.Condition($"{keyset}.created_at < @created_to", ("created_to", timestamp(to)));
        if (!query.IncludeDisposed) search.Condition("i.disposed_at IS NULL");
        if (query.Entities is { } entities)
        {
            var keys = new StringBuilder();
            var index = 0;
            foreach (var entity in entities.DistinctBy(e => (e.Kind, e.MatchKey)))
            {
                keys.Append(index == 0 ? "" : " OR ").Append($"(e.kind = @entity_kind{index} AND e.match_key = @entity_key{index})");
                search._parameters.Add(($"entity_kind{index}", entity.Kind));
                search._parameters.Add(($"entity_key{index}", entity.MatchKey));
                index++;
            }
            search.Condition($"i.item_id IN (SELECT e.item_id FROM item_entities e WHERE {keys})");
        }
        var found = "";
        if (query.Words is { } words)
        {
            search._parameters.AddRange(text.Parameters(TextWords.Checked(words)));
            search.Condition(text.AnyText);
            found = $", CASE WHEN {text.SanitisedText} THEN {(int)WordsFound.SanitisedText} ELSE {(int)WordsFound.FullText} END";
        }
        if (query.After is { } after)
        {
            // Row-value comparison: both engines use it as an index range on (created_at, item_id).
            search.Condition($"({keyset}.created_at, {keyset}.item_id) > (@after_created_at, @after_item_id)",
                ("after_created_at", timestamp(after.CreatedAt)), ("after_item_id", after.ItemId));
        }
        search._parameters.Add(("limit", query.Limit));
        var source = query.EntitledAgency is null ? "items i" : "item_entitlements JOIN items i ON i.item_id = item_entitlements.item_id";
        search.Sql = $"SELECT {ItemRows.Columns}{found} FROM {source}{search._where} ORDER BY {keyset}.created_at, {keyset}.item_id LIMIT @limit";
        return search;
    }

    private void Condition(string condition, params (string Name, object Value)[] parameters)
    {
        _where.Append(_where.Length == 0 ? " WHERE " : " AND ").Append(condition);
        _parameters.AddRange(parameters);
    }

    private void In(string column, string name, IReadOnlyList<string>? values)
    {
        if (values is not null) Condition($"{column} IN ({Values(name, values)})");
    }

    /// <summary>Adds the distinct values as parameters name0, name1, ... and returns their placeholders for an IN list.</summary>
    private string Values(string name, IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < distinct.Length; i++) _parameters.Add(($"{name}{i}", distinct[i]));
        return string.Join(", ", distinct.Select((_, i) => $"@{name}{i}"));
    }
}
