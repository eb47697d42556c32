using Google.Protobuf;
using IntelHub.Demo.Roster;

namespace IntelHub.Demo.Tests;

public sealed class DeterminismTests
{
    private static List<byte[]> Bytes(IReadOnlyList<ScenarioSubmission> scenario) =>
        scenario.Select(s => s.IsIntelligence ? s.Intelligence!.ToByteArray() : s.Information!.ToByteArray()).ToList();

    [Fact]
    public void Same_seed_gives_byte_identical_requests_with_the_same_submitters_and_times()
    {
        // Given the same roster and options twice
        var options = new ScenarioOptions(seed: 99, submissions: 120);

        // When the scenario is generated twice
        var first = WalesScenario.Generate(ScenarioRoster.Wales, options);
        var second = WalesScenario.Generate(ScenarioRoster.Wales, options);

        // Then every request is byte for byte the same, and so is who submits it and when
        Assert.Equal(120, first.Count);
        Assert.Equal(Bytes(first), Bytes(second));
        Assert.Equal(
            first.Select(s => (s.SubmittingAgencyId, s.UserId, s.SubmittedAt)),
            second.Select(s => (s.SubmittingAgencyId, s.UserId, s.SubmittedAt)));
    }

    [Fact]
    public void Different_seeds_give_different_scenarios()
    {
        // Given two seeds
        var one = WalesScenario.Generate(ScenarioRoster.Wales, new ScenarioOptions(seed: 1));
        var two = WalesScenario.Generate(ScenarioRoster.Wales, new ScenarioOptions(seed: 2));

        // Then the texts differ (not just the keys)
        var texts = one.Select(s => s.FullText).ToHashSet(StringComparer.Ordinal);
        Assert.True(two.Count(s => !texts.Contains(s.FullText)) > two.Count / 2, "most texts of seed 2 should not occur in seed 1");
    }

    [Fact]
    public void Idempotency_keys_are_unique_and_a_reload_repeats_them()
    {
        // Given the default scenario, generated again as a restarted hub would
        var reloaded = WalesScenario.Generate(ScenarioRoster.Wales, ScenarioOptions.Default);

        // Then no two submissions share a key, and the reload uses exactly the same keys in the same order
        var keys = Scenarios.Default.Select(s => s.IdempotencyKey).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys, reloaded.Select(s => s.IdempotencyKey));
        Assert.All(keys, key => Assert.StartsWith("wales-demo-2024-", key, StringComparison.Ordinal));
    }

    [Fact]
    public void A_scenario_with_other_options_never_reuses_a_key_of_the_default_one()
    {
        // Given the default scenario and one with a single submission more (every later request shifts)
        var larger = WalesScenario.Generate(ScenarioRoster.Wales, new ScenarioOptions(submissions: ScenarioOptions.Default.Submissions + 1));

        // Then their keys are disjoint, so the hub never sees a used key with a different body
        var keys = Scenarios.Default.Select(s => s.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(larger, s => keys.Contains(s.IdempotencyKey));
    }

    [Fact]
    public void Submissions_are_in_time_order_within_the_scenario_period()
    {
        var options = ScenarioOptions.Default;

        Assert.All(Scenarios.Default, s => Assert.InRange(s.SubmittedAt, options.PeriodStart, options.PeriodEnd));
        Assert.Equal(Scenarios.Default.Select(s => s.SubmittedAt).Order(), Scenarios.Default.Select(s => s.SubmittedAt));
    }
}
