using System.Diagnostics;
using IntelHub.Storage;
using IntelHub.Storage.Sqlite;

namespace IntelHub.Search.Benchmarks;

internal sealed record Timings(double P50, double P99, double MeanFound);

/// <summary>
/// The searches measured, each a page of 25 from a random cursor (as a later page has), as the store answers them for
/// the hub: from the caller's entitlements or a rare filter's matches, whichever the store's capped counts choose.
/// </summary>
internal sealed class Searches(SqliteHubStore store, int items, int runs)
{
    private const int PageSize = 25;

    public static IReadOnlyList<(string Name, ItemQuery Query)> Kinds(bool partner) =>
    [
        ("area (1 in 22)", new ItemQuery { Areas = [SeededStore.Area] }),
        ("theme (1 in 50)", new ItemQuery { Themes = [SeededStore.RareTheme] }),
        ("recurring phone (1 in 2,000)", new ItemQuery { Entities = [new EntityKey("phone-number", SeededStore.RecurringPhone, "")] }),
        ("recurring address (1 in 400)", new ItemQuery { Entities = [new EntityKey("address", SeededStore.RecurringAddress, "")] }),
        ("common words (every item)", new ItemQuery { Words = SeededStore.CommonWords, WordsInSanitisedTextOnly = partner }),
        ("rare words (partner: 1 in 1,499 sanitised texts; analyst: 1 in 997 texts)", new ItemQuery { Words = partner ? SeededStore.RareSanitisedWords : SeededStore.RareFullTextWords, WordsInSanitisedTextOnly = partner }),
    ];

    public Task<Timings> PrimaryKeyAsync() => MeasureAsync(async n => await store.GetItemAsync(SeededStore.IdOf(n), CancellationToken.None) is null ? 0 : 1);

    public Task<Timings> SearchAsync(ItemQuery query, string agency) => MeasureAsync(async n =>
        (await store.FindItemsAsync(query with
        {
            EntitledAgency = agency, Limit = PageSize, After = (SeededStore.CreatedAtOf(n), SeededStore.IdOf(n)),
        }, CancellationToken.None)).Count);

    private async Task<Timings> MeasureAsync(Func<int, Task<int>> search)
    {
        var random = new Random(42);
        for (var i = 0; i < 10; i++) await search(random.Next(1, items));
        var times = new List<double>(runs);
        long found = 0;
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            found += await search(random.Next(1, items));
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return new Timings(times[runs / 2], times[(int)Math.Ceiling(runs * 0.99) - 1], (double)found / runs);
    }
}
