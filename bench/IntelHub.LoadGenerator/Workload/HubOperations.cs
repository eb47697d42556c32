using Grpc.Core;
using Grpc.Health.V1;
using IntelHub.Contracts.V1;
using IntelHub.LoadGenerator.Target;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>Makes one call of each kind, as the party that would make it, through that party's agency connection.</summary>
internal sealed class HubOperations(AgencyChannels agencies, ScenarioRequests requests, ScenarioParties parties, KnownItems items)
{
    public Task RunAsync(OperationKind kind, Random random, CancellationToken cancellationToken) => kind switch
    {
        OperationKind.HealthCheck => CheckHealthAsync(random, cancellationToken),
        OperationKind.Submit => SubmitAsync(cancellationToken),
        OperationKind.SearchByArea or OperationKind.SearchByTheme or OperationKind.SearchByPhone => SearchAsync(kind, random, cancellationToken),
        OperationKind.Get => GetAsync(random, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Workers do not make this call; inbox followers do."),
    };

    /// <summary>Submits the scenario's next report as its force or partner, and remembers where the hub routed it.</summary>
    public async Task SubmitAsync(CancellationToken cancellationToken)
    {
        var report = requests.NextReport();
        var reports = agencies.For(report.Submitter.AgencyId).Reports;
        var options = agencies.As(report.Submitter, cancellationToken);
        var receipt = report.Information is { } information
            ? (await reports.SubmitInformationAsync(information, options)).Receipt
            : (await reports.SubmitIntelligenceAsync(report.Intelligence!, options)).Receipt;
        items.Add(receipt, report.Submitter.AgencyId);
    }

    private async Task SearchAsync(OperationKind kind, Random random, CancellationToken cancellationToken)
    {
        var reader = parties.Readers[random.Next(parties.Readers.Count)];
        await agencies.For(reader.Caller.AgencyId).Reports.SearchItemsAsync(requests.Search(kind, reader, random), agencies.As(reader.Caller, cancellationToken));
    }

    private async Task GetAsync(Random random, CancellationToken cancellationToken)
    {
        var (itemId, reader) = items.Pick(random);
        await agencies.For(reader.Caller.AgencyId).Reports.GetItemAsync(
            new GetItemRequest { ItemId = itemId, Purpose = reader.Purpose }, agencies.As(reader.Caller, cancellationToken));
    }

    /// <summary>The health check over a connection the mix uses too (any agency's), as a monitoring probe makes it.</summary>
    private async Task CheckHealthAsync(Random random, CancellationToken cancellationToken)
    {
        var agency = parties.Readers[random.Next(parties.Readers.Count)].Caller.AgencyId;
        var reply = await agencies.For(agency).Health.CheckAsync(new HealthCheckRequest(), AgencyChannels.Probe(cancellationToken));
        if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving)
            throw new RpcException(new Status(StatusCode.Unavailable, $"The hub answered the health check with {reply.Status}, not SERVING."));
    }
}
