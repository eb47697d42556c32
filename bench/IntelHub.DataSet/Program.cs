using System.Diagnostics;
using System.Text.Json;
using IntelHub.Demo.DataSet;
using IntelHub.Demo.Roster;
using IntelHub.Server.Hosting;

namespace IntelHub.DataSet;

/// <summary>
/// <c>intelhub-dataset</c>: opens the hub on the data directory (and PostgreSQL when named), generates the data set,
/// loads it in bulk through the hub's own routing and audit, writes the truth file and prints the timings (progress
/// and timings go to standard error). Exit codes: 0 loaded, 1 the load failed, 2 a bad option or a hub that would not open.
/// </summary>
internal static class Program
{
    internal static Task<int> Main(string[] args) => DataSetCommand.Create(RunAsync).Parse(args).InvokeAsync();

    private static async Task<int> RunAsync(DataSetSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await using var hub = await LoadingHub.OpenAsync(settings.Data.FullName, settings.Postgres, cancellationToken);
            if (await hub.HoldsItemsAsync(cancellationToken))
            {
                await Console.Error.WriteLineAsync($"The hub at {settings.Data.FullName} already holds items: a data set loads into an empty hub only. Give a new --data directory (and a new, empty --postgres database).");
                return 2;
            }
            var start = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-12);
            var options = new DataSetOptions(settings.Items, settings.Seed, start);
            await Console.Error.WriteLineAsync($"Generating and loading {settings.Items:N0} reports (seed {settings.Seed}) into {hub.Description}, {settings.Batch:N0} per transaction ...");
            var load = new BulkLoad(hub.Loader, settings.Batch, new Progress(settings.Items, Console.Error));
            var result = await load.RunAsync(DataSetGenerator.Generate(ScenarioRoster.Wales, options), settings.Seed, cancellationToken);
            await Console.Error.WriteLineAsync("Readying the search indexes (SQLite: each text index merged into one segment; PostgreSQL: planner statistics) ...");
            var finishing = System.Diagnostics.Stopwatch.StartNew();
            await hub.Loader.FinishAsync(cancellationToken);
            await Console.Error.WriteLineAsync($"The search indexes are ready ({finishing.Elapsed.TotalSeconds:N1} s).");

            var roster = ScenarioRoster.Wales;
            var partners = roster.AllAgencyIds.Except(roster.LawEnforcementAgencyIds).ToList();
            var truth = result.Truth.Document(roster.AllAgencyIds, partners, start);
            settings.Truth.Directory?.Create();
            await File.WriteAllTextAsync(settings.Truth.FullName, JsonSerializer.Serialize(truth, DataSetTruth.Json), cancellationToken);
            await Console.Error.WriteLineAsync(result.Summary(settings.Items));
            await Console.Error.WriteLineAsync($"Wrote the truth file to {settings.Truth.FullName}; the search partner (nearest 5% of items) is {truth.SearchPartner} ({truth.Agencies[truth.SearchPartner].Share:P1}).");
            return 0;
        }
        catch (HubConfigurationException problem)
        {
            await Console.Error.WriteLineAsync(problem.Message);
            return 2;
        }
    }
}

/// <summary>Progress on standard error at most once a second: items loaded, rate and the time left at that rate.</summary>
internal sealed class Progress(int total, TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastShown;

    public void Loaded(long items)
    {
        var elapsed = _clock.Elapsed;
        if (items < total && _lastShown is { } shown && elapsed - shown < TimeSpan.FromSeconds(1)) return;
        _lastShown = elapsed;
        var rate = items / Math.Max(elapsed.TotalSeconds, 0.001);
        var left = TimeSpan.FromSeconds((total - items) / Math.Max(rate, 0.001));
        output.WriteLine($"  {items,12:N0} / {total:N0} items  {rate,9:N0} items/s  elapsed {elapsed:hh\\:mm\\:ss}  ETA {left:hh\\:mm\\:ss}");
    }
}
