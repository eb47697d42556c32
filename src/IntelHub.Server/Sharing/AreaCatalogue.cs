using IntelHub.Policy.Documents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntelHub.Server.Sharing;

/// <summary>One area: the slug protocols use, its name, its GSS code, and the force area it lies within.</summary>
public sealed record Area(string Id, string Name, string GssCode, string? Within);

/// <summary>
/// The areas of <c>policies/areas.yaml</c>: translates the API's GSS codes into the slugs the
/// protocols use. An item about a council area is also about the force area that contains it.
/// </summary>
public sealed class AreaCatalogue
{
    public const string FileName = "areas.yaml";

    private readonly Dictionary<string, Area> _byGss;
    private readonly Dictionary<string, Area> _byId;

    public AreaCatalogue(IEnumerable<Area> areas)
    {
        var list = areas.ToList();
        _byGss = list.ToDictionary(a => a.GssCode, StringComparer.Ordinal);
        _byId = list.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<Area> All => _byId.Values;

    public Area? ByGss(string gssCode) => _byGss.GetValueOrDefault(gssCode);

    /// <summary>The slugs an item about these GSS codes concerns: each area and the force areas containing it.</summary>
    public IReadOnlyList<string> SlugsFor(IEnumerable<string> gssCodes)
    {
        var slugs = new List<string>();
        foreach (var code in gssCodes)
        {
            for (var area = ByGss(code); area is not null; area = area.Within is null ? null : _byId.GetValueOrDefault(area.Within))
            {
                if (!slugs.Contains(area.Id)) slugs.Add(area.Id);
            }
        }
        return slugs;
    }

    /// <summary>Reads <c>areas.yaml</c>; a malformed file stops the hub with the file, line and fix.</summary>
    public static AreaCatalogue Load(string policyDirectory)
    {
        var path = Path.Combine(policyDirectory, FileName);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: the hub needs the area list to translate GSS codes to the areas protocols name.");
        YamlStream yaml;
        try
        {
            yaml = BoundedYaml.Load(File.ReadAllText(path));
        }
        catch (YamlException problem)
        {
            throw new InvalidOperationException($"{path}: {problem.Message} Correct the file (it lists the areas as 'areas:' with id, gss, name and within).", problem);
        }
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var areas = new List<Area>();
        foreach (var node in ((YamlSequenceNode)root.Children[new YamlScalarNode("areas")]).Children.Cast<YamlMappingNode>())
        {
            string? Field(string name) => node.Children.TryGetValue(new YamlScalarNode(name), out var value) ? ((YamlScalarNode)value).Value : null;
            var id = Field("id");
            var gss = Field("gss");
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(gss))
                throw new InvalidOperationException($"{path}:{node.Start.Line}:{node.Start.Column}: every area needs an id and a gss code.");
            areas.Add(new Area(id, Field("name") ?? id, gss, Field("within")));
        }
        var catalogue = new AreaCatalogue(areas);
        foreach (var area in areas.Where(a => a.Within is not null && !catalogue._byId.ContainsKey(a.Within!)))
            throw new InvalidOperationException($"{path}: area '{area.Id}' is within '{area.Within}', which is not listed: add it or correct the name.");
        return catalogue;
    }
}
