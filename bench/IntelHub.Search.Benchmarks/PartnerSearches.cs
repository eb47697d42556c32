using System.Diagnostics;
using IntelHub.Storage;
using IntelHub.Storage.Sqlite;

namespace IntelHub.Search.Benchmarks;

internal sealed record Timings(double P50, double P99);

/// <summary>
/// The searches measured, each from random positions in the store (a cursor, as a later page has). The unindexed
/// path is the hub's before the index: candidates in batches of 100 in created order, kept when the partner may see
/// them, until a page is full or 500 were examined.
/// </summary>
internal sealed class PartnerSearches(SqliteHubStore store, int items, int runs)
{
    private const int PageSize = 25;
    private const int Batch = 100;
    private const int ScanBudget = 500;
    private static readonly IReadOnlyList<string> Words = ["site", "123"];

    public Task<Timings> PrimaryKeyAsync() => MeasureAsync(async n => await store.GetItemAsync(SeededStore.IdOf(n), CancellationToken.None));

    public Task<Timings> IndexedAsync(bool withWords) => MeasureAsync(async n =>
        await store.FindItemsAsync(Query(n, withWords) with { EntitledAgency = SeededStore.Partner, Limit = PageSize }, CancellationToken.None));

    public Task<Timings> UnindexedAsync(bool withWords) => MeasureAsync(async n =>
    {
        var query = Query(n, withWords);
        var found = 0;
        for (var scanned = 0; found < PageSize && scanned < ScanBudget; scanned += Batch)
        {
            var candidates = await store.FindItemsAsync(query with { Limit = Batch }, CancellationToken.None);
            found += candidates.Count(c => SeededStore.RoutedToPartner(c.ItemId));
            if (candidates.Count < Batch) break;
            query = query with { After = (candidates[^1].CreatedAt, candidates[^1].ItemId) };
        }
    });

    private static ItemQuery Query(int n, bool withWords) => new()
    {
        Areas = [SeededStore.Area],
        Words = withWords ? Words : null,
        After = (SeededStore.CreatedAtOf(n), SeededStore.IdOf(n)),
    };

    private async Task<Timings> MeasureAsync(Func<int, Task> search)
    {
        var random = new Random(42);
        for (var i = 0; i < 20; i++) await search(random.Next(1, items));
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await search(random.Next(1, items));
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        Console.Error.WriteLine($"  measured {runs} runs");
        return new Timings(times[runs / 2], times[(int)Math.Ceiling(runs * 0.99) - 1]);
    }
}
