using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Policy.Tooling;

namespace IntelHub.Policy.Tests;

/// <summary>
/// Writes small policy sets to a temporary directory, so that tests load real files and see real positions.
/// The agencies: two forces and an RIU (law enforcement), two councils and an NGO (not law enforcement).
/// </summary>
internal sealed class PolicyFiles : IDisposable
{
    public const string Agencies = """
        roles:
          - id: analyst
            description: Analyst.
            held-by: [police-force, regional-intelligence-unit]
          - id: safeguarding-lead
            description: Safeguarding lead.
            held-by: [local-authority, ngo]
        agencies:
          - id: force-a
            name: Force A
            kind: police-force
            law-enforcement: true
            areas: [area-a, town-x]
          - id: force-b
            name: Force B
            kind: police-force
            law-enforcement: true
            areas: [area-b, town-y]
          - id: riu
            name: Regional Intelligence Unit
            kind: regional-intelligence-unit
            law-enforcement: true
            areas: [area-a, area-b, town-x, town-y]
          - id: council-x
            name: Council X
            kind: local-authority
            law-enforcement: false
            areas: [town-x]
          - id: council-y
            name: Council Y
            kind: local-authority
            law-enforcement: false
            areas: [town-y]
          - id: charity
            name: Charity
            kind: ngo
            law-enforcement: false
            areas: [town-x, town-y]
        """;

    public PolicyFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "intelhub-policy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "policies", PolicyLoader.ProtocolsFolder));
        Directory.CreateDirectory(Path.Combine(Root, "policies", PolicyLoader.TestsFolder));
        Write(PolicyLoader.AgenciesFile, Agencies);
    }

    public string Root { get; }

    public string Policies => Path.Combine(Root, "policies");

    public static DateOnly Day => new(2026, 6, 1);

    /// <summary>A protocol between every agency above, with <paramref name="rules"/> as its rules (YAML, indented by 2).</summary>
    public static string Protocol(string id, string rules, string covers = "[information, intelligence, product]", string effective = "2025-04-01", string review = "2027-03-31", string personalData = "[children]") => $"""
        id: {id}
        title: Test protocol {id}
        kind: isp
        version: "1"
        owner: riu
        approvers: [riu]
        effective: {effective}
        review: {review}
        purposes:
          - id: safeguarding
            description: Safeguarding.
          - id: policing
            description: Policing.
        legal-bases:
          - id: basis
            name: A legal basis
        parties:
          - agency: force-a
            legal-bases: [basis]
          - agency: force-b
            legal-bases: [basis]
          - agency: riu
            legal-bases: [basis]
          - agency: council-x
            legal-bases: [basis]
          - agency: council-y
            legal-bases: [basis]
          - agency: charity
            legal-bases: [basis]
        covers: {covers}
        personal-data: {personalData}
        rules:
        {rules}
        """;

    /// <summary>
    /// A protocol text whose legal basis declares DPA 2018 Part 3, so that rules between law-enforcement agencies may
    /// carry criminal offence data (a basis that declares no provision may not: 'undeclared-provision').
    /// </summary>
    public static string Part3(string protocol) =>
        protocol.Replace("    name: A legal basis\n", "    name: A legal basis\n    article: part-3\n", StringComparison.Ordinal);

    /// <summary>A permit rule's YAML with sensible defaults; <paramref name="extra"/> adds or overrides lines.</summary>
    public static string Permit(string id, string from = "[law-enforcement]", string to = "[law-enforcement]", string view = "full", string actions = "[receive, view, search, compile, disseminate]", string extra = "") => $"""
          - id: {id}
            effect: permit
            from: {from}
            to: {to}
            actions: {actions}
            legal-basis: basis
            view: {view}
        {extra}
        """;

    public static string Deny(string id, string from = "[all-parties]", string to = "[all-parties]", string actions = "[receive, view, search, compile, disseminate]", string extra = "") => $"""
          - id: {id}
            effect: deny
            from: {from}
            to: {to}
            actions: {actions}
        {extra}
        """;

    public PolicyFiles Write(string relativePath, string text)
    {
        var path = Path.Combine(Policies, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public PolicyFiles WriteProtocol(string id, string rules, string covers = "[information, intelligence, product]", string effective = "2025-04-01", string review = "2027-03-31", string personalData = "[children]") =>
        Write($"{PolicyLoader.ProtocolsFolder}/{id}.yaml", Protocol(id, rules, covers, effective, review, personalData));

    public PolicyLoadResult Load() => PolicyLoader.Load(Policies, Day);

    public PolicySnapshot Snapshot()
    {
        var result = Load();
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Snapshot!;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>Builds decision requests by name against a snapshot.</summary>
internal static class Requests
{
    public static ItemRequest For(
        PolicySnapshot snapshot,
        string requester,
        string originator,
        SharingAction action = SharingAction.View,
        string kind = "intelligence",
        string grading = "1AP",
        string conditions = "[]",
        string? legacy = null,
        string area = "town-x",
        string purpose = "policing",
        string role = "analyst",
        bool sanitised = true,
        string personalData = "[]",
        string theme = "{exploitation: labour, victims: adult}",
        string at = "2026-06-01")
    {
        var text = $$"""
            at: {{at}}
            requester: {agency: {{requester}}, role: {{role}}, purpose: {{purpose}}}
            action: {{Words.Actions.WordFor(action)}}
            item:
              kind: {{kind}}
              originator: {{originator}}
              classification: official-sensitive
              {{(kind == "intelligence" ? "grading: " + grading : string.Empty)}}
              {{(legacy is null ? string.Empty : "legacy-grading: " + legacy)}}
              handling-conditions: {{conditions}}
              area: {{area}}
              theme: {{theme}}
              personal-data: {{personalData}}
              has-sanitised-text: {{(sanitised ? "true" : "false")}}
            """;
        var diagnostics = new Diagnostics.DiagnosticBag();
        var document = RequestDocument.Parse("request.yaml", text, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join(Environment.NewLine, diagnostics.Items));
        return document!.Question;
    }
}

/// <summary>Finds the repository's policies/ directory by walking up to IntelHub.sln.</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "IntelHub.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("IntelHub.sln not found above " + AppContext.BaseDirectory + "; run the tests from the repository.");
        }
    }

    public static string Policies => Path.Combine(Root, "policies");
}
