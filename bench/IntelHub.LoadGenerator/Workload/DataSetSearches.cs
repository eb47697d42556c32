using System.Text.Json;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Demo.DataSet;
using IntelHub.Demo.Roster;
using IntelHub.LoadGenerator.Settings;
using IntelHub.LoadGenerator.Target;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>The candidate queries of one kind of search, and those of them whose first page held items.</summary>
internal sealed record SearchQueries(OperationKind Kind, IReadOnlyList<SearchItemsRequest> Candidates, IReadOnlyList<SearchItemsRequest> Finding)
{
    /// <summary>What the workers send: the queries that found items, or, when none did, every candidate (the report then says so).</summary>
    public IReadOnlyList<SearchItemsRequest> Measured => Finding.Count > 0 ? Finding : Candidates;
}

/// <summary>
/// One reader's searches of a pre-generated data set (bench/IntelHub.DataSet), built from its truth file: by area, by
/// theme, by a recurring phone number and address, and by words the generated texts use. Every candidate is asked once
/// before measuring, and only those whose first page holds items are measured, so the figures are of searches that
/// find something; a kind where no candidate found anything is measured anyway and reported as empty.
/// </summary>
internal sealed class DataSetSearches : ISearchSource
{
    /// <summary>Words of the generated texts (IntelHub.Demo's ReportText): the full text's, and the sanitised text's, which partners often get.</summary>
    private static readonly string[] Words =
    [
        "wages documents", "drugs", "shoplift", "household", "controlled", "travel abroad", "child",
        "exploitation", "sexual exploitation", "labour exploitation", "criminal exploitation", "domestic servitude", "contact originator",
    ];

    private readonly Dictionary<OperationKind, SearchQueries> _queries;

    private DataSetSearches(Reader reader, IReadOnlyList<SearchQueries> queries)
    {
        Reader = reader;
        Queries = queries;
        _queries = queries.ToDictionary(q => q.Kind);
    }

    public Reader Reader { get; }

    /// <summary>Per kind of search, in the order of <see cref="OperationKind"/>.</summary>
    public IReadOnlyList<SearchQueries> Queries { get; }

    public static IReadOnlyList<OperationKind> Kinds { get; } =
        [OperationKind.SearchByArea, OperationKind.SearchByTheme, OperationKind.SearchByPhone, OperationKind.SearchByAddress, OperationKind.SearchByText];

    public (Reader Reader, SearchItemsRequest Request) Next(OperationKind kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!_queries.TryGetValue(kind, out var queries))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of search a data-set workload makes.");
        var measured = queries.Measured;
        return (Reader, measured[random.Next(measured.Count)]);
    }

    /// <summary>Reads the data set's truth file; a problem naming the file when it cannot be read.</summary>
    public static TruthDocument ReadTruth(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return JsonSerializer.Deserialize<TruthDocument>(file, DataSetTruth.Json)
                ?? throw new LoadRunProblem($"{path} is empty: generate the data set again with bench/IntelHub.DataSet.");
        }
        catch (Exception problem) when (problem is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new LoadRunProblem($"{path} could not be read as a data set's truth file ({problem.Message}): generate the data set again with bench/IntelHub.DataSet.");
        }
    }

    /// <summary>The reader who searches: the data set's search partner, or South Wales Police's analyst.</summary>
    public static Reader SearcherOf(DataSetSearcher searcher, TruthDocument truth, ScenarioParties parties, ScenarioRoster roster)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(roster);
        var agency = searcher == DataSetSearcher.Partner ? truth.SearchPartner : roster.Forces.SouthWales;
        return parties.ReaderAt(agency)
            ?? throw new LoadRunProblem($"The data set's searcher '{agency}' is not an agency of the Wales scenario: generate the data set again with bench/IntelHub.DataSet.");
    }

    /// <summary>Builds the candidates from the truth file and asks each once as the reader, keeping those that find items.</summary>
    public static async Task<DataSetSearches> CalibrateAsync(
        TruthDocument truth, Reader reader, AgencyChannels agencies, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(agencies);
        var reports = agencies.For(reader.Caller.AgencyId).Reports;
        var measured = new List<SearchQueries>();
        foreach (var (kind, candidates) in Candidates(truth, reader))
        {
            if (candidates.Count == 0)
                throw new LoadRunProblem($"The truth file gives nothing to {OperationNames.Describe(kind)} for: generate the data set again with bench/IntelHub.DataSet.");
            var finding = new List<SearchItemsRequest>();
            foreach (var candidate in candidates)
            {
                try
                {
                    var page = await reports.SearchItemsAsync(candidate, agencies.As(reader.Caller, cancellationToken));
                    if (page.Items.Count > 0) finding.Add(candidate);
                }
                catch (RpcException refused)
                {
                    throw new LoadRunProblem(
                        $"The hub refused a {OperationNames.Describe(kind)} as {reader.Caller.AgencyId} ({reader.Caller.Role}) before measuring: {refused.StatusCode}, {refused.Status.Detail}");
                }
            }
            progress.WriteLine($"  {OperationNames.Describe(kind)}: {finding.Count} of {candidates.Count} candidate queries find items as {reader.Caller.AgencyId}.");
            measured.Add(new SearchQueries(kind, candidates, finding));
        }
        return new DataSetSearches(reader, measured);
    }

    private static IEnumerable<(OperationKind Kind, List<SearchItemsRequest> Candidates)> Candidates(TruthDocument truth, Reader reader)
    {
        // A partner's own areas first; then every area the data set names, most items first.
        var areas = reader.OwnAreas.Concat(truth.Areas.OrderByDescending(a => a.Value).Select(a => a.Key)).Distinct(StringComparer.Ordinal);
        yield return (OperationKind.SearchByArea, [.. areas.Select(code => Request(reader, r => r.AreaGssCodes.Add(code)))]);
        yield return (OperationKind.SearchByTheme, [.. truth.Themes.Keys.Select(ThemeOf).OfType<Theme>().Select(theme => Request(reader, r => r.Themes.Add(theme)))]);
        yield return (OperationKind.SearchByPhone, Identities(truth, "phone", EntityType.PhoneNumber, reader));
        yield return (OperationKind.SearchByAddress, Identities(truth, "address", EntityType.Location, reader));
        yield return (OperationKind.SearchByText, [.. Words.Select(words => Request(reader, r => r.Text = words))]);
    }

    private static List<SearchItemsRequest> Identities(TruthDocument truth, string kind, EntityType type, Reader reader) =>
        [.. (truth.Recurring.GetValueOrDefault(kind) ?? []).Select(identity =>
            Request(reader, r => r.Entities.Add(new EntityQuery { Type = type, Value = identity.Value })))];

    /// <summary>A theme as the truth file counts it (exploitation type / age group, the contract's names); null if it is not one.</summary>
    private static Theme? ThemeOf(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 2
               && Enum.TryParse<ExploitationType>(parts[0], out var type)
               && Enum.TryParse<VictimAgeGroup>(parts[1], out var age)
            ? new Theme { ExploitationType = type, VictimAgeGroup = age }
            : null;
    }

    private static SearchItemsRequest Request(Reader reader, Action<SearchItemsRequest> filter)
    {
        var request = new SearchItemsRequest { Purpose = reader.Purpose };
        filter(request);
        return request;
    }
}
