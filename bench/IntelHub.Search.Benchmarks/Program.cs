using System.Diagnostics;
using System.Globalization;
using IntelHub.Search.Benchmarks;

// A partner's search over a store of N items of which it is entitled to 1 in 20: from the entitlement index, against
// the unindexed path (candidates in created order, filtered afterwards as the reader decision would) and a bare
// primary-key lookup, all in the same run.
var items = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
var directory = Directory.CreateTempSubdirectory("intelhub-search-bench-").FullName;
try
{
    var clock = Stopwatch.StartNew();
    await using var store = await SeededStore.CreateAsync(Path.Combine(directory, "hub.db"), items);
    Console.WriteLine($"Seeded {items:N0} items routed to {SeededStore.Partners} partners (1 in {SeededStore.Partners} each) in {clock.Elapsed.TotalSeconds:F0} s; {runs} runs a search.");
    var searches = new PartnerSearches(store, items, runs);
    Console.Error.WriteLine("measuring");
    var results = new List<(string Name, Timings Timings)>
    {
        ("primary-key lookup (ceiling)", await searches.PrimaryKeyAsync()),
        ("unindexed: area, page of 25 (baseline)", await searches.UnindexedAsync(withWords: false)),
        ("entitlement index: area, page of 25", await searches.IndexedAsync(withWords: false)),
        ("unindexed: area + words, page of 25", await searches.UnindexedAsync(withWords: true)),
        ("entitlement index: area + words, page of 25", await searches.IndexedAsync(withWords: true)),
    };
    var ceiling = results[0].Timings;
    Console.WriteLine($"| search | p50 ms | p99 ms | p99 / primary-key p99 |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var (name, timings) in results)
        Console.WriteLine($"| {name} | {timings.P50:F2} | {timings.P99:F2} | {timings.P99 / ceiling.P99:F1} x |");
}
finally
{
    Directory.Delete(directory, recursive: true);
}
