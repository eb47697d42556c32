namespace IntelHub.Demo;

/// <summary>
/// How to generate the scenario. The same options (and roster) always give byte-identical requests,
/// idempotency keys included, so a hub that reloads the demo after a restart stores nothing twice.
/// </summary>
public sealed class ScenarioOptions
{
    /// <summary>The fewest submissions: one of every episode, so that every network, agency kind and theme appears.</summary>
    public const int MinimumSubmissions = 60;

    /// <summary>The most submissions: past this the drama phone ranges run out and links become accidental.</summary>
    public const int MaximumSubmissions = 1000;

    public ScenarioOptions(int seed = 2024, DateOnly? start = null, int months = 12, int submissions = 150)
    {
        if (months is < 1 or > 60)
        {
            throw new ArgumentOutOfRangeException(
                nameof(months), months, "The scenario period must be 1 to 60 months long.");
        }

        if (submissions is < MinimumSubmissions or > MaximumSubmissions)
        {
            throw new ArgumentOutOfRangeException(
                nameof(submissions), submissions,
                $"The scenario holds {MinimumSubmissions} to {MaximumSubmissions} submissions: fewer cannot show every "
                + "network and agency; more would run out of Ofcom's drama phone numbers.");
        }

        var first = start ?? new DateOnly(2024, 4, 1);
        if (first.Year is < 2000 or > 2100)
        {
            throw new ArgumentOutOfRangeException(nameof(start), first, "The scenario must start between 2000 and 2100.");
        }

        Seed = seed;
        Start = first;
        Months = months;
        Submissions = submissions;
    }

    /// <summary>The default: seed 2024, twelve months from 1 April 2024, 150 submissions.</summary>
    public static ScenarioOptions Default { get; } = new();

    public int Seed { get; }

    /// <summary>The first day of the scenario period (UTC).</summary>
    public DateOnly Start { get; }

    public int Months { get; }

    /// <summary>How many submissions to generate.</summary>
    public int Submissions { get; }

    public DateTimeOffset PeriodStart => new(Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public DateTimeOffset PeriodEnd => PeriodStart.AddMonths(Months);

    public override string ToString() => $"seed {Seed}, {Months} months from {Start:yyyy-MM-dd}, {Submissions} submissions";
}
