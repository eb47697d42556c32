using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using IntelHub.Contracts.V1;
using IntelHub.LoadGenerator.Target;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>Makes one call of each kind, as the party that would make it, through that party's agency connection.</summary>
internal sealed class HubOperations(AgencyChannels agencies, ScenarioRequests requests, ISearchSource searches, ScenarioParties parties, KnownItems items, AwaitedDeliveries awaited)
{
    /// <summary>Makes the call; returns what it yielded: items disclosed by a search or get, agencies a submission was routed to.</summary>
    public Task<int> RunAsync(OperationKind kind, Random random, CancellationToken cancellationToken) => kind switch
    {
        OperationKind.HealthCheck => CheckHealthAsync(random, cancellationToken),
        OperationKind.Submit => SubmitAsync(cancellationToken),
        _ when OperationNames.IsSearch(kind) => SearchAsync(kind, random, cancellationToken),
        OperationKind.Get => GetAsync(random, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Workers do not make this call; inbox followers do."),
    };

    /// <summary>
    /// Submits the scenario's next report as its force or partner, and remembers where the hub routed it: for gets, and,
    /// with the moment the reply arrived, for measuring the item's deliveries on followed streams from that moment.
    /// </summary>
    private async Task<int> SubmitAsync(CancellationToken cancellationToken)
    {
        var report = requests.NextReport();
        var reports = agencies.For(report.Submitter.AgencyId).Reports;
        var options = agencies.As(report.Submitter, cancellationToken);
        var receipt = report.Information is { } information
            ? (await reports.SubmitInformationAsync(information, options)).Receipt
            : (await reports.SubmitIntelligenceAsync(report.Intelligence!, options)).Receipt;
        awaited.Replied(receipt, Stopwatch.GetTimestamp());
        items.Add(receipt, report.Submitter.AgencyId);
        return receipt.Routing.Count;
    }

    private async Task<int> SearchAsync(OperationKind kind, Random random, CancellationToken cancellationToken)
    {
        var (reader, request) = searches.Next(kind, random);
        var found = await agencies.For(reader.Caller.AgencyId).Reports.SearchItemsAsync(request, agencies.As(reader.Caller, cancellationToken));
        return found.Items.Count;
    }

    private async Task<int> GetAsync(Random random, CancellationToken cancellationToken)
    {
        var (itemId, reader) = items.Pick(random);
        await agencies.For(reader.Caller.AgencyId).Reports.GetItemAsync(
            new GetItemRequest { ItemId = itemId, Purpose = reader.Purpose }, agencies.As(reader.Caller, cancellationToken));
        return 1;
    }

    /// <summary>The health check over a connection the mix uses too (any agency's), as a monitoring probe makes it.</summary>
    private async Task<int> CheckHealthAsync(Random random, CancellationToken cancellationToken)
    {
        var agency = parties.Readers[random.Next(parties.Readers.Count)].Caller.AgencyId;
        var reply = await agencies.For(agency).Health.CheckAsync(new HealthCheckRequest(), AgencyChannels.Probe(cancellationToken));
        if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving)
            throw new RpcException(new Status(StatusCode.Unavailable, $"The hub answered the health check with {reply.Status}, not SERVING."));
        return 0;
    }
}
