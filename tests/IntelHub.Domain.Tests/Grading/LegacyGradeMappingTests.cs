using IntelHub.Domain.Grading;

namespace IntelHub.Domain.Tests.Grading;

public sealed class LegacyGradeMappingTests
{
    [Theory]
    [InlineData(LegacySource.A, SourceEvaluation.Reliable)]
    [InlineData(LegacySource.B, SourceEvaluation.Reliable)]
    [InlineData(LegacySource.C, SourceEvaluation.NotReliable)]
    [InlineData(LegacySource.D, SourceEvaluation.NotReliable)]
    [InlineData(LegacySource.E, SourceEvaluation.Untested)]
    public void Legacy_source_maps_to_the_documented_source_evaluation(LegacySource legacy, SourceEvaluation expected)
    {
        Assert.Equal(expected, LegacyGradeMapping.MapSource(legacy));
    }

    [Theory]
    [InlineData(LegacyIntelligence.KnownTrueWithoutReservation, IntelligenceAssessment.A)]
    [InlineData(LegacyIntelligence.KnownPersonallyToSource, IntelligenceAssessment.A)]
    [InlineData(LegacyIntelligence.CorroboratedNotKnownPersonally, IntelligenceAssessment.B)]
    [InlineData(LegacyIntelligence.CannotBeJudged, IntelligenceAssessment.D)]
    [InlineData(LegacyIntelligence.SuspectedFalse, IntelligenceAssessment.E)]
    public void Legacy_intelligence_maps_to_the_documented_assessment(LegacyIntelligence legacy, IntelligenceAssessment expected)
    {
        Assert.Equal(expected, LegacyGradeMapping.MapIntelligence(legacy));
    }

    [Theory]
    [InlineData(LegacyHandling.LawEnforcementAndProsecutors, HandlingCode.P, LegacyRestriction.LawEnforcementOnly)]
    [InlineData(LegacyHandling.UkNonProsecutingParties, HandlingCode.P, LegacyRestriction.PartnersPermitted)]
    [InlineData(LegacyHandling.NonEeaLawEnforcement, HandlingCode.P, LegacyRestriction.LawEnforcementOnly)]
    [InlineData(LegacyHandling.OriginatingAgencyOnly, HandlingCode.C, LegacyRestriction.OriginatingAgencyOnly)]
    [InlineData(LegacyHandling.ReferToOriginator, HandlingCode.C, LegacyRestriction.ReferToOriginator)]
    public void Legacy_handling_maps_to_the_documented_code_and_restriction(
        LegacyHandling legacy, HandlingCode expectedCode, LegacyRestriction expectedRestriction)
    {
        var (code, conditions, restriction) = LegacyGradeMapping.MapHandling(legacy);

        Assert.Equal(expectedCode, code);
        Assert.Equal(expectedRestriction, restriction);
        Assert.Equal(code == HandlingCode.P, conditions.IsEmpty);
    }

    [Fact]
    public void Handling_4_allows_no_onward_dissemination_and_says_originating_agency_only()
    {
        var grading = ItemGrading.FromLegacy(LegacyGrade.Parse("B24"));

        Assert.Equal("1AC", grading.Current.ToString());
        Assert.True(grading.Conditions.NoOnwardDissemination);
        Assert.Contains("originating agency only", grading.Conditions.Other, StringComparison.Ordinal);
        Assert.Equal(LegacyRestriction.OriginatingAgencyOnly, grading.LegacyRestriction);
    }

    [Fact]
    public void Handling_5_refers_to_the_originator_and_allows_no_onward_dissemination()
    {
        var grading = ItemGrading.FromLegacy(LegacyGrade.Parse("E45"));

        Assert.Equal("2DC", grading.Current.ToString());
        Assert.True(grading.Conditions.NoOnwardDissemination);
        Assert.True(grading.Conditions.ContactOriginatorBeforeAction);
        Assert.Contains("refer to the originator", grading.Conditions.Other, StringComparison.Ordinal);
        Assert.Equal(LegacyRestriction.ReferToOriginator, grading.LegacyRestriction);
    }

    [Fact]
    public void Every_legacy_grade_maps_keeping_the_original_and_its_components()
    {
        Assert.All(LegacyGrade.Values, legacy =>
        {
            var grading = ItemGrading.FromLegacy(legacy);

            Assert.Same(legacy, grading.Original);
            Assert.Equal(LegacyGradeMapping.MapSource(legacy.Source), grading.Current.Source);
            Assert.Equal(LegacyGradeMapping.MapIntelligence(legacy.Intelligence), grading.Current.Assessment);
            var (code, conditions, restriction) = LegacyGradeMapping.MapHandling(legacy.Handling);
            Assert.Equal(code, grading.Current.Handling);
            Assert.Equal(conditions, grading.Conditions);
            Assert.Equal(restriction, grading.LegacyRestriction);
        });
    }

    [Fact]
    public void Handling_4_and_5_never_map_to_anything_wider_than_their_own_meaning()
    {
        var withholding = LegacyGrade.Values.Where(g => g.Handling is LegacyHandling.OriginatingAgencyOnly or LegacyHandling.ReferToOriginator);

        Assert.All(withholding, legacy =>
        {
            var grading = ItemGrading.FromLegacy(legacy);
            Assert.Equal(HandlingCode.C, grading.Current.Handling);
            Assert.True(grading.Conditions.NoOnwardDissemination);
            Assert.True(grading.LegacyRestriction >= LegacyRestriction.OriginatingAgencyOnly);
        });
    }

    [Fact]
    public void Sources_without_a_good_track_record_never_map_to_reliable()
    {
        // A and B have a good track record; C, D and E do not, so they must never come out "reliable".
        var weak = new[] { LegacySource.C, LegacySource.D, LegacySource.E };

        Assert.All(weak, source => Assert.NotEqual(SourceEvaluation.Reliable, LegacyGradeMapping.MapSource(source)));
    }

    [Fact]
    public void Documented_table_matches_the_code()
    {
        // given the tables in docs/grading.md
        var doc = GradingDocument.Load();

        // then every row agrees with the code, and every code has a row
        var sources = doc.Rows("## Source");
        Assert.Equal(Enum.GetNames<LegacySource>(), sources.Select(row => row[0]));
        Assert.All(sources, row => Assert.Equal(
            row[2], ((int)LegacyGradeMapping.MapSource(Enum.Parse<LegacySource>(row[0]))).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var intelligence = doc.Rows("## Intelligence");
        Assert.Equal(["1", "2", "3", "4", "5"], intelligence.Select(row => row[0]));
        Assert.All(intelligence, row => Assert.Equal(
            row[2], LegacyGradeMapping.MapIntelligence((LegacyIntelligence)int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture)).ToString()));

        var handling = doc.Rows("## Handling");
        Assert.Equal(["1", "2", "3", "4", "5"], handling.Select(row => row[0]));
        Assert.All(handling, row =>
        {
            var (code, conditions, restriction) = LegacyGradeMapping.MapHandling(
                (LegacyHandling)int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(row[2], code.ToString());
            Assert.Equal(row[4], $"`{restriction}`");
            if (conditions.Other is not null)
            {
                Assert.Contains(conditions.Other, row[3], StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Documented_examples_match_the_code()
    {
        var examples = GradingDocument.Load().Rows("## Examples");

        Assert.NotEmpty(examples);
        Assert.All(examples, row =>
        {
            var grading = ItemGrading.FromLegacy(LegacyGrade.Parse(row[0]));
            Assert.Equal(row[1], grading.Current.ToString());
            Assert.Equal(row[2], $"`{grading.LegacyRestriction}`");
        });
    }
}
