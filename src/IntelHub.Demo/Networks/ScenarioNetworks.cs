using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.Networks;

/// <summary>The networks of the scenario, each with its own random stream.</summary>
internal static class ScenarioNetworks
{
    public static IReadOnlyList<Network> Create(int seed, SyntheticIdentities identities, DateOnly start) =>
    [
        new CarWashNetwork(ScenarioRandom.For(seed, "car-wash"), identities, start),
    ];
}
