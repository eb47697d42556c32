using System.Text;

namespace IntelHub.Storage.Relational;

/// <summary>Where a search starts reading: the keyset walk, or the matches of one selective filter.</summary>
internal enum SearchStart
{
    /// <summary>In (created_at, item_id) order: the caller's range of the entitlement index, or every item; each filter probed per row.</summary>
    Keyset,
    Areas,
    Themes,
    Entities,
    Words,
}

/// <summary>
/// The SQL for a search, built from constant fragments with every value as a parameter. A search can start from two
/// places and gives the same rows, in the same order, from either (<see cref="SearchStart"/>):
/// <list type="bullet">
/// <item>the keyset walk: the entitled agency's range of the entitlement index (agency_id, created_at, item_id), or
/// ix_items_created (created_at, item_id) without one, read in order, each filter probed per row on its own index
/// (areas and themes by item id, entities by (kind, match_key, item_id), words by the text index and rowid). Cheap
/// when a page's worth of rows is found early: the filters are common.</item>
/// <item>a rare filter's matches (at most <see cref="RareMatches"/> of them, counted by <see cref="CountSql"/>):
/// read from that filter's index, the entitlement checked by a probe of the full key (agency_id, created_at,
/// item_id), the other filters probed, and the few rows sorted.</item>
/// </list>
/// Words go to the engine's text index (<see cref="TextSearchSql"/>) as bound parameters of letters and digits only.
/// </summary>
internal sealed class ItemSearch
{
    public const int MaximumLimit = 1000;

    /// <summary>A filter with at most this many matches among all items starts the search; more, and the keyset walk does.</summary>
    public const int RareMatches = 2000;

    private readonly ItemQuery _query;
    private readonly string _joinInOrder;
    private readonly List<string> _rowConditions = [];
    private readonly List<(SearchStart Start, Func<string, string> Probe, string Matches, string Key)> _filters = [];
    private readonly List<(string Name, object Value)> _parameters = [];
    private string _found = "";

    private ItemSearch(ItemQuery query, string joinInOrder)
    {
        _query = query;
        _joinInOrder = joinInOrder;
    }

    public IReadOnlyList<(string Name, object Value)> Parameters => _parameters;

    /// <summary>The filters that may start the search, in the order <see cref="CountSql"/> returns their counts.</summary>
    public IReadOnlyList<SearchStart> Starts => [.. _filters.Select(f => f.Start)];

    /// <summary>
    /// One row of each filter's match count among all items, capped at <see cref="RareMatches"/> + 1 so that it costs
    /// at most that many index entries; null when the query has no such filter. The counts choose only where to start:
    /// both starts give the same rows, so what they count never shapes a result.
    /// </summary>
    public string? CountSql => _filters.Count == 0
        ? null
        : "SELECT " + string.Join(", ", _filters.Select(f => $"(SELECT COUNT(*) FROM ({f.Matches} LIMIT {RareMatches + 1}) counted)"));

    /// <summary>The start for these capped counts (in <see cref="Starts"/> order): the rarest filter at or under the cap, else the keyset walk.</summary>
    public SearchStart Choose(IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var start = SearchStart.Keyset;
        long fewest = RareMatches + 1;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] < fewest)
            {
                fewest = counts[i];
                start = _filters[i].Start;
            }
        }
        return start;
    }

    /// <summary>The search, or null when a filter is an empty list and so nothing can match.</summary>
    public static ItemSearch? For(ItemQuery query, Func<DateTimeOffset, object> timestamp, TextSearchSql text, string joinInOrder)
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

        var search = new ItemSearch(query, joinInOrder);
        if (query.EntitledAgency is { } agency) search._parameters.Add(("entitled_agency", agency));
        search.In("i.kind", "kind", query.Kinds);
        search.In("i.grading", "grading", query.Gradings);
        if (query.Areas is { } areas)
        {
            var match = $"a.area IN ({search.Values("area", areas)})";
            search._filters.Add((SearchStart.Areas, id => $"EXISTS (SELECT 1 FROM item_areas a WHERE a.item_id = {id} AND {match})",
                $"SELECT DISTINCT a.item_id AS k FROM item_areas a WHERE {match}", "item_id"));
        }
        if (query.Themes is { } themes)
        {
            var exact = themes.Where(t => !t.EndsWith(Themes.AnyAgeGroup, StringComparison.Ordinal)).ToArray();
            var anyAge = themes.Where(t => t.EndsWith(Themes.AnyAgeGroup, StringComparison.Ordinal)).Select(Themes.ExploitationType).ToArray();
            var matches = new List<string>();
            if (exact.Length > 0) matches.Add($"t.theme IN ({search.Values("theme", exact)})");
            if (anyAge.Length > 0) matches.Add($"t.exploitation_type IN ({search.Values("exploitation_type", anyAge)})");
            var match = $"({string.Join(" OR ", matches)})";
            search._filters.Add((SearchStart.Themes, id => $"EXISTS (SELECT 1 FROM item_themes t WHERE t.item_id = {id} AND {match})",
                $"SELECT DISTINCT t.item_id AS k FROM item_themes t WHERE {match}", "item_id"));
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
        if (query.CreatedFrom is { } from) search._parameters.Add(("created_from", timestamp(from)));
        if (query.CreatedTo is { } to) search._parameters.Add(("created_to", timestamp(to)));
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
            search._filters.Add((SearchStart.Entities, id => $"EXISTS (SELECT 1 FROM item_entities e WHERE e.item_id = {id} AND ({keys}))",
                $"SELECT DISTINCT e.item_id AS k FROM item_entities e WHERE {keys}", "item_id"));
        }
        if (query.Words is { } words)
        {
            search._parameters.AddRange(text.Parameters(TextWords.Checked(words)));
            search._filters.Add(query.WordsInSanitisedTextOnly
                ? (SearchStart.Words, _ => text.SanitisedText, text.SanitisedMatches, text.Key)
                : (SearchStart.Words, _ => text.AnyText, text.AnyMatches, text.Key));
            // Where the words were found, probed for the page's rows only (the outer query); matched in the sanitised text alone, there.
            search._found = query.WordsInSanitisedTextOnly
                ? $", {(int)WordsFound.SanitisedText}"
                : $", CASE WHEN {text.SanitisedText} THEN {(int)WordsFound.SanitisedText} ELSE {(int)WordsFound.FullText} END";
        }
        if (query.After is { } after)
        {
            search._parameters.Add(("after_created_at", timestamp(after.CreatedAt)));
            search._parameters.Add(("after_item_id", after.ItemId));
        }
        search._parameters.Add(("limit", query.Limit));
        return search;
    }

    /// <summary>
    /// The search's statement when it starts from <paramref name="start"/> (one of <see cref="Starts"/>, or the keyset
    /// walk). From a rare filter, an inner query finds the page's keys in order, cheap conditions first, and the outer
    /// one reads those rows (and where their words were found), so that neither the sort of the matches nor the text
    /// probes carry more than a page of full rows. The walk reads in order and stops at the limit, in one pass.
    /// </summary>
    public string Sql(SearchStart start)
    {
        var conditions = new List<string>(_rowConditions);
        var probes = new List<string>();
        string source;
        // The keyset columns: the entitlement index's own copy of (created_at, item_id) when the walk reads it
        // (unaliased, so that plans name the index's table); the item's otherwise. Both hold the same values: an
        // entitlement is written with its item's created_at (by the writer with the item's routing, and by the hub's refresh from the item).
        string keyset;
        if (start == SearchStart.Keyset)
        {
            if (_query.EntitledAgency is null)
            {
                source = "items i";
                keyset = "i";
            }
            else
            {
                source = $"item_entitlements {_joinInOrder} items i ON i.item_id = item_entitlements.item_id";
                keyset = "item_entitlements";
                conditions.Add("item_entitlements.agency_id = @entitled_agency");
            }
            // Probed by the walked key, so that an engine may test them before it reads the item's row.
            probes.AddRange(_filters.Select(f => f.Probe($"{keyset}.item_id")));
        }
        else
        {
            var first = _filters.Single(f => f.Start == start);
            source = $"({first.Matches}) matched {_joinInOrder} items i ON i.{first.Key} = matched.k";
            keyset = "i";
            if (_query.EntitledAgency is not null)
            {
                probes.Add("EXISTS (SELECT 1 FROM item_entitlements x WHERE x.agency_id = @entitled_agency AND x.created_at = i.created_at AND x.item_id = i.item_id)");
            }
            probes.AddRange(_filters.Where(f => f.Start != start).Select(f => f.Probe("i.item_id")));
        }
        if (_query.CreatedFrom is not null) conditions.Add($"{keyset}.created_at >= @created_from");
        if (_query.CreatedTo is not null) conditions.Add($"{keyset}.created_at < @created_to");
        // Row-value comparison: both engines use it as an index range on (created_at, item_id).
        if (_query.After is not null) conditions.Add($"({keyset}.created_at, {keyset}.item_id) > (@after_created_at, @after_item_id)");
        conditions.AddRange(probes);
        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        // The walk reads in order and stops at the limit: its rows need no second pass.
        if (start == SearchStart.Keyset) return $"SELECT {ItemRows.Columns}{_found} FROM {source}{where} ORDER BY {keyset}.created_at, {keyset}.item_id LIMIT @limit";
        var page = $"SELECT i.item_id AS page_item_id, {keyset}.created_at AS page_created_at FROM {source}{where} " +
            $"ORDER BY {keyset}.created_at, {keyset}.item_id LIMIT @limit";
        return $"SELECT {ItemRows.Columns}{_found} FROM ({page}) page {_joinInOrder} items i ON i.item_id = page.page_item_id " +
            "ORDER BY page.page_created_at, page.page_item_id";
    }

    private void Condition(string condition, params (string Name, object Value)[] parameters)
    {
        _rowConditions.Add(condition);
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
