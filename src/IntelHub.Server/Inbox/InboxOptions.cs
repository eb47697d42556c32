namespace IntelHub.Server.Inbox;

/// <summary>Inbox stream settings (configuration section <c>Hub:Inbox</c>).</summary>
public sealed class InboxOptions
{
    /// <summary>How often an idle stream reads the store, for deliveries routed by another hub replica.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stream may stay silent before the hub sends a heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PollInterval <= TimeSpan.Zero) problems.Add("Hub:Inbox:PollInterval must be positive, e.g. 00:00:01.");
        if (HeartbeatInterval < PollInterval) problems.Add("Hub:Inbox:HeartbeatInterval must be at least Hub:Inbox:PollInterval, e.g. 00:00:15.");
        return problems;
    }
}
