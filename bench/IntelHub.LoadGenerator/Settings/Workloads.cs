using System.CommandLine;
using IntelHub.Demo.Roster;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Settings;

/// <summary>
/// Named workloads, one command each, for the figures bench/README.md quotes: each sets the mix and the inbox
/// streams; every run also measures its ceilings (the empty call, the store's raw inserts).
/// </summary>
internal static class Workloads
{
    private static readonly Dictionary<string, string> Described = new(StringComparer.Ordinal)
    {
        ["submit"] = "submissions only (--mix submit=100)",
        ["inbox-latency"] = "submissions only, with every agency's inbox followed and acknowledged (delivery latency under submission load)",
    };

    public static readonly Option<string?> Option = new("--workload")
    {
        Description = "A named workload instead of --mix and --inbox-streams: " + string.Join("; ", Described.Select(d => $"{d.Key}: {d.Value}")) + ".",
    };

    /// <summary>The settings with the named workload's mix and streams; a problem when the name is unknown or --mix/--inbox-streams were also given.</summary>
    public static LoadSettings Apply(ParseResult parse, LoadSettings settings, bool mixOrStreamsGiven, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        if (parse.GetValue(Option) is not { } name) return settings;
        if (!Described.ContainsKey(name))
        {
            problems.Add($"--workload '{name}' is not a workload: give one of {string.Join(", ", Described.Keys)}.");
            return settings;
        }
        if (mixOrStreamsGiven)
        {
            problems.Add($"--workload {name} sets the mix and the inbox streams itself: leave out --mix and --inbox-streams, or leave out --workload.");
            return settings;
        }
        var mix = OperationMix.Parse("submit=100");
        return name switch
        {
            "inbox-latency" => settings with { Mix = mix, InboxStreams = new ScenarioParties(ScenarioRoster.Wales).Readers.Count },
            _ => settings with { Mix = mix },
        };
    }
}
