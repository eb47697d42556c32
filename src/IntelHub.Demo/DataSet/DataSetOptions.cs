namespace IntelHub.Demo.DataSet;

/// <summary>
/// The size and seed of a generated data set, and the first day of the twelve months its reports are spread over
/// (the hub refuses review dates in the past, so a data set for a hub starts about a year before today).
/// </summary>
public sealed record DataSetOptions
{
    public DataSetOptions(int items, int seed, DateOnly start)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        Items = items;
        Seed = seed;
        Start = start;
    }

    public int Items { get; }

    public int Seed { get; }

    public DateOnly Start { get; }
}

/// <summary>One generated report: its place in the data set, the request its agency submits, and the identities it names.</summary>
public sealed record DataSetReport(int Index, ScenarioSubmission Submission, IReadOnlyList<DataSetMention> Mentions);

/// <summary>An identity a report names: its kind ("phone", "vehicle", "address", "business", "person"), its number, and the role given.</summary>
public sealed record DataSetMention(string Kind, long Number, string Role);
