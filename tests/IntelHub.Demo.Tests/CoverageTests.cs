using IntelHub.Contracts.V1;
using IntelHub.Demo.Roster;

namespace IntelHub.Demo.Tests;

/// <summary>The scenario shows every part of the picture a problem profile covers, whatever the seed.</summary>
public sealed class CoverageTests
{
    public static TheoryData<int> Seeds => new(0, 1, 2);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void All_four_forces_the_RIU_and_every_kind_of_partner_submit(int seedIndex)
    {
        var roster = ScenarioRoster.Wales;
        var submitters = Scenarios.BySeed[seedIndex].Select(s => s.SubmittingAgencyId).ToHashSet(StringComparer.Ordinal);

        Assert.All(
            new[] { roster.Forces.Gwent, roster.Forces.SouthWales, roster.Forces.DyfedPowys, roster.Forces.NorthWales, roster.Riu,
                roster.National.Nca, roster.National.ImmigrationEnforcement, roster.National.Gla },
            id => Assert.Contains(id, submitters));
        Assert.Contains(roster.Councils, c => submitters.Contains(c.AgencyId));
        Assert.Contains(roster.HealthBoards, h => submitters.Contains(h.AgencyId));
        Assert.Contains(roster.Ngos, n => submitters.Contains(n.AgencyId));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Partners_submit_information_and_forces_submit_intelligence(int seedIndex)
    {
        var roster = ScenarioRoster.Wales;
        var scenario = Scenarios.BySeed[seedIndex];
        var partners = roster.Councils.Select(c => c.AgencyId).Concat(roster.HealthBoards.Select(h => h.AgencyId)).Concat(roster.Ngos.Select(n => n.AgencyId)).ToHashSet(StringComparer.Ordinal);

        Assert.Contains(scenario, s => !s.IsIntelligence && partners.Contains(s.SubmittingAgencyId));
        Assert.Contains(scenario, s => s.IsIntelligence && s.SubmittingAgencyId == roster.Forces.NorthWales);
        Assert.InRange(scenario.Count(s => s.IsIntelligence), scenario.Count / 4, scenario.Count * 3 / 4);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_exploitation_type_and_both_age_groups_occur(int seedIndex)
    {
        var themes = Scenarios.BySeed[seedIndex].SelectMany(s => s.Subject.Themes).ToList();

        Assert.All(
            Enum.GetValues<ExploitationType>().Where(t => t != ExploitationType.Unspecified),
            type => Assert.Contains(themes, t => t.ExploitationType == type));
        Assert.Contains(themes, t => t.VictimAgeGroup == VictimAgeGroup.Adult);
        Assert.Contains(themes, t => t.VictimAgeGroup == VictimAgeGroup.Minor);

        // Organ harvesting is rare; labour and criminal exploitation are common.
        var organ = themes.Count(t => t.ExploitationType == ExploitationType.OrganHarvesting);
        Assert.True(organ < themes.Count(t => t.ExploitationType == ExploitationType.Labour) / 5);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Grades_spread_over_the_3x5x2_model_and_older_records_carry_5x5x5_handling_4_and_5(int seedIndex)
    {
        var intelligence = Scenarios.BySeed[seedIndex].Where(s => s.IsIntelligence).Select(s => s.Intelligence!).ToList();
        var grades = intelligence.Where(i => i.GradingCase == SubmitIntelligenceRequest.GradingOneofCase.Grade).Select(i => i.Grade).ToList();
        var legacy = intelligence.Where(i => i.GradingCase == SubmitIntelligenceRequest.GradingOneofCase.LegacyGrade).Select(i => i.LegacyGrade).ToList();

        Assert.Equal(3, grades.Select(g => g.SourceEvaluation).Distinct().Count());
        Assert.True(grades.Select(g => g.IntelligenceAssessment).Distinct().Count() >= 4);
        Assert.True(grades.Count(g => g.HandlingCode == HandlingCode.P) > grades.Count(g => g.HandlingCode == HandlingCode.C), "mostly P");
        Assert.Contains(grades, g => g.HandlingCode == HandlingCode.C);
        Assert.Contains(legacy, g => g.HandlingCode == LegacyHandlingCode._4OriginatorOnly);
        Assert.Contains(legacy, g => g.HandlingCode == LegacyHandlingCode._5ReferToOriginator);
    }

    [Fact]
    public void Victims_and_suspects_have_nationalities_seen_in_UK_modern_slavery_referrals()
    {
        var nationalities = Scenarios.Default
            .SelectMany(s => s.Subject.Entities)
            .Where(e => e.KindCase == Entity.KindOneofCase.Person)
            .SelectMany(e => e.Person.Nationalities)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["AL", "VN", "RO", "ER", "SD", "CN", "PL", "NG", "GB"], StringComparer.Ordinal), nationalities);
    }
}
