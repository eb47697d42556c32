using System.Globalization;
using System.Text.Json;
using IntelHub.Demo.DataSet;

namespace IntelHub.LoadGenerator.Tests;

/// <summary>
/// The search workloads, each one command of the load generator, against a small data set made by the data-set
/// generator's own entry point (SQLite): every kind of search is measured and finds items, the data set is opened as
/// it is, and a directory that is not a data set is refused before anything starts.
/// </summary>
public sealed class SearchWorkloadTests
{
    private const int Items = 1_000;

    private static readonly string[] SearchKinds =
        ["search by area", "search by theme", "search by phone", "search by address", "search by free text"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_analyst_and_partner_search_workloads_measure_every_kind_of_search_with_results()
    {
        var data = Directory.CreateTempSubdirectory("intelhub-search-load-");
        try
        {
            Assert.Equal(0, await IntelHub.DataSet.Program.Main(["--items", Items.ToString(CultureInfo.InvariantCulture), "--batch", "500", "--data", data.FullName]));
            var truthFile = Path.Combine(data.FullName, "truth.json");
            var truthBefore = await File.ReadAllTextAsync(truthFile, Token);
            var truth = JsonSerializer.Deserialize<TruthDocument>(truthBefore, DataSetTruth.Json)!;

            var analyst = await RunAsync("analyst-search", data);
            AssertEveryKindFound(analyst, "south-wales-police");

            var partner = await RunAsync("partner-search", data);
            AssertEveryKindFound(partner, truth.SearchPartner);

            // Nothing was submitted and the data set is still the one generated.
            Assert.Contains("seeded 0 scenario reports", analyst, StringComparison.Ordinal);
            Assert.Equal(truthBefore, await File.ReadAllTextAsync(truthFile, Token));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_directory_without_a_truth_file_is_refused_and_left_untouched()
    {
        var data = Directory.CreateTempSubdirectory("intelhub-not-a-data-set-");
        using var errors = new StringWriter();
        var console = Console.Error;
        try
        {
            Console.SetError(errors);
            var exit = await Program.Main(["--workload", "partner-search", "--data", data.FullName, "--duration", "1s", "--baseline", "1s"]);

            Assert.Equal(2, exit);
            Assert.Contains("holds no truth.json", errors.ToString(), StringComparison.Ordinal);
            Assert.Empty(data.EnumerateFileSystemInfos());
        }
        finally
        {
            Console.SetError(console);
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_search_workload_without_a_data_set_is_refused()
    {
        using var errors = new StringWriter();
        var console = Console.Error;
        try
        {
            Console.SetError(errors);
            Assert.Equal(2, await Program.Main(["--workload", "analyst-search"]));
            Assert.Contains("give --data DIR", errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(console);
        }
    }

    /// <summary>Runs a workload for a couple of seconds through the generator's entry point; returns its report.</summary>
    private static async Task<string> RunAsync(string workload, DirectoryInfo data)
    {
        var report = Path.Combine(Path.GetTempPath(), $"intelhub-{workload}-{Guid.NewGuid():N}.md");
        try
        {
            var exit = await Program.Main(
                ["--workload", workload, "--data", data.FullName, "--duration", "2s", "--baseline", "1s", "--warmup", "1s", "--concurrency", "4", "--out", report]);
            var text = File.Exists(report) ? await File.ReadAllTextAsync(report, Token) : "(no report)";
            Assert.True(exit == 0, $"{workload} exited with {exit}:{Environment.NewLine}{text}");
            return text;
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>The report's search results: every kind measured as the searcher, with calls and items found.</summary>
    private static void AssertEveryKindFound(string report, string searcher)
    {
        var section = report[report.IndexOf("### Search results", StringComparison.Ordinal)..];
        Assert.Contains($"Searching as {searcher} ", section, StringComparison.Ordinal);
        Assert.Contains("Every kind of search found items", section, StringComparison.Ordinal);
        foreach (var kind in SearchKinds)
        {
            var cells = section.Split('\n').Single(l => l.StartsWith($"| {kind} |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
            // | kind | candidates | finding | calls | results | per call | empty pages |
            Assert.True(Count(cells[3]) > 0, $"{kind}: no candidate query found items:{Environment.NewLine}{section}");
            Assert.True(Count(cells[4]) > 0, $"{kind}: no call measured:{Environment.NewLine}{section}");
            Assert.True(Count(cells[5]) > 0, $"{kind}: no results:{Environment.NewLine}{section}");
        }
        // Each kind's latency is quoted against the empty call of the same run.
        foreach (var kind in SearchKinds) Assert.Contains($"| {kind} p99 / empty call p99", report, StringComparison.Ordinal);
    }

    private static long Count(string cell) => long.Parse(cell, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
