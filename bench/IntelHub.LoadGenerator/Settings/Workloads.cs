using System.CommandLine;
using IntelHub.Demo.Roster;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Settings;

/// <summary>
/// Named workloads, one command each, for the figures bench/README.md quotes: each sets the mix and the inbox
/// streams; every run also measures its ceilings (the empty call, the store's raw inserts). The search workloads
/// open a pre-generated data set (--data) as it is and submit nothing.
/// </summary>
internal static class Workloads
{
    private const string PartnerSearch = "partner-search";
    private const string AnalystSearch = "analyst-search";
    private const string TruthFileName = "truth.json";

    private static readonly Dictionary<string, string> Described = new(StringComparer.Ordinal)
    {
        ["submit"] = "submissions only (--mix submit=100)",
        ["inbox-latency"] = "submissions only, with every agency's inbox followed and acknowledged (delivery latency under submission load)",
        [PartnerSearch] = "the data set's search partner (entitled to about 5% of the items) searching by area, theme, phone, address and free text (with --data DIR, a data set from bench/IntelHub.DataSet)",
        [AnalystSearch] = "the same searches by a South Wales Police analyst (with --data DIR)",
    };

    public static readonly Option<string?> Option = new("--workload")
    {
        Description = "A named workload instead of --mix and --inbox-streams: " + string.Join("; ", Described.Select(d => $"{d.Key}: {d.Value}")) + ".",
    };

    /// <summary>Whether the named workload searches a pre-generated data set (and so needs --data).</summary>
    public static bool SearchesDataSet(string? name) => name is PartnerSearch or AnalystSearch;

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
        if (SearchesDataSet(name)) return ForDataSet(name, settings, problems);
        var mix = OperationMix.Parse("submit=100");
        return name switch
        {
            "inbox-latency" => settings with { Mix = mix, InboxStreams = new ScenarioParties(ScenarioRoster.Wales).Readers.Count },
            _ => settings with { Mix = mix },
        };
    }

    /// <summary>The data set's searches only: no seeding (the data set is opened as it is), no inbox streams.</summary>
    private static LoadSettings ForDataSet(string name, LoadSettings settings, List<string> problems)
    {
        var data = settings.Target switch
        {
            HubTargetSettings.InProcess inProcess => inProcess.DataDirectory,
            HubTargetSettings.Running running => running.DataDirectory,
            _ => null,
        };
        // Without --data the command line has already said what to give.
        if (data is null) return settings;
        var truth = Path.Combine(data, TruthFileName);
        if (!File.Exists(truth))
        {
            problems.Add($"--data '{data}' holds no {TruthFileName}, so it is not a data set made by bench/IntelHub.DataSet (nothing was opened or changed): " +
                         "generate one with `dotnet run -c Release --project bench/IntelHub.DataSet -- --items 100000 --data DIR` and give that DIR.");
            return settings;
        }
        var mix = OperationMix.Evenly(DataSetSearches.Kinds, "search by area, theme, phone, address and free text, evenly");
        var searcher = name == PartnerSearch ? DataSetSearcher.Partner : DataSetSearcher.ForceAnalyst;
        return settings with { Mix = mix, InboxStreams = 0, SeedItems = 0, DataSet = new DataSetWorkload(name, searcher, truth) };
    }
}
