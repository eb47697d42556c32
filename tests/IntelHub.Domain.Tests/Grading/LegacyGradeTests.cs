using IntelHub.Domain.Grading;

namespace IntelHub.Domain.Tests.Grading;

public sealed class LegacyGradeTests
{
    [Theory]
    [InlineData('A', LegacySource.A)]
    [InlineData('B', LegacySource.B)]
    [InlineData('C', LegacySource.C)]
    [InlineData('D', LegacySource.D)]
    [InlineData('E', LegacySource.E)]
    public void Every_legacy_source_code_is_read(char code, LegacySource expected)
    {
        Assert.Equal(expected, LegacyGrade.Parse($"{code}11").Source);
    }

    [Theory]
    [InlineData('1', LegacyIntelligence.KnownTrueWithoutReservation)]
    [InlineData('2', LegacyIntelligence.KnownPersonallyToSource)]
    [InlineData('3', LegacyIntelligence.CorroboratedNotKnownPersonally)]
    [InlineData('4', LegacyIntelligence.CannotBeJudged)]
    [InlineData('5', LegacyIntelligence.SuspectedFalse)]
    public void Every_legacy_intelligence_code_is_read(char code, LegacyIntelligence expected)
    {
        Assert.Equal(expected, LegacyGrade.Parse($"A{code}1").Intelligence);
    }

    [Theory]
    [InlineData('1', LegacyHandling.LawEnforcementAndProsecutors)]
    [InlineData('2', LegacyHandling.UkNonProsecutingParties)]
    [InlineData('3', LegacyHandling.NonEeaLawEnforcement)]
    [InlineData('4', LegacyHandling.OriginatingAgencyOnly)]
    [InlineData('5', LegacyHandling.ReferToOriginator)]
    public void Every_legacy_handling_code_is_read(char code, LegacyHandling expected)
    {
        Assert.Equal(expected, LegacyGrade.Parse($"A1{code}").Handling);
    }

    [Fact]
    public void All_125_legacy_grades_print_as_they_are_written_and_read_back()
    {
        var written = from source in "ABCDE"
                      from intelligence in "12345"
                      from handling in "12345"
                      select $"{source}{intelligence}{handling}";

        var printed = written.Select(text => LegacyGrade.Parse(text).ToString()).ToList();

        Assert.Equal(written, printed);
        Assert.Equal(125, LegacyGrade.Values.Distinct().Count());
    }

    [Theory]
    [InlineData("B2 4")]
    [InlineData("b24")]
    [InlineData("b2/4")]
    [InlineData("B-2-4")]
    [InlineData(" B 2 4 ")]
    public void Legacy_grade_is_read_in_any_common_spelling_and_printed_B24(string text)
    {
        var grade = LegacyGrade.Parse(text);

        Assert.Equal(LegacyGrade.Of(LegacySource.B, LegacyIntelligence.KnownPersonallyToSource, LegacyHandling.OriginatingAgencyOnly), grade);
        Assert.Equal("B24", grade.ToString());
    }

    [Theory]
    [InlineData("F24", "the source (first character) must be a letter A to E")]
    [InlineData("124", "the source (first character) must be a letter A to E")]
    [InlineData("B64", "the intelligence evaluation (second character) must be a number 1 to 5")]
    [InlineData("BB4", "the intelligence evaluation (second character) must be a number 1 to 5")]
    [InlineData("B20", "the handling code (third character) must be a number 1 to 5")]
    [InlineData("B2P", "the handling code (third character) must be a number 1 to 5")]
    [InlineData("B2", "it must be a source letter (A-E), an intelligence number (1-5) and a handling number (1-5)")]
    [InlineData("B2 4 1", "it must be a source letter (A-E), an intelligence number (1-5) and a handling number (1-5)")]
    public void Malformed_legacy_grade_is_refused_naming_the_position_and_an_example(string text, string problem)
    {
        var parsed = LegacyGrade.TryParse(text, out var grade, out var error);

        Assert.False(parsed);
        Assert.Null(grade);
        Assert.Equal("legacy_grade", error!.Field);
        Assert.Contains($"'{text}' is not a 5x5x5 grade", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("(e.g. B24 or B2 4)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Missing_legacy_grade_is_refused(string? text)
    {
        var exception = Assert.Throws<DomainRuleException>(() => LegacyGrade.Parse(text));

        Assert.Equal("legacy_grade", exception.Field);
        Assert.Contains("Legacy grade is missing", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1AP")]
    [InlineData("2bc")]
    public void Current_grade_given_as_legacy_is_refused_pointing_to_the_grade_field(string text)
    {
        var exception = Assert.Throws<DomainRuleException>(() => LegacyGrade.Parse(text));

        Assert.Contains("looks like a current 3x5x2 grade", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_component_values_are_refused()
    {
        Assert.Throws<DomainRuleException>(
            () => LegacyGrade.Of((LegacySource)6, LegacyIntelligence.CannotBeJudged, LegacyHandling.OriginatingAgencyOnly));
        Assert.Throws<DomainRuleException>(
            () => LegacyGrade.Of(LegacySource.A, 0, LegacyHandling.OriginatingAgencyOnly));
        Assert.Throws<DomainRuleException>(
            () => LegacyGrade.Of(LegacySource.A, LegacyIntelligence.CannotBeJudged, (LegacyHandling)6));
    }
}
