using IntelHub.Policy.Areas;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;

namespace IntelHub.Policy.Publishing;

/// <summary>What loading a policy directory produced: a compiled snapshot when there were no errors, and every diagnostic.</summary>
public sealed record PolicyLoadResult(PolicySnapshot? Snapshot, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Snapshot is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);
}

/// <summary>A protocol document that is not (or not yet) a file of the directory: the name diagnostics give it, and its YAML.</summary>
public sealed record ProtocolText(string File, string Text);

/// <summary>
/// Reads a policies/ directory (agencies.yaml, areas.yaml when present, and protocols/*.yaml), validates and compiles it.
/// File names in diagnostics are relative to the directory's parent, e.g. policies/protocols/x.yaml.
/// </summary>
public static class PolicyLoader
{
    public const string AgenciesFile = "agencies.yaml";
    public const string ProtocolsFolder = "protocols";
    public const string TestsFolder = "tests";

    /// <summary>Loads the directory; <paramref name="asOf"/> is the day "past review" is judged against.</summary>
    public static PolicyLoadResult Load(string directory, DateOnly asOf) => Load(directory, Array.Empty<ProtocolText>(), asOf);

    /// <summary>
    /// Loads the directory with some protocol files replaced or added: <paramref name="protocolOverrides"/> are
    /// extra protocol files whose ids take the place of the directory's protocols with the same id (used by
    /// <c>policy diff</c> to compare two versions of one protocol against the same set).
    /// </summary>
    public static PolicyLoadResult Load(string directory, IReadOnlyList<string> protocolOverrides, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(protocolOverrides);
        var documents = protocolOverrides
            .Select(f => new ProtocolText(Path.GetFileName(f) == f ? f : Path.GetRelativePath(Environment.CurrentDirectory, f), File.ReadAllText(f)))
            .ToList();
        return Load(directory, documents, asOf);
    }

    /// <summary>
    /// Loads the directory with protocol documents given as text (e.g. a proposal sent to the hub), which take the
    /// place of the directory's protocols with the same id; <see cref="ProtocolText.File"/> names each in diagnostics.
    /// </summary>
    public static PolicyLoadResult Load(string directory, IReadOnlyList<ProtocolText> protocolOverrides, DateOnly asOf) =>
        Load(directory, protocols: null, protocolOverrides, asOf);

    /// <summary>
    /// Loads the directory's agency register and areas with the given protocols instead of its protocol files (a hub
    /// decides by the versions it has published, which need not be the files there now), <paramref name="protocolOverrides"/>
    /// taking the place of those with the same id.
    /// </summary>
    public static PolicyLoadResult LoadWith(string directory, IReadOnlyList<ProtocolText> protocols, IReadOnlyList<ProtocolText> protocolOverrides, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        return Load(directory, protocols, protocolOverrides, asOf);
    }

    private static PolicyLoadResult Load(string directory, IReadOnlyList<ProtocolText>? protocols, IReadOnlyList<ProtocolText> protocolOverrides, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(protocolOverrides);
        var diagnostics = new DiagnosticBag();
        var root = Path.GetFullPath(directory);
        var agenciesPath = Path.Combine(root, AgenciesFile);
        if (!File.Exists(agenciesPath))
        {
            diagnostics.Error(new SourcePosition(Display(root, agenciesPath), 1, 1), "missing-file", $"There is no {AgenciesFile} in {root}.", $"Point --policies at the policies/ directory, or create {AgenciesFile} listing every agency.");
            return new PolicyLoadResult(null, diagnostics.Sorted());
        }

        var register = PolicyDocumentParser.ParseAgencies(Display(root, agenciesPath), File.ReadAllText(agenciesPath), diagnostics);
        var areasPath = Path.Combine(root, AreaCatalogue.FileName);
        var areas = File.Exists(areasPath) ? PolicyDocumentParser.ParseAreas(Display(root, areasPath), File.ReadAllText(areasPath), diagnostics) : null;
        var protocolsDir = Path.Combine(root, ProtocolsFolder);
        var texts = protocols ?? (Directory.Exists(protocolsDir)
            ? [.. Directory.GetFiles(protocolsDir, "*.yaml").Order(StringComparer.Ordinal).Select(f => new ProtocolText(Display(root, f), File.ReadAllText(f)))]
            : []);
        var overrides = protocolOverrides
            .Select(d => PolicyDocumentParser.ParseProtocol(d.File, d.Text, diagnostics))
            .OfType<ProtocolDocument>()
            .ToList();
        var documents = texts
            .Select(t => PolicyDocumentParser.ParseProtocol(t.File, t.Text, diagnostics))
            .OfType<ProtocolDocument>()
            .Where(d => !overrides.Any(o => o.Id.Value == d.Id.Value))
            .Concat(overrides)
            .ToList();

        var snapshot = register is null ? null : PolicyCompiler.Compile(register, areas, documents, asOf, diagnostics);
        return new PolicyLoadResult(diagnostics.HasErrors ? null : snapshot, diagnostics.Sorted());
    }

    /// <summary>Finds policies/ from <paramref name="start"/> upwards, the way the CLI and the tests locate it.</summary>
    public static string? FindPolicyDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "policies");
            if (File.Exists(Path.Combine(candidate, AgenciesFile)))
            {
                return candidate;
            }
        }

        return null;
    }

    internal static string Display(string root, string path) =>
        Path.Combine(Path.GetFileName(root), Path.GetRelativePath(root, path)).Replace('\\', '/');
}
