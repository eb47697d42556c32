using System.Globalization;
using System.Text.Json;
using IntelHub.Demo.DataSet;

namespace IntelHub.LoadGenerator.Tests;

/// <summary>
/// The search workloads, each one command of the load generator, against a small data set made by the data-set
/// generator's own entry point (SQLite): every kind of search is measured and finds items, the data set is opened as
/// it is, and a directory that is not a data set is refused before anything starts.
/// </summary>
[Collection(GeneratorRuns.Name)]
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

            var (analystExit, analyst) = await RunAsync("analyst-search", data);
            Assert.True(analystExit == 0, $"analyst-search exited with {analystExit}:{Environment.NewLine}{analyst}");
            Assert.Contains("Every kind of search found items", analyst, StringComparison.Ordinal);
            Assert.Equal(SearchKinds, KindsFound(analyst, "south-wales-police"));

            // At 1,000 items the partner (5%) may see no recurring phone or address in full, the only view entities are
            // matched in: the run then says so and fails, rather than quoting empty searches as figures.
            var (partnerExit, partner) = await RunAsync("partner-search", data);
            var partnerFound = KindsFound(partner, truth.SearchPartner);
            Assert.Superset(new HashSet<string> { "search by area", "search by theme", "search by free text" }, partnerFound.ToHashSet());
            var complete = partnerFound.Count == SearchKinds.Length;
            Assert.Equal(complete ? 0 : 1, partnerExit);
            Assert.Contains(complete ? "Every kind of search found items" : "**Not every kind of search found items**", partner, StringComparison.Ordinal);

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
    public async Task A_data_set_run_waits_until_the_hub_has_completed_its_entitlement_index()
    {
        // Given a data set just loaded in bulk, which deletes the store's record of a completed index
        var data = Directory.CreateTempSubdirectory("intelhub-search-index-");
        try
        {
            Assert.Equal(0, await IntelHub.DataSet.Program.Main(["--items", "300", "--batch", "100", "--data", data.FullName]));
            Assert.Equal(0, await CoverageRecordsAsync(data));

            // When the generator's hub starts on it and the run waits for the index
            await using (var hub = await Target.HubInThisProcess.StartAsync(postgresConnectionString: null, data.FullName, Token))
            {
                await hub.WaitForSearchIndexAsync(TextWriter.Null, Token);

                // Then by the time the wait returns the hub has decided every item and recorded the completed index
                Assert.Equal(1, await CoverageRecordsAsync(data));
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task<long> CoverageRecordsAsync(DirectoryInfo data)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.Combine(data.FullName, "intelhub.db"), Pooling = false }.ToString());
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM entitlement_coverage";
        return (long)(await command.ExecuteScalarAsync(Token))!;
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
    private static async Task<(int Exit, string Report)> RunAsync(string workload, DirectoryInfo data)
    {
        var report = Path.Combine(Path.GetTempPath(), $"intelhub-{workload}-{Guid.NewGuid():N}.md");
        try
        {
            var exit = await Program.Main(
                ["--workload", workload, "--data", data.FullName, "--duration", "2s", "--baseline", "1s", "--warmup", "1s", "--concurrency", "4", "--out", report]);
            Assert.True(File.Exists(report), $"{workload} exited with {exit} and wrote no report");
            return (exit, await File.ReadAllTextAsync(report, Token));
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>The kinds of search the report's search results show as measured with items found, as the searcher, each quoted against the empty call.</summary>
    private static List<string> KindsFound(string report, string searcher)
    {
        var section = report[report.IndexOf("### Search results", StringComparison.Ordinal)..];
        Assert.Contains($"Searching as {searcher} ", section, StringComparison.Ordinal);
        var found = new List<string>();
        foreach (var kind in SearchKinds)
        {
            var cells = section.Split('\n').Single(l => l.StartsWith($"| {kind} |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
            // | kind | candidates | finding | calls | results | per call | empty pages |
            Assert.True(Count(cells[4]) > 0, $"{kind}: no call measured:{Environment.NewLine}{section}");
            Assert.Contains($"| {kind} p99 / empty call p99", report, StringComparison.Ordinal);
            if (Count(cells[3]) > 0 && Count(cells[5]) > 0) found.Add(kind);
        }
        return found;
    }

    private static long Count(string cell) => long.Parse(cell, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
