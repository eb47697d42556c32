namespace IntelHub.Server.Retention;

/// <summary>Retention settings (configuration section <c>Hub:Retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>How often the hub looks for items past their review date.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an item may wait for review after its review date before its content is disposed
    /// of. Until then it is withheld from everyone and counted as awaiting review.
    /// </summary>
    public TimeSpan DisposeAfterOverdue { get; set; } = TimeSpan.FromDays(90);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SweepInterval <= TimeSpan.Zero) problems.Add("Hub:Retention:SweepInterval must be positive, e.g. 01:00:00.");
        if (DisposeAfterOverdue < TimeSpan.Zero) problems.Add("Hub:Retention:DisposeAfterOverdue must not be negative, e.g. 90.00:00:00.");
        return problems;
    }
}
