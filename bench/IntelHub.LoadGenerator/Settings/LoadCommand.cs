using System.CommandLine;
using System.Net;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Settings;

/// <summary>
/// The command line: options, their defaults and limits, turned into <see cref="LoadSettings"/>.
/// Every problem is collected and reported together, each naming the option and what to do.
/// </summary>
internal static class LoadCommand
{
    // Runs are bounded in time and in workers: a load generator must stop by itself.
    private static readonly TimeSpan LongestPhase = TimeSpan.FromHours(1);
    private const int MostWorkers = 256;
    private const int MostSeedItems = 10_000;
    // The hub's own limits of an inbox stream's max_unacknowledged (InboxDeliveries); 0 there means its default, 100.
    private const int HubDefaultInboxWindow = IntelHub.Server.Inbox.InboxDeliveries.DefaultWindow;
    private const int HubLargestInboxWindow = IntelHub.Server.Inbox.InboxDeliveries.MaxWindow;

    private static readonly Option<string> Duration = new("--duration") { Description = "How long to measure the mix, e.g. 30s or 2m.", DefaultValueFactory = _ => "30s" };
    private static readonly Option<string> Baseline = new("--baseline") { Description = "How long to measure the health-check baseline first.", DefaultValueFactory = _ => "10s" };
    private static readonly Option<string> Warmup = new("--warmup") { Description = "Unmeasured calls of every kind before the baseline (JIT, connections, caches).", DefaultValueFactory = _ => "5s" };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Workers, each with one call in flight at a time (closed loop).", DefaultValueFactory = _ => 8 };
    private static readonly Option<string> Mix = new("--mix") { Description = "Weights of submit, search (or search-area, search-theme, search-phone) and get.", DefaultValueFactory = _ => OperationMix.Default };
    private static readonly Option<int> InboxStreams = new("--inbox-streams") { Description = "Inbox streams to follow and acknowledge while the mix runs (the RIU first, then forces, then partners).", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> InboxWindow = new("--inbox-window") { Description = $"Deliveries each followed inbox stream may hold unacknowledged (its max_unacknowledged), 1 to {HubLargestInboxWindow}; the hub's default is {HubDefaultInboxWindow}.", DefaultValueFactory = _ => HubDefaultInboxWindow };
    private static readonly Option<int> SeedItems = new("--seed-items") { Description = "Scenario reports submitted before measuring, so that searches and gets find items.", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> RandomSeed = new("--seed") { Description = "Seed of the Wales scenario and of the workers' draws.", DefaultValueFactory = _ => 2024 };
    private static readonly Option<string?> Postgres = new("--postgres") { Description = "Start the in-process hub on this PostgreSQL database (connection string) instead of SQLite." };
    private static readonly Option<string?> Hub = new("--hub") { Description = "Load a hub already running on this machine, e.g. https://localhost:7443 (with --data)." };
    private static readonly Option<string?> Data = new("--data") { Description = "The running hub's data directory, for its development certificates and token issuer (with --hub); or the data set a search workload opens (with --workload partner-search or analyst-search)." };
    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Also write the markdown report to this file." };

    public static RootCommand Create(Func<LoadSettings, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand(
            "intelhub-load: a realistic mix of submissions, searches and reads against the IntelHub hub, " +
            "quoted as ratios of the gRPC health check measured in the same run.")
        {
            Duration, Baseline, Warmup, Concurrency, Mix, InboxStreams, InboxWindow, SeedItems, RandomSeed, Postgres, Hub, Data, Out, Workloads.Option,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var problems = new List<string>();
            var settings = Read(parse, problems);
            if (problems.Count > 0 || settings is null)
            {
                await Console.Error.WriteLineAsync("The load generator cannot start:" + Environment.NewLine +
                    string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
                return 2;
            }
            return await run(settings, cancellationToken);
        });
        return root;
    }

    private static LoadSettings? Read(ParseResult parse, List<string> problems)
    {
        var duration = Length(parse, Duration, TimeSpan.FromSeconds(1), problems);
        var baseline = Length(parse, Baseline, TimeSpan.FromSeconds(1), problems);
        var warmup = Length(parse, Warmup, TimeSpan.Zero, problems);
        var concurrency = Within(parse, Concurrency, 1, MostWorkers, problems);
        var inboxStreams = Within(parse, InboxStreams, 0, MostWorkers, problems);
        var seedItems = Within(parse, SeedItems, 0, MostSeedItems, problems);
        var inboxWindow = parse.GetValue(InboxWindow);
        if (inboxWindow is < 1 or > HubLargestInboxWindow)
        {
            problems.Add($"--inbox-window {inboxWindow} is outside 1 to {HubLargestInboxWindow}: it is how many deliveries a followed stream may hold " +
                         $"unacknowledged, and the hub accepts at most {HubLargestInboxWindow} (leave it out for the hub's default, {HubDefaultInboxWindow}).");
        }
        OperationMix? mix = null;
        try
        {
            mix = OperationMix.Parse(parse.GetValue(Mix)!);
        }
        catch (FormatException problem)
        {
            problems.Add(problem.Message);
        }
        if (mix is not null && mix.Includes(OperationKind.Get) && seedItems == 0)
        {
            problems.Add("--seed-items 0 leaves nothing to get at the start: seed at least one item, or drop get from --mix.");
        }
        var target = ReadTarget(parse, Workloads.SearchesDataSet(parse.GetValue(Workloads.Option)), problems);
        if (problems.Count > 0) return null;
        var settings = new LoadSettings(target!, duration, baseline, warmup, concurrency, mix!, inboxStreams, inboxWindow, seedItems, parse.GetValue(RandomSeed), parse.GetValue(Out));
        var given = parse.GetResult(Mix) is { Implicit: false } || parse.GetResult(InboxStreams) is { Implicit: false };
        settings = Workloads.Apply(parse, settings, given, problems);
        if (problems.Count == 0 && settings.InboxStreams == 0 && parse.GetResult(InboxWindow) is { Implicit: false })
        {
            problems.Add("--inbox-window sets the window of followed inbox streams, and this run follows none: give --inbox-streams N " +
                         "or --workload inbox-latency too, or leave out --inbox-window.");
        }
        return problems.Count > 0 ? null : settings;
    }

    private static HubTargetSettings? ReadTarget(ParseResult parse, bool searchesDataSet, List<string> problems)
    {
        var postgres = parse.GetValue(Postgres);
        var hub = parse.GetValue(Hub);
        var data = parse.GetValue(Data);
        if (searchesDataSet && data is null)
        {
            problems.Add($"--workload {parse.GetValue(Workloads.Option)} searches a pre-generated data set: give --data DIR, a directory made by " +
                         "`dotnet run -c Release --project bench/IntelHub.DataSet -- --items N --data DIR`.");
        }
        if (hub is null)
        {
            if (data is not null && !searchesDataSet)
                problems.Add("--data is for a running hub or a data set: give --hub too, or --workload partner-search or analyst-search, or leave --data out to start the hub in-process on a temporary directory.");
            if (postgres is not null && string.IsNullOrWhiteSpace(postgres)) problems.Add("--postgres is empty: give a connection string, e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=load'.");
            return new HubTargetSettings.InProcess(postgres, searchesDataSet ? data : null);
        }
        if (postgres is not null) problems.Add("--postgres starts an in-process hub, --hub loads a running one: give one of them.");
        if (data is null) problems.Add("--hub needs --data: the running hub's data directory, where its development certificates and token issuer are.");
        var valid = Uri.TryCreate(hub, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttps;
        if (!valid) problems.Add($"--hub '{hub}' is not an https address: write e.g. https://localhost:7443.");
        // Load is sent only to a hub on this machine: loading a shared hub is a deployment's decision, not a developer tool's.
        else if (!address!.IsLoopback && !(IPAddress.TryParse(address.Host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            problems.Add($"--hub '{hub}' is not on this machine: the load generator targets loopback addresses only (localhost, 127.0.0.1, [::1]).");
        }
        if (data is not null && !File.Exists(Path.Combine(data, "pki", "ca.crt")))
        {
            problems.Add($"--data '{data}' holds no development certificates ({Path.Combine(Path.GetFullPath(data), "pki", "ca.crt")} is missing): give the directory the hub was started with (Hub:DataDirectory).");
        }
        return valid && data is not null ? new HubTargetSettings.Running(address!, data) : null;
    }

    private static TimeSpan Length(ParseResult parse, Option<string> option, TimeSpan shortest, List<string> problems)
    {
        try
        {
            var length = DurationText.Parse(option.Name, parse.GetValue(option)!);
            if (length < shortest || length > LongestPhase)
            {
                problems.Add($"{option.Name} {parse.GetValue(option)} is outside {DurationText.Format(shortest)} to {DurationText.Format(LongestPhase)}.");
            }
            return length;
        }
        catch (FormatException problem)
        {
            problems.Add(problem.Message);
            return TimeSpan.Zero;
        }
    }

    private static int Within(ParseResult parse, Option<int> option, int least, int most, List<string> problems)
    {
        var value = parse.GetValue(option);
        if (value < least || value > most) problems.Add($"{option.Name} {value} is outside {least} to {most}.");
        return value;
    }
}
