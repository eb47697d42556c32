using IntelHub.Demo.Roster;

namespace IntelHub.Demo.Tests;

public sealed class RosterAndOptionsTests
{
    private static ScenarioRoster Small(string gwent = "gwent") => new(
        new ForceIds(gwent, "swp", "dpp", "nwp"),
        "riu",
        [new CouncilParty("council-of-cardiff", "W06000015")],
        [new HealthBoardParty("one-health-board", ["W06000015"])],
        [new NgoParty("one-charity", NgoFocus.AdultVictimSupport)],
        new NationalAgencyIds("national-crime", "immigration", "labour-abuse"));

    [Fact]
    public void A_roster_the_hub_passes_names_every_submitter()
    {
        // Given a roster with other ids and a single council, health board and NGO
        var roster = Small();

        // When the scenario is generated for it
        var scenario = WalesScenario.Generate(roster, ScenarioOptions.Default);

        // Then only its ids submit, and the lone partners stand in for every area
        var ids = roster.AllAgencyIds.ToHashSet(StringComparer.Ordinal);
        Assert.All(scenario, s => Assert.Contains(s.SubmittingAgencyId, ids));
        Assert.Contains(scenario, s => s.SubmittingAgencyId == "council-of-cardiff");
        Assert.Contains(scenario, s => s.SubmittingAgencyId == "one-charity");
    }

    [Fact]
    public void The_roster_is_part_of_the_key_so_two_hubs_rosters_never_collide()
    {
        var ours = WalesScenario.Generate(ScenarioRoster.Wales, ScenarioOptions.Default).Select(s => s.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var theirs = WalesScenario.Generate(Small(), ScenarioOptions.Default);

        Assert.DoesNotContain(theirs, s => ours.Contains(s.IdempotencyKey));
    }

    [Fact]
    public void Roster_refuses_an_agency_given_two_parts()
    {
        var error = Assert.Throws<ArgumentException>(() => Small(gwent: "swp"));

        Assert.Contains("'swp'", error.Message, StringComparison.Ordinal);
        Assert.Contains("two parts", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("W06000007")]
    [InlineData("E06000001")]
    [InlineData("W15000001")]
    public void Roster_refuses_a_council_without_a_Welsh_local_authority_code(string code)
    {
        var error = Assert.Throws<ArgumentException>(() => new ScenarioRoster(
            new ForceIds("a", "b", "c", "d"), "e", [new CouncilParty("f", code)], [new HealthBoardParty("g", ["W06000015"])],
            [new NgoParty("h", NgoFocus.Children)], new NationalAgencyIds("i", "j", "k")));

        Assert.Contains(code, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gwent Police")]
    [InlineData("")]
    public void Roster_refuses_an_id_that_is_not_a_slug(string id)
    {
        var error = Assert.Throws<ArgumentException>(() => Small(gwent: id));

        Assert.Contains("lowercase slug", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_smallest_scenario_still_has_every_episode()
    {
        var scenario = WalesScenario.Generate(ScenarioRoster.Wales, new ScenarioOptions(submissions: ScenarioOptions.MinimumSubmissions));

        Assert.Equal(ScenarioOptions.MinimumSubmissions, scenario.Count);
        Assert.Equal(5, scenario.SelectMany(s => s.Subject.Themes).Select(t => t.ExploitationType).Distinct().Count());
    }

    [Theory]
    [InlineData(ScenarioOptions.MinimumSubmissions - 1, 12)]
    [InlineData(ScenarioOptions.MaximumSubmissions + 1, 12)]
    [InlineData(150, 0)]
    public void Options_refuse_sizes_the_scenario_cannot_hold(int submissions, int months)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ScenarioOptions(submissions: submissions, months: months));

        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void The_largest_scenario_generates_with_unique_keys_and_drama_numbers_only()
    {
        var scenario = WalesScenario.Generate(ScenarioRoster.Wales, new ScenarioOptions(submissions: ScenarioOptions.MaximumSubmissions));

        Assert.Equal(ScenarioOptions.MaximumSubmissions, scenario.Count);
        Assert.Equal(scenario.Count, scenario.Select(s => s.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
        Assert.All(
            scenario.SelectMany(s => s.Subject.Entities).Where(e => e.KindCase == Contracts.V1.Entity.KindOneofCase.PhoneNumber),
            e => Assert.Matches(@"^\+44(7700900|2920180)\d{3}$", Domain.Entities.UkPhoneNumber.Parse(e.PhoneNumber.Number).E164));
    }
}
