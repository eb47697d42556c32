using System.Text.RegularExpressions;
using IntelHub.Demo.DataSet;
using IntelHub.Demo.Roster;
using IntelHub.LoadGenerator.Ceilings;
using IntelHub.LoadGenerator.Reporting;
using IntelHub.LoadGenerator.Settings;
using IntelHub.LoadGenerator.Target;
using IntelHub.LoadGenerator.Workload;
using IntelHub.Server.Hosting;

namespace IntelHub.LoadGenerator;

/// <summary>
/// <c>intelhub-load</c>: parses the command line, opens the hub, runs the load, prints the markdown
/// report (progress goes to standard error, so standard output is the report alone). Exit codes:
/// 0 the run completed (its failures are findings in the report), 1 the run could not go on, or a
/// data-set search workload measured only empty pages for some kind of search, 2 a bad option or a
/// hub that would not start.
/// </summary>
internal static partial class Program
{
    // Tokens outlive the run, including seeding, which has no fixed length.
    private static readonly TimeSpan TokenMargin = TimeSpan.FromMinutes(30);

    internal static Task<int> Main(string[] args) =>
        LoadCommand.Create((settings, cancellationToken) => RunAsync(settings, args, cancellationToken)).Parse(args).InvokeAsync();

    private static async Task<int> RunAsync(LoadSettings settings, string[] args, CancellationToken cancellationToken)
    {
        var parties = new ScenarioParties(ScenarioRoster.Wales);
        if (settings.InboxStreams > parties.Readers.Count)
        {
            await Console.Error.WriteLineAsync($"--inbox-streams {settings.InboxStreams}: the scenario has {parties.Readers.Count} agencies with an inbox; follow at most that many.");
            return 2;
        }
        var requests = ScenarioRequests.Generate(settings.RandomSeed);
        await Console.Error.WriteLineAsync($"Generated {requests.Count} Wales scenario reports (seed {settings.RandomSeed}); opening the hub ...");
        try
        {
            var truth = settings.DataSet is { } dataSet ? DataSetSearches.ReadTruth(dataSet.TruthFile) : null;
            await using var target = await HubTarget.OpenAsync(settings.Target, cancellationToken);
            if (truth is not null) await target.WaitForSearchIndexAsync(Console.Error, cancellationToken);
            using var agencies = new AgencyChannels(target.Address, target.PkiDirectory, settings.PlannedLength + TokenMargin);
            var dataSetSearches = truth is null ? null : await CalibrateAsync(settings.DataSet!, truth, parties, agencies, cancellationToken);
            var items = new KnownItems(parties);
            var window = new MeasurementWindow();
            var followed = parties.Readers.Take(settings.InboxStreams).ToList();
            var awaited = new AwaitedDeliveries([.. followed.Select(r => r.Caller.AgencyId)]);
            var followers = followed.Select(r => new InboxFollower(agencies, r, window, settings.InboxWindow, awaited)).ToList();
            ISearchSource searches = dataSetSearches is null ? new ScenarioSearches(requests, parties) : dataSetSearches;
            var run = new LoadRun(settings, new HubOperations(agencies, requests, searches, parties, items, awaited), items, followers, awaited, window, Console.Error);
            await using var workingSet = new WorkingSetSampler();

            var results = await run.ExecuteAsync(cancellationToken);
            var ceilings = await CeilingRun.MeasureAsync(settings, target, parties, Console.Error, cancellationToken);
            await workingSet.StopAsync();

            var report = LoadReport.Render(results, settings, target, CommandLine(args)) + CeilingReport.Render(results, ceilings, workingSet.PeakBytes, workingSet.EndBytes, workingSet.MinutePeakBytes);
            if (dataSetSearches is not null) report += SearchResultsReport.Render(results, dataSetSearches, truth!);
            await Console.Out.WriteAsync(report);
            if (settings.Out is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, report, cancellationToken);
                await Console.Error.WriteLineAsync($"Wrote the report to {file.FullName}.");
            }
            IReadOnlyList<OperationKind> empty = dataSetSearches is null ? [] : SearchResultsReport.EmptyKinds(results, dataSetSearches);
            if (empty.Count > 0)
            {
                // A search that finds nothing measures little: the run did not measure what it was for.
                await Console.Error.WriteLineAsync($"The run measured only empty pages for: {string.Join(", ", empty.Select(OperationNames.Describe))} (see the report's search results).");
                return 1;
            }
            return 0;
        }
        catch (HubConfigurationException problem)
        {
            await Console.Error.WriteLineAsync(problem.Message);
            return 2;
        }
        catch (LoadRunProblem problem)
        {
            await Console.Error.WriteLineAsync(problem.Message);
            return 1;
        }
    }

    /// <summary>Asks the data set's candidate searches once as the workload's searcher, keeping those that find items.</summary>
    private static async Task<DataSetSearches> CalibrateAsync(
        DataSetWorkload dataSet, TruthDocument truth, ScenarioParties parties, AgencyChannels agencies, CancellationToken cancellationToken)
    {
        var reader = DataSetSearches.SearcherOf(dataSet.Searcher, truth, parties, ScenarioRoster.Wales);
        await Console.Error.WriteLineAsync($"Data set of {truth.Items:N0} items: finding the searches that return items as {reader.Caller.AgencyId} ...");
        return await DataSetSearches.CalibrateAsync(truth, reader, agencies, Console.Error, cancellationToken);
    }

    /// <summary>The command as typed, to record beside the figures; any password in a connection string is masked.</summary>
    private static string CommandLine(string[] args) =>
        "dotnet run -c Release --project bench/IntelHub.LoadGenerator --" +
        string.Concat(args.Select(a => " " + Quoted(Password().Replace(a, "$1=***"))));

    private static string Quoted(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_=,./:".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("(?i)(password|pwd)=[^;]*")]
    private static partial Regex Password();
}
