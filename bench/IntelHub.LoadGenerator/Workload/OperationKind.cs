namespace IntelHub.LoadGenerator.Workload;

/// <summary>What one measured call does. The order is the order of the report's rows.</summary>
internal enum OperationKind
{
    /// <summary>grpc.health.v1.Health/Check: the baseline every other figure is a ratio of.</summary>
    HealthCheck,
    /// <summary>A force's intelligence or a partner's information from the Wales scenario, under a fresh idempotency key.</summary>
    Submit,
    /// <summary>A search by area (GSS code) for the searcher's declared purpose.</summary>
    SearchByArea,
    /// <summary>A search by theme (exploitation type and age group).</summary>
    SearchByTheme,
    /// <summary>A search by phone number as a user typed it in a report.</summary>
    SearchByPhone,
    /// <summary>A search by address as a user typed it (data-set workloads: a recurring address).</summary>
    SearchByAddress,
    /// <summary>A free-text search for words the generated reports use (data-set workloads).</summary>
    SearchByText,
    /// <summary>GetItem of an item submitted in this run, by an agency it was routed to.</summary>
    Get,
    /// <summary>One delivery on an inbox stream; its latency is from the hub queuing it to the follower receiving it.</summary>
    InboxDelivery,
    /// <summary>
    /// One delivery, on a followed stream, of an item this generator submitted; its latency is from the submitter having
    /// the reply to the follower receiving it (0 when it arrived first): issue 11's inbox target.
    /// </summary>
    InboxDeliveryAfterReply,
    /// <summary>Acknowledge up to a position, from an inbox follower.</summary>
    Acknowledge,
}

internal static class OperationNames
{
    public static string Describe(OperationKind kind) => kind switch
    {
        OperationKind.HealthCheck => "health check (baseline)",
        OperationKind.Submit => "submit",
        OperationKind.SearchByArea => "search by area",
        OperationKind.SearchByTheme => "search by theme",
        OperationKind.SearchByPhone => "search by phone",
        OperationKind.SearchByAddress => "search by address",
        OperationKind.SearchByText => "search by free text",
        OperationKind.Get => "get item",
        OperationKind.InboxDelivery => "inbox delivery (queued → received)",
        OperationKind.InboxDeliveryAfterReply => "inbox delivery (reply → received)",
        OperationKind.Acknowledge => "inbox acknowledge",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an operation of the load generator."),
    };

    /// <summary>Whether a successful call yields items: disclosed ones for a search or get, routed parties for a submission.</summary>
    public static bool Yields(OperationKind kind) =>
        kind is OperationKind.Submit or OperationKind.Get || IsSearch(kind);

    public static bool IsSearch(OperationKind kind) =>
        kind is OperationKind.SearchByArea or OperationKind.SearchByTheme or OperationKind.SearchByPhone
            or OperationKind.SearchByAddress or OperationKind.SearchByText;
}
