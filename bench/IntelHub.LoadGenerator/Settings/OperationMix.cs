using System.Globalization;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Settings;

/// <summary>
/// The weighted mix of operations each worker draws from, e.g. <c>submit=20,search=60,get=20</c>.
/// <c>search</c> is shared equally between searching by area, by theme and by phone number;
/// <c>search-area</c>, <c>search-theme</c> and <c>search-phone</c> weight one kind of search.
/// Valid on construction: at least one positive weight, every name known.
/// </summary>
internal sealed class OperationMix
{
    private static readonly Dictionary<string, OperationKind[]> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["submit"] = [OperationKind.Submit],
        ["search"] = [OperationKind.SearchByArea, OperationKind.SearchByTheme, OperationKind.SearchByPhone],
        ["search-area"] = [OperationKind.SearchByArea],
        ["search-theme"] = [OperationKind.SearchByTheme],
        ["search-phone"] = [OperationKind.SearchByPhone],
        ["get"] = [OperationKind.Get],
    };

    private readonly (OperationKind Kind, double UpTo)[] _cumulative;

    private OperationMix(IReadOnlyDictionary<OperationKind, double> weights, string text)
    {
        var total = weights.Values.Sum();
        var running = 0.0;
        _cumulative = weights
            .Where(w => w.Value > 0)
            .OrderBy(w => w.Key)
            .Select(w => (w.Key, UpTo: running += w.Value / total))
            .ToArray();
        Text = text;
    }

    public const string Default = "submit=20,search=60,get=20";

    /// <summary>The mix as it was given.</summary>
    public string Text { get; }

    public bool Includes(OperationKind kind) => _cumulative.Any(c => c.Kind == kind);

    /// <summary>An operation drawn at random with the mix's weights.</summary>
    public OperationKind Pick(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var draw = random.NextDouble();
        foreach (var (kind, upTo) in _cumulative)
        {
            if (draw < upTo) return kind;
        }
        return _cumulative[^1].Kind;
    }

    /// <summary>The given operations with equal weights, described as <paramref name="text"/>.</summary>
    public static OperationMix Evenly(IReadOnlyCollection<OperationKind> kinds, string text)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0) throw new ArgumentException("A mix needs at least one operation.", nameof(kinds));
        return new OperationMix(kinds.Distinct().ToDictionary(k => k, _ => 1.0), text);
    }

    /// <summary>Reads <c>name=weight,...</c>; on a problem, says which part is wrong and what is allowed.</summary>
    public static OperationMix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var weights = new Dictionary<OperationKind, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !Names.TryGetValue(pieces[0], out var kinds))
            {
                throw new FormatException($"--mix: '{part}' is not name=weight with a name from {string.Join(", ", Names.Keys)} (e.g. {Default}).");
            }
            if (!double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight < 0 || !double.IsFinite(weight))
            {
                throw new FormatException($"--mix: the weight of '{pieces[0]}' is '{pieces[1]}': give a number of 0 or more.");
            }
            foreach (var kind in kinds)
            {
                weights[kind] = weights.GetValueOrDefault(kind) + (weight / kinds.Length);
            }
        }
        if (weights.Values.Sum() <= 0)
        {
            throw new FormatException($"--mix: '{text}' gives no operation a positive weight (e.g. {Default}).");
        }
        return new OperationMix(weights.Where(w => w.Value > 0).ToDictionary(), text);
    }

    public override string ToString() => Text;
}
