using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.Networks;

/// <summary>The networks of the scenario, each with its own random stream.</summary>
internal static class ScenarioNetworks
{
    public static IReadOnlyList<Network> Create(int seed, SyntheticIdentities identities, DateOnly start) =>
    [
        new CarWashNetwork(ScenarioRandom.For(seed, "car-wash"), identities, start),
        new CannabisGrowNetwork(ScenarioRandom.For(seed, "cannabis"), identities, start),
        new CountyLinesNetwork(ScenarioRandom.For(seed, "county-lines"), identities, start),
        new FlatsNetwork(ScenarioRandom.For(seed, "flats"), identities, start),
        new FarmLabourNetwork(ScenarioRandom.For(seed, "farm-labour"), identities, start),
        new DomesticServitudeNetwork(ScenarioRandom.For(seed, "domestic-servitude"), identities, start),
        new OrganHarvestingConcern(ScenarioRandom.For(seed, "organ-harvesting"), identities, start),
        new BackgroundReports(ScenarioRandom.For(seed, "background"), identities),
    ];
}
