namespace IntelHub.LoadGenerator.Settings;

/// <summary>Which hub the load goes to.</summary>
internal abstract record HubTargetSettings
{
    private HubTargetSettings()
    {
    }

    /// <summary>The real hub started in this process on a free loopback port, with a temporary data directory.</summary>
    /// <param name="PostgresConnectionString">Null: the embedded SQLite store in the data directory.</param>
    /// <param name="DataDirectory">An existing data set's directory, opened as it is and kept; null: a temporary directory, deleted afterwards.</param>
    public sealed record InProcess(string? PostgresConnectionString, string? DataDirectory = null) : HubTargetSettings;

    /// <summary>An embedded hub already running on this machine, reached with the development PKI under its data directory.</summary>
    public sealed record Running(Uri Address, string DataDirectory) : HubTargetSettings;
}

/// <summary>
/// Everything one load run is made of, validated by <see cref="LoadCommand"/> before anything starts.
/// A run is: seed the hub with <see cref="SeedItems"/> submissions, warm up, measure the health check
/// for <see cref="BaselineDuration"/>, then measure the mix for <see cref="Duration"/>, all with
/// <see cref="Concurrency"/> workers. Each of the <see cref="InboxStreams"/> followers asks its stream for a
/// flow-control window of <see cref="InboxWindow"/> unacknowledged deliveries.
/// </summary>
internal sealed record LoadSettings(
    HubTargetSettings Target,
    TimeSpan Duration,
    TimeSpan BaselineDuration,
    TimeSpan Warmup,
    int Concurrency,
    OperationMix Mix,
    int InboxStreams,
    int InboxWindow,
    int SeedItems,
    int RandomSeed,
    FileInfo? Out,
    DataSetWorkload? DataSet = null)
{
    /// <summary>The measured phases and warm-up together, to size token lifetimes; seeding comes on top.</summary>
    public TimeSpan PlannedLength => Duration + BaselineDuration + Warmup;
}

/// <summary>Who searches a pre-generated data set in a search workload.</summary>
internal enum DataSetSearcher
{
    /// <summary>The data set's search partner (the partner entitled to about 5% of the items), as a practitioner.</summary>
    Partner,
    /// <summary>An analyst of South Wales Police, the largest force.</summary>
    ForceAnalyst,
}

/// <summary>A search workload over a data set made by bench/IntelHub.DataSet: who searches, and the data set's truth file.</summary>
internal sealed record DataSetWorkload(string Name, DataSetSearcher Searcher, string TruthFile);
