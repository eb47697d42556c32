using IntelHub.Contracts.V1;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Summary;

namespace IntelHub.Demo.Tests;

/// <summary>Every request satisfies the rules the hub enforces on submission (protos/README.md, docs/grading.md).</summary>
public sealed class RequestRulesTests
{
    private static readonly HashSet<string> WelshAreaCodes = new(
        new[] { 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 24 }.Select(n => $"W06{n:D6}")
            .Concat(["W15000001", "W15000002", "W15000003", "W15000004"]),
        StringComparer.Ordinal);

    [Fact]
    public void Every_request_has_a_key_text_and_a_subject_with_themes_areas_and_a_period()
    {
        Assert.All(Scenarios.AnySeed, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.IdempotencyKey));
            Assert.False(string.IsNullOrWhiteSpace(s.FullText));
            Assert.NotEmpty(s.Subject.Themes);
            Assert.All(s.Subject.Themes, t =>
            {
                Assert.NotEqual(ExploitationType.Unspecified, t.ExploitationType);
                Assert.NotEqual(VictimAgeGroup.Unspecified, t.VictimAgeGroup);
            });
            Assert.NotEmpty(s.Subject.Areas);
            Assert.NotNull(s.Subject.Occurred);
            Assert.NotEmpty(s.Subject.PersonalDataCategories);
            Assert.DoesNotContain(PersonalDataCategory.Unspecified, s.Subject.PersonalDataCategories);
        });
    }

    [Fact]
    public void Areas_are_real_Welsh_local_authority_and_police_force_area_codes()
    {
        Assert.All(Scenarios.AnySeed.SelectMany(s => s.Subject.Areas), area => Assert.Contains(area.GssCode, WelshAreaCodes));
    }

    [Fact]
    public void Events_happen_before_they_are_reported()
    {
        Assert.All(Scenarios.AnySeed, s =>
        {
            var start = s.Subject.Occurred.StartTime.ToDateTimeOffset();
            var end = s.Subject.Occurred.EndTime.ToDateTimeOffset();
            Assert.True(start <= end, $"{s.IdempotencyKey}: period starts after it ends");
            Assert.True(end <= s.SubmittedAt, $"{s.IdempotencyKey}: events end after the report");
        });
    }

    [Fact]
    public void Classification_is_OFFICIAL_or_OFFICIAL_SENSITIVE_with_descriptors_only_on_the_latter()
    {
        var markings = Scenarios.AnySeed.Select(s => s.Classification).ToList();

        Assert.All(markings, c =>
        {
            Assert.Contains(c.Level, new[] { ClassificationLevel.Official, ClassificationLevel.OfficialSensitive });
            Assert.True(c.Level == ClassificationLevel.OfficialSensitive || c.Descriptors.Count == 0, "OFFICIAL carries no descriptor");
            Assert.DoesNotContain(SensitivityDescriptor.Unspecified, c.Descriptors);
        });
        Assert.True(markings.Count(c => c.Level == ClassificationLevel.OfficialSensitive) > markings.Count / 2, "mostly OFFICIAL-SENSITIVE");
        Assert.Contains(markings, c => c.Level == ClassificationLevel.Official);
    }

    [Fact]
    public void Review_date_is_after_the_submission_date()
    {
        Assert.All(Scenarios.AnySeed, s =>
        {
            var review = new DateOnly(s.ReviewDate.Year, s.ReviewDate.Month, s.ReviewDate.Day);
            Assert.True(review > DateOnly.FromDateTime(s.SubmittedAt.UtcDateTime).AddYears(1), $"{s.IdempotencyKey}: review {review} is not years after submission");
        });
    }

    [Fact]
    public void Intelligence_has_exactly_one_complete_grading()
    {
        Assert.All(Scenarios.AnySeed.Where(s => s.IsIntelligence).Select(s => s.Intelligence!), i =>
        {
            Assert.NotEqual(SubmitIntelligenceRequest.GradingOneofCase.None, i.GradingCase);
            if (i.GradingCase == SubmitIntelligenceRequest.GradingOneofCase.Grade)
            {
                Assert.NotEqual(SourceEvaluation.Unspecified, i.Grade.SourceEvaluation);
                Assert.NotEqual(IntelligenceAssessment.Unspecified, i.Grade.IntelligenceAssessment);
                Assert.NotEqual(HandlingCode.Unspecified, i.Grade.HandlingCode);
            }
            else
            {
                Assert.NotEqual(LegacySourceEvaluation.Unspecified, i.LegacyGrade.SourceEvaluation);
                Assert.NotEqual(LegacyIntelligenceEvaluation.Unspecified, i.LegacyGrade.IntelligenceEvaluation);
                Assert.NotEqual(LegacyHandlingCode.Unspecified, i.LegacyGrade.HandlingCode);
            }
        });
    }

    [Fact]
    public void Handling_C_carries_conditions_and_P_and_legacy_grades_carry_none()
    {
        var intelligence = Scenarios.AnySeed.Where(s => s.IsIntelligence).Select(s => s.Intelligence!).ToList();

        Assert.All(intelligence, i =>
        {
            if (i.GradingCase == SubmitIntelligenceRequest.GradingOneofCase.Grade && i.Grade.HandlingCode == HandlingCode.C)
            {
                Assert.NotEmpty(i.HandlingConditions);
                Assert.All(i.HandlingConditions, c =>
                {
                    Assert.NotEqual(HandlingConditionKind.Unspecified, c.Kind);
                    Assert.False(string.IsNullOrWhiteSpace(c.Text));
                });
                Assert.Equal(i.HandlingConditions.Count, i.HandlingConditions.Select(c => c.Kind).Distinct().Count());
            }
            else
            {
                // P has none; a legacy grade's conditions are derived by the hub from handling 4 and 5.
                Assert.Empty(i.HandlingConditions);
            }
        });
    }

    [Fact]
    public void Only_law_enforcement_agencies_of_the_roster_submit_intelligence()
    {
        var lawEnforcement = ScenarioRoster.Wales.LawEnforcementAgencyIds.ToHashSet(StringComparer.Ordinal);

        Assert.All(Scenarios.AnySeed.Where(s => s.IsIntelligence), s => Assert.Contains(s.SubmittingAgencyId, lawEnforcement));
        Assert.All(Scenarios.AnySeed, s => Assert.Contains(s.SubmittingAgencyId, ScenarioRoster.Wales.AllAgencyIds));
    }

    [Fact]
    public void Users_are_pseudonymous_subjects_of_their_agency()
    {
        Assert.All(Scenarios.AnySeed, s =>
        {
            Assert.StartsWith(s.SubmittingAgencyId + "-", s.UserId, StringComparison.Ordinal);
            Assert.Matches("^[a-z0-9-]+-[0-9]$", s.UserId);
        });
    }

    [Fact]
    public void Every_entity_is_readable_by_the_hubs_entity_matching()
    {
        var entities = Scenarios.AnySeed.SelectMany(s => s.Subject.Entities).ToList();

        Assert.All(entities, e =>
        {
            Assert.NotEqual(Entity.KindOneofCase.None, e.KindCase);
            Assert.NotEqual(EntityRole.Unspecified, e.Role);
            Assert.NotNull(ScenarioSummary.Key(e));
        });
        Assert.All(entities.Where(e => e.KindCase == Entity.KindOneofCase.Person), e =>
        {
            Assert.NotEmpty(e.Person.Nationalities);
            Assert.True(e.Person.DateOfBirth.Year > 1900);
        });
    }
}
