using System.Globalization;
using System.Text;
using IntelHub.Demo.DataSet;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Reporting;

/// <summary>
/// The report's section for a data-set search workload: who searched, which queries were measured, and what they
/// found. A search that finds nothing is cheap, so a run whose searches of some kind only ever returned empty pages
/// measured the wrong thing: the section says so, and <see cref="EmptyKinds"/> names those kinds.
/// </summary>
internal static class SearchResultsReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The kinds of search the run measured whose successful calls disclosed no item at all (or that made no successful call).</summary>
    public static IReadOnlyList<OperationKind> EmptyKinds(LoadResults results, DataSetSearches searches)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(searches);
        return [.. searches.Queries.Select(q => q.Kind).Where(k => results.Measured.Recorded[k].Yielded == 0)];
    }

    public static string Render(LoadResults results, DataSetSearches searches, TruthDocument truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var reader = searches.Reader;
        var text = new StringBuilder();
        text.AppendLine("### Search results");
        text.AppendLine();
        var share = truth.Agencies.TryGetValue(reader.Caller.AgencyId, out var agency) ? agency.Share.ToString("P1", Invariant) : "an unknown share";
        text.Append(Invariant, $"Data set: {truth.Items:N0} items (seed {truth.Seed}). Searching as {reader.Caller.AgencyId} ({reader.Caller.Role}) for the purpose ");
        text.Append(Invariant, $"`{reader.Purpose.PurposeId}`; by the truth file it submitted or was routed {share} of the items. ");
        text.AppendLine("Every candidate query was asked once before measuring and only those whose first page held items are measured; results are items on the " +
                                   "first page (at most 25).");
        text.AppendLine();
        text.AppendLine("| Search | Candidate queries | Finding items | Measured calls | Results | Per call | Empty pages |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var queries in searches.Queries)
        {
            var tally = results.Measured.Recorded[queries.Kind];
            var calls = tally.Latencies.Count;
            var perCall = calls == 0 ? "–" : ((double)tally.Yielded / calls).ToString("F1", Invariant);
            text.AppendLine(Invariant,
                $"| {OperationNames.Describe(queries.Kind)} | {queries.Candidates.Count} | {queries.Finding.Count} | {calls:N0} | {tally.Yielded:N0} | {perCall} | {tally.Empty:N0} |");
        }
        text.AppendLine();
        var empty = EmptyKinds(results, searches);
        text.AppendLine(empty.Count == 0
            ? "Every kind of search found items: the figures are of searches that return results."
            : $"**Not every kind of search found items**: {string.Join(", ", empty.Select(OperationNames.Describe))} returned only empty pages, so their " +
              "figures are of searches that find nothing; use a larger data set or another searcher.");
        text.AppendLine();
        return text.ToString();
    }
}
