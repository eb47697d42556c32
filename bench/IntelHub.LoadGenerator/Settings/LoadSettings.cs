namespace IntelHub.LoadGenerator.Settings;

/// <summary>Which hub the load goes to.</summary>
internal abstract record HubTargetSettings
{
    private HubTargetSettings()
    {
    }

    /// <summary>The real hub started in this process on a free loopback port, with a temporary data directory.</summary>
    /// <param name="PostgresConnectionString">Null: the embedded SQLite store in the temporary directory.</param>
    public sealed record InProcess(string? PostgresConnectionString) : HubTargetSettings;

    /// <summary>An embedded hub already running on this machine, reached with the development PKI under its data directory.</summary>
    public sealed record Running(Uri Address, string DataDirectory) : HubTargetSettings;
}

/// <summary>
/// Everything one load run is made of, validated by <see cref="LoadCommand"/> before anything starts.
/// A run is: seed the hub with <see cref="SeedItems"/> submissions, warm up, measure the health check
/// for <see cref="BaselineDuration"/>, then measure the mix for <see cref="Duration"/>, all with
/// <see cref="Concurrency"/> workers.
/// </summary>
internal sealed record LoadSettings(
    HubTargetSettings Target,
    TimeSpan Duration,
    TimeSpan BaselineDuration,
    TimeSpan Warmup,
    int Concurrency,
    OperationMix Mix,
    int InboxStreams,
    int SeedItems,
    int RandomSeed,
    FileInfo? Out)
{
    /// <summary>The measured phases and warm-up together, to size token lifetimes; seeding comes on top.</summary>
    public TimeSpan PlannedLength => Duration + BaselineDuration + Warmup;
}
