namespace IntelHub.Policy.Areas;

/// <summary>One area: the slug protocols use, its name, its ONS GSS code, and the force area it lies within.</summary>
public sealed record Area(string Id, string Name, string GssCode, string? Within);

/// <summary>
/// The areas of <c>policies/areas.yaml</c>: an item names its areas by GSS code (the API) or by slug (protocol
/// files and requests), and an item about a council area is also about the force area that contains it. Decisions
/// expand an item's areas through <see cref="Containing"/>, so the hub and <c>intelhub policy</c> place an item alike.
/// </summary>
public sealed class AreaCatalogue
{
    public const string FileName = "areas.yaml";

    private readonly Dictionary<string, Area> _byGss;
    private readonly Dictionary<string, Area> _byId;

    internal AreaCatalogue(IEnumerable<Area> areas)
    {
        var list = areas.ToList();
        All = list;
        _byGss = list.Where(a => a.GssCode.Length > 0).ToDictionary(a => a.GssCode, StringComparer.Ordinal);
        _byId = list.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    /// <summary>Every area, in file order.</summary>
    public IReadOnlyList<Area> All { get; }

    public Area? ByGss(string gssCode) => _byGss.GetValueOrDefault(gssCode);

    public Area? ById(string slug) => _byId.GetValueOrDefault(slug);

    /// <summary>The area a name stands for: a GSS code or a slug; null when the catalogue knows neither.</summary>
    public Area? Find(string name) => ByGss(name) ?? ById(name);

    /// <summary>The area and every area containing it, innermost first.</summary>
    public IEnumerable<Area> Containing(Area area)
    {
        ArgumentNullException.ThrowIfNull(area);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (Area? at = area; at is not null && seen.Add(at.Id); at = at.Within is null ? null : ById(at.Within))
        {
            yield return at;
        }
    }
}
