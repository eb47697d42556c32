using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntelHub.Demo.DataSet;

/// <summary>
/// What is known about a loaded data set, for benchmarks to query it by and check against: counts per submitting agency,
/// theme, area, kind and grading; the most recurring identities of each kind with the items that name them; and, per
/// agency, what share of the items the protocols routed to it (or it submitted) - the share its searches can reach.
/// Built from the generated reports and the store's outcomes (item ids, inbox deliveries), so routing is the hub's own.
/// </summary>
public sealed class DataSetTruth
{
    /// <summary>Identity numbers below this are candidates for the recurring list; the long tail puts the most frequent there.</summary>
    private const int TrackedNumbers = 50;
    private const int ListedPerKind = 10;

    private readonly int _seed;
    private readonly Dictionary<string, long> _byOriginator = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byTheme = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byArea = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byGrading = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _received = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, long Number), List<string>> _recurring = [];
    private long _items;

    public DataSetTruth(int seed) => _seed = seed;

    public long Items => _items;

    /// <summary>Counts one stored report: its item id and the agencies it was delivered to, with the view each got.</summary>
    public void Add(DataSetReport report, string itemId, IEnumerable<(string Agency, string View)> deliveries)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(deliveries);
        _items++;
        var submission = report.Submission;
        Count(_byOriginator, submission.SubmittingAgencyId);
        Count(_byKind, submission.IsIntelligence ? "intelligence" : "information");
        Count(_byGrading, submission.Intelligence switch
        {
            null => "none (information)",
            { Grade: { } grade } => $"{grade.SourceEvaluation}/{grade.IntelligenceAssessment}/{grade.HandlingCode}",
            { LegacyGrade: { } legacy } => $"legacy {legacy.SourceEvaluation}/{legacy.IntelligenceEvaluation}/{legacy.HandlingCode}",
            _ => "none",
        });
        foreach (var theme in submission.Subject.Themes) Count(_byTheme, $"{theme.ExploitationType}/{theme.VictimAgeGroup}");
        foreach (var area in submission.Subject.Areas) Count(_byArea, area.GssCode);
        foreach (var (agency, view) in deliveries)
        {
            if (!_received.TryGetValue(agency, out var views)) _received[agency] = views = new Dictionary<string, long>(StringComparer.Ordinal);
            Count(views, view);
        }
        foreach (var mention in report.Mentions.Where(m => m.Number < TrackedNumbers).DistinctBy(m => (m.Kind, m.Number)))
        {
            if (!_recurring.TryGetValue((mention.Kind, mention.Number), out var items)) _recurring[(mention.Kind, mention.Number)] = items = [];
            items.Add(itemId);
        }
    }

    /// <summary>The share of all items an agency submitted or was routed (in any view).</summary>
    public double ShareOf(string agency) =>
        _items == 0 ? 0 : (_byOriginator.GetValueOrDefault(agency) + (_received.TryGetValue(agency, out var views) ? views.Values.Sum() : 0)) / (double)_items;

    /// <summary>The agency, among those given, whose share is nearest the target: the partner a search benchmark reads as.</summary>
    public string NearestShare(IEnumerable<string> agencies, double target) =>
        agencies.OrderBy(a => Math.Abs(ShareOf(a) - target)).ThenBy(a => a, StringComparer.Ordinal).First();

    public TruthDocument Document(IEnumerable<string> agencies, IReadOnlyList<string> partners, DateOnly start)
    {
        ArgumentNullException.ThrowIfNull(partners);
        var agencyList = agencies.ToList();
        return new TruthDocument
        {
            Seed = _seed,
            Items = _items,
            Start = start,
            Originators = Sorted(_byOriginator),
            Themes = Sorted(_byTheme),
            Areas = Sorted(_byArea),
            Kinds = Sorted(_byKind),
            Gradings = Sorted(_byGrading),
            Agencies = agencyList.ToDictionary(a => a, a => new AgencyShare
            {
                Submitted = _byOriginator.GetValueOrDefault(a),
                Received = _received.TryGetValue(a, out var views) ? Sorted(views) : [],
                Share = Math.Round(ShareOf(a), 5),
            }),
            SearchPartner = NearestShare(partners, 0.05),
            Recurring = _recurring.GroupBy(r => r.Key.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(r => r.Value.Count).ThenBy(r => r.Key.Number).Take(ListedPerKind).Select(r => new RecurringIdentity
                {
                    Number = r.Key.Number,
                    Value = SyntheticIdentityNumbers.Typical(r.Key.Kind, r.Key.Number, start),
                    Items = r.Value.Count,
                    ItemIds = r.Value,
                }).ToList()),
        };
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static SortedDictionary<string, long> Sorted(Dictionary<string, long> counts) => new(counts, StringComparer.Ordinal);

    private static void Count(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}

/// <summary>The truth file's content (JSON, camelCase).</summary>
public sealed record TruthDocument
{
    public int Seed { get; init; }
    public long Items { get; init; }
    public DateOnly Start { get; init; }
    public required SortedDictionary<string, long> Originators { get; init; }
    public required SortedDictionary<string, long> Themes { get; init; }
    public required SortedDictionary<string, long> Areas { get; init; }
    public required SortedDictionary<string, long> Kinds { get; init; }
    public required SortedDictionary<string, long> Gradings { get; init; }
    public required Dictionary<string, AgencyShare> Agencies { get; init; }
    /// <summary>The partner agency whose share of the items is nearest 5%.</summary>
    public required string SearchPartner { get; init; }
    /// <summary>Per identity kind, the most recurring identities (people by name: others with the same name may match too).</summary>
    public required Dictionary<string, List<RecurringIdentity>> Recurring { get; init; }
}

public sealed record AgencyShare
{
    public long Submitted { get; init; }
    public required SortedDictionary<string, long> Received { get; init; }
    /// <summary>(Submitted + received in any view) / items.</summary>
    public double Share { get; init; }
}

public sealed record RecurringIdentity
{
    public long Number { get; init; }
    /// <summary>The identity as a user would type it in a search (phone, registration mark, address, business or person name).</summary>
    public required string Value { get; init; }
    public int Items { get; init; }
    public required List<string> ItemIds { get; init; }
}
