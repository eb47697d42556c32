using IntelHub.Demo.Roster;

namespace IntelHub.Demo.Tests;

/// <summary>Scenarios generated once per test run: generating is deterministic, so sharing them is safe.</summary>
internal static class Scenarios
{
    private static readonly Lazy<IReadOnlyList<ScenarioSubmission>> DefaultScenario =
        new(() => WalesScenario.Generate(ScenarioRoster.Wales, ScenarioOptions.Default));

    private static readonly Lazy<IReadOnlyList<IReadOnlyList<ScenarioSubmission>>> SeveralScenarios =
        new(() => [.. new[] { 2024, 7, 31337 }.Select(seed => WalesScenario.Generate(ScenarioRoster.Wales, new ScenarioOptions(seed: seed)))]);

    public static IReadOnlyList<ScenarioSubmission> Default => DefaultScenario.Value;

    /// <summary>Every submission of the default scenario and of two other seeds, for rules that must hold whatever the seed.</summary>
    public static IEnumerable<ScenarioSubmission> AnySeed => SeveralScenarios.Value.SelectMany(s => s);

    public static IReadOnlyList<IReadOnlyList<ScenarioSubmission>> BySeed => SeveralScenarios.Value;
}
