using IntelHub.Contracts.V1;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>Where a worker's next search comes from: who makes it and what it asks.</summary>
internal interface ISearchSource
{
    (Reader Reader, SearchItemsRequest Request) Next(OperationKind kind, Random random);
}

/// <summary>The scenario's searches: any agency's reader, about what the scenario's reports are about.</summary>
internal sealed class ScenarioSearches(ScenarioRequests requests, ScenarioParties parties) : ISearchSource
{
    public (Reader Reader, SearchItemsRequest Request) Next(OperationKind kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var reader = parties.Readers[random.Next(parties.Readers.Count)];
        return (reader, requests.Search(kind, reader, random));
    }
}
