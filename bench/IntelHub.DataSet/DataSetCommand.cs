using System.CommandLine;

namespace IntelHub.DataSet;

/// <summary>What to generate and where to load it.</summary>
internal sealed record DataSetSettings(int Items, int Seed, int Batch, DirectoryInfo Data, string? Postgres, FileInfo Truth);

/// <summary><c>intelhub-dataset</c>'s command line.</summary>
internal static class DataSetCommand
{
    private const int MostItems = 100_000_000;
    private const int MostBatch = 100_000;

    private static readonly Option<int> Items = new("--items") { Description = "How many reports to generate and load.", DefaultValueFactory = _ => 1_000_000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the data set: the same seed gives the same reports.", DefaultValueFactory = _ => 2024 };
    private static readonly Option<int> Batch = new("--batch") { Description = "Reports per store transaction.", DefaultValueFactory = _ => 10_000 };
    private static readonly Option<DirectoryInfo?> Data = new("--data") { Description = "The hub's data directory (created if missing; SQLite's database is here unless --postgres is given). Required." };
    private static readonly Option<string?> Postgres = new("--postgres") { Description = "Load into this PostgreSQL database (connection string) instead of SQLite in --data." };
    private static readonly Option<FileInfo?> Truth = new("--truth") { Description = "Where to write the truth file (JSON); default DATA/truth.json." };

    public static RootCommand Create(Func<DataSetSettings, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand(
            "intelhub-dataset: generates a synthetic Wales data set and loads it into a hub's store in bulk, routed and " +
            "audited by the hub's own policy code, and writes a truth file describing its shape.")
        {
            Items, Seed, Batch, Data, Postgres, Truth,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var problems = new List<string>();
            var items = parse.GetValue(Items);
            var batch = parse.GetValue(Batch);
            var data = parse.GetValue(Data);
            var postgres = parse.GetValue(Postgres);
            if (items < 1 || items > MostItems) problems.Add($"--items {items}: give 1 to {MostItems:N0}.");
            if (batch < 1 || batch > MostBatch) problems.Add($"--batch {batch}: give 1 to {MostBatch:N0} reports per transaction.");
            if (data is null) problems.Add("--data is missing: name the hub's data directory, e.g. /work/data-scratch/dataset-1m (keep multi-GB data out of the repository).");
            if (postgres is not null && string.IsNullOrWhiteSpace(postgres)) problems.Add("--postgres is empty: give a connection string, e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=dataset'.");
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync("The data set cannot be generated:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
                return 2;
            }
            var truth = parse.GetValue(Truth) ?? new FileInfo(Path.Combine(data!.FullName, "truth.json"));
            return await run(new DataSetSettings(items, parse.GetValue(Seed), batch, data!, postgres, truth), cancellationToken);
        });
        return root;
    }
}
