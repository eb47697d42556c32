using System.Globalization;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Compilation;
using IntelHub.Storage;

namespace IntelHub.Server.Profiles;

/// <summary>
/// The figures of a problem profile, counted row by row as the store streams them: every figure for the period and,
/// for the trend, for the previous period of the same length. Holds counts and link candidates, never content.
/// </summary>
/// <remarks>
/// Definitions (docs/problem-profiles.md): an item is in a period when its events overlap it; its month is the month
/// its events began in, or the period's first month when they began earlier; an item about a council area counts
/// for the council and its police force area, one about a force area for the force only; a link is an entity (by
/// normalised match key) in items from two or more agencies.
/// </remarks>
internal sealed class ProfileTally(ProfileSpec spec, AreaCatalogue areas, Func<string, bool> isPartner)
{
    /// <summary>Item ids kept per link, the first in ordinal order (whatever order the store reads them in): enough to follow it up; the count says how many there are.</summary>
    public const int MaxIdsPerLink = 20;

    internal sealed class Pair
    {
        public int Current;
        public int Previous;
    }

    internal sealed class Link
    {
        public required string FirstAgency;
        /// <summary>Every agency, once a second one is seen: a short list (a link spans a few agencies of some forty).</summary>
        public List<string>? Agencies;
        public readonly List<string> ItemIds = [];
        public int Items;
        public int AgencyCount => Agencies?.Count ?? 1;
    }

    public Pair Total { get; } = new();
    public Dictionary<string, Pair> ByTheme { get; } = new(StringComparer.Ordinal);
    public Dictionary<ExploitationType, Pair> ByExploitation { get; } = [];
    public Dictionary<AgeGroup, Pair> ByAgeGroup { get; } = [];
    public Dictionary<string, Pair> ByCouncil { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Pair> ByForce { get; } = new(StringComparer.Ordinal);
    public int Information { get; private set; }
    public int Intelligence { get; private set; }
    public int Products { get; private set; }
    public int ReliableSource { get; private set; }
    public int SingleUncorroborated { get; private set; }
    public Dictionary<(string Kind, string Key), Link> Links { get; } = [];
    /// <summary>Distinct people (by match key) per (role, nationality) in the period's items.</summary>
    public Dictionary<(string Role, string Nationality), HashSet<string>> People { get; } = [];
    public HashSet<string> Originators { get; } = new(StringComparer.Ordinal);
    public HashSet<string> PartnerInformationAreas { get; } = new(StringComparer.Ordinal);
    public HashSet<string> PartnerInformationThemes { get; } = new(StringComparer.Ordinal);
    public HashSet<string> IntelligenceAreas { get; } = new(StringComparer.Ordinal);
    public HashSet<string> IntelligenceThemes { get; } = new(StringComparer.Ordinal);
    /// <summary>Every item id counted in the period, for the audit log's commitment.</summary>
    public List<string> ItemIds { get; } = [];
    private readonly HashSet<string> _areaFilter = [.. spec.Areas];
    private readonly HashSet<string> _themeFilter = [.. spec.Themes.Select(t => t.ToString())];

    /// <summary>What a set of stored themes counts under: parsed once per distinct set in a compile.</summary>
    private sealed record ThemeFacts(string[] Names, Pair[] Themes, Pair[] Exploitations, Pair[] AgeGroups);

    /// <summary>What a set of stored areas counts under: councils, their forces and force areas, once per distinct set.</summary>
    private sealed record AreaFacts(string[] Areas, Pair[] Councils, Pair[] Forces);

    private readonly Dictionary<IReadOnlyList<string>, ThemeFacts> _themeSets = new(StoredSet.Comparer);
    private readonly Dictionary<IReadOnlyList<string>, AreaFacts> _areaSets = new(StoredSet.Comparer);
    private readonly Dictionary<(int Year, int Month), int> _months = [];

    private ThemeFacts ThemesOf(IReadOnlyList<string> stored)
    {
        if (_themeSets.TryGetValue(stored, out var facts)) return facts;
        var themes = stored.Select(t => Theme.TryParse(t, out var parsed, out _) ? parsed : null).OfType<Theme>().Distinct().ToList();
        facts = new ThemeFacts(
            [.. themes.Select(t => t.ToString())],
            [.. themes.Select(t => Of(ByTheme, t.ToString()))],
            [.. themes.Select(t => t.Exploitation).Distinct().Select(e => Of(ByExploitation, e))],
            [.. themes.Select(t => t.AgeGroup).Distinct().Select(a => Of(ByAgeGroup, a))]);
        _themeSets.Add(stored, facts);
        return facts;
    }

    private AreaFacts AreasOf(IReadOnlyList<string> stored)
    {
        if (_areaSets.TryGetValue(stored, out var facts)) return facts;
        var councils = stored.Where(a => ForceOf(a) is not null).Distinct().ToList();
        var forces = stored.Select(a => ForceOf(a) ?? (areas.ByGss(a) is null ? null : a)).OfType<string>().Distinct().ToList();
        facts = new AreaFacts(
            [.. councils.Concat(forces)],
            [.. councils.Select(c => Of(ByCouncil, c))],
            [.. forces.Select(f => Of(ByForce, f))]);
        _areaSets.Add(stored, facts);
        return facts;
    }

    /// <summary>Whether the row is about the areas and themes the profile covers.</summary>
    public bool InScope(ProfileRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (_themeFilter.Count == 0 || row.Themes.Any(_themeFilter.Contains))
            && (_areaFilter.Count == 0 || row.Areas.Any(a => _areaFilter.Contains(a) || (ForceOf(a) is { } force && _areaFilter.Contains(force))));
    }

    /// <summary>Counts a row the caller may compile and that is in scope.</summary>
    public void Add(ProfileRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var current = row.EventsFrom < spec.To && row.EventsTo >= spec.From;
        var previous = row.EventsFrom < spec.From && row.EventsTo >= spec.PreviousFrom;
        if (!current && !previous) return;

        Count(Total, current, previous);
        var themes = ThemesOf(row.Themes);
        var places = AreasOf(row.Areas);
        foreach (var pair in themes.Themes) Count(pair, current, previous);
        foreach (var pair in themes.Exploitations) Count(pair, current, previous);
        foreach (var pair in themes.AgeGroups) Count(pair, current, previous);
        foreach (var pair in places.Councils) Count(pair, current, previous);
        foreach (var pair in places.Forces) Count(pair, current, previous);
        if (!current) return;

        ItemIds.Add(row.ItemId);
        Originators.Add(row.OriginatorAgencyId);
        var began = (row.EventsFrom < spec.From ? spec.From : row.EventsFrom).UtcDateTime;
        var month = (began.Year, began.Month);
        _months[month] = _months.GetValueOrDefault(month) + 1;
        switch (row.Kind)
        {
            case "information":
                Information++;
                if (isPartner(row.OriginatorAgencyId))
                {
                    PartnerInformationAreas.UnionWith(places.Areas);
                    PartnerInformationThemes.UnionWith(themes.Names);
                }
                break;
            case "intelligence":
                Intelligence++;
                // 3x5x2: source evaluation 1 is a reliable source; assessment C (indirect, not corroborated), D (not
                // known) or E (suspected false) means the report rests on one source that nothing corroborates.
                if (row.Grading is { Length: 3 } grade)
                {
                    if (grade[0] == '1') ReliableSource++;
                    if (grade[1] is 'C' or 'D' or 'E') SingleUncorroborated++;
                }
                IntelligenceAreas.UnionWith(places.Areas);
                IntelligenceThemes.UnionWith(themes.Names);
                break;
            default:
                Products++;
                break;
        }
        // The store gives an item's entity once per (kind, key); a repeat would count the item twice in its link.
        for (var i = 0; i < row.Entities.Count; i++)
            if (!ContainsBefore(row.Entities, i)) AddLink(row.Entities[i], row);
        foreach (var person in row.People)
        {
            if (!People.TryGetValue((person.Role, person.Nationality), out var keys))
                People.Add((person.Role, person.Nationality), keys = new HashSet<string>(StringComparer.Ordinal));
            keys.Add(person.PersonKey);
        }
    }

    private static bool ContainsBefore(IReadOnlyList<(string Kind, string MatchKey)> entities, int index)
    {
        for (var j = 0; j < index; j++)
            if (entities[j] == entities[index]) return true;
        return false;
    }

    /// <summary>The police force area (GSS) containing a council area; null for a force area or an unknown code.</summary>
    public string? ForceOf(string gssCode)
    {
        var area = areas.ByGss(gssCode);
        if (area?.Within is not { } within) return null;
        return (areas.ById(within) ?? areas.ByGss(within))?.GssCode;
    }

    /// <summary>The links: entities in items from two or more agencies, ranked by agencies, then items.</summary>
    public IEnumerable<(string Kind, string Key, Link Link)> RankedLinks() => Links
        .Where(l => l.Value.AgencyCount >= 2)
        .OrderByDescending(l => l.Value.AgencyCount).ThenByDescending(l => l.Value.Items)
        .ThenBy(l => l.Key.Kind, StringComparer.Ordinal).ThenBy(l => l.Key.Key, StringComparer.Ordinal)
        .Select(l => (l.Key.Kind, l.Key.Key, l.Value));

    /// <summary>Every month of the period, in order (months without items count zero).</summary>
    public IEnumerable<(string Month, int Items)> Months()
    {
        var month = new DateTime(spec.From.UtcDateTime.Year, spec.From.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (; month < spec.To.UtcDateTime; month = month.AddMonths(1))
        {
            yield return (month.ToString("yyyy-MM", CultureInfo.InvariantCulture), _months.GetValueOrDefault((month.Year, month.Month)));
        }
    }

    private void AddLink((string Kind, string MatchKey) entity, ProfileRow row)
    {
        if (!Links.TryGetValue(entity, out var link))
        {
            link = new Link { FirstAgency = row.OriginatorAgencyId };
            Links.Add(entity, link);
        }
        else if (link.Agencies is null && link.FirstAgency != row.OriginatorAgencyId)
        {
            link.Agencies = [link.FirstAgency, row.OriginatorAgencyId];
        }
        else if (link.Agencies is { } agencies && !agencies.Contains(row.OriginatorAgencyId))
        {
            agencies.Add(row.OriginatorAgencyId);
        }
        link.Items++;
        KeepFirstIds(link.ItemIds, row.ItemId);
    }

    /// <summary>Keeps <paramref name="ids"/> the <see cref="MaxIdsPerLink"/> ordinally first ids seen, in order.</summary>
    private static void KeepFirstIds(List<string> ids, string id)
    {
        if (ids.Count == MaxIdsPerLink && string.CompareOrdinal(id, ids[^1]) >= 0) return;
        var at = ids.BinarySearch(id, StringComparer.Ordinal);
        if (at >= 0) return;
        ids.Insert(~at, id);
        if (ids.Count > MaxIdsPerLink) ids.RemoveAt(ids.Count - 1);
    }

    private static void Count(Pair pair, bool current, bool previous)
    {
        if (current) pair.Current++;
        if (previous) pair.Previous++;
    }

    private static Pair Of<TKey>(Dictionary<TKey, Pair> counts, TKey key)
        where TKey : notnull
    {
        if (!counts.TryGetValue(key, out var pair)) counts.Add(key, pair = new Pair());
        return pair;
    }
}
