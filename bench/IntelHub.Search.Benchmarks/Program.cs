using System.Diagnostics;
using System.Globalization;
using IntelHub.Search.Benchmarks;

// Searches at N items by a partner entitled to 1 item in 20 (sanitised) and a force's analyst entitled to every item
// (in full): by area, theme, recurring phone, recurring address, common words and rare words, a page of 25 from a
// random cursor each, against a primary-key lookup in the same run. "keep" reuses the store of an earlier run at N.
var items = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
var keep = args.Length > 2 && args[2] == "keep";
if (runs < 1 || items < 1000 || (args.Length > 2 && !keep))
{
    Console.Error.WriteLine("usage: [items >= 1000] [runs per search >= 1] [keep]   (keep: reuse, and leave, the store under the temp directory)");
    return 2;
}
var directory = keep
    ? Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"intelhub-search-bench-{items}")).FullName
    : Directory.CreateTempSubdirectory("intelhub-search-bench-").FullName;
try
{
    var clock = Stopwatch.StartNew();
    var (store, seeded) = await SeededStore.OpenAsync(Path.Combine(directory, "hub.db"), items, keep);
    await using (store)
    {
        Console.WriteLine(seeded
            ? $"Seeded {items:N0} items in {clock.Elapsed.TotalSeconds:F0} s at {directory}; {runs} runs a search."
            : $"Reused the store of {items:N0} items at {directory}; {runs} runs a search.");
        var searches = new Searches(store, items, runs);
        var ceiling = await searches.PrimaryKeyAsync();
        Console.WriteLine("| search | partner p50 / p99 ms | analyst p50 / p99 ms | partner p99 / ceiling p99 | analyst p99 / ceiling p99 | found a page (partner / analyst) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| primary-key lookup (ceiling) | {ceiling.P50:F2} / {ceiling.P99:F2} | | 1 x | 1 x | |");
        foreach (var ((name, partnerQuery), (_, analystQuery)) in Searches.Kinds(partner: true).Zip(Searches.Kinds(partner: false)))
        {
            var partner = await searches.SearchAsync(partnerQuery, SeededStore.Partner);
            var analyst = await searches.SearchAsync(analystQuery, SeededStore.Analyst);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {partner.P50:F2} / {partner.P99:F2} | {analyst.P50:F2} / {analyst.P99:F2} | {partner.P99 / ceiling.P99:F1} x | {analyst.P99 / ceiling.P99:F1} x | {partner.MeanFound:F1} / {analyst.MeanFound:F1} |"));
        }
    }
    return 0;
}
finally
{
    if (!keep) Directory.Delete(directory, recursive: true);
}
