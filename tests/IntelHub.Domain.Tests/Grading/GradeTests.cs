using IntelHub.Domain.Grading;

namespace IntelHub.Domain.Tests.Grading;

public sealed class GradeTests
{
    [Theory]
    [InlineData("1AP", SourceEvaluation.Reliable, IntelligenceAssessment.A, HandlingCode.P)]
    [InlineData("1AC", SourceEvaluation.Reliable, IntelligenceAssessment.A, HandlingCode.C)]
    [InlineData("1BP", SourceEvaluation.Reliable, IntelligenceAssessment.B, HandlingCode.P)]
    [InlineData("1BC", SourceEvaluation.Reliable, IntelligenceAssessment.B, HandlingCode.C)]
    [InlineData("1CP", SourceEvaluation.Reliable, IntelligenceAssessment.C, HandlingCode.P)]
    [InlineData("1CC", SourceEvaluation.Reliable, IntelligenceAssessment.C, HandlingCode.C)]
    [InlineData("1DP", SourceEvaluation.Reliable, IntelligenceAssessment.D, HandlingCode.P)]
    [InlineData("1DC", SourceEvaluation.Reliable, IntelligenceAssessment.D, HandlingCode.C)]
    [InlineData("1EP", SourceEvaluation.Reliable, IntelligenceAssessment.E, HandlingCode.P)]
    [InlineData("1EC", SourceEvaluation.Reliable, IntelligenceAssessment.E, HandlingCode.C)]
    [InlineData("2AP", SourceEvaluation.Untested, IntelligenceAssessment.A, HandlingCode.P)]
    [InlineData("2AC", SourceEvaluation.Untested, IntelligenceAssessment.A, HandlingCode.C)]
    [InlineData("2BP", SourceEvaluation.Untested, IntelligenceAssessment.B, HandlingCode.P)]
    [InlineData("2BC", SourceEvaluation.Untested, IntelligenceAssessment.B, HandlingCode.C)]
    [InlineData("2CP", SourceEvaluation.Untested, IntelligenceAssessment.C, HandlingCode.P)]
    [InlineData("2CC", SourceEvaluation.Untested, IntelligenceAssessment.C, HandlingCode.C)]
    [InlineData("2DP", SourceEvaluation.Untested, IntelligenceAssessment.D, HandlingCode.P)]
    [InlineData("2DC", SourceEvaluation.Untested, IntelligenceAssessment.D, HandlingCode.C)]
    [InlineData("2EP", SourceEvaluation.Untested, IntelligenceAssessment.E, HandlingCode.P)]
    [InlineData("2EC", SourceEvaluation.Untested, IntelligenceAssessment.E, HandlingCode.C)]
    [InlineData("3AP", SourceEvaluation.NotReliable, IntelligenceAssessment.A, HandlingCode.P)]
    [InlineData("3AC", SourceEvaluation.NotReliable, IntelligenceAssessment.A, HandlingCode.C)]
    [InlineData("3BP", SourceEvaluation.NotReliable, IntelligenceAssessment.B, HandlingCode.P)]
    [InlineData("3BC", SourceEvaluation.NotReliable, IntelligenceAssessment.B, HandlingCode.C)]
    [InlineData("3CP", SourceEvaluation.NotReliable, IntelligenceAssessment.C, HandlingCode.P)]
    [InlineData("3CC", SourceEvaluation.NotReliable, IntelligenceAssessment.C, HandlingCode.C)]
    [InlineData("3DP", SourceEvaluation.NotReliable, IntelligenceAssessment.D, HandlingCode.P)]
    [InlineData("3DC", SourceEvaluation.NotReliable, IntelligenceAssessment.D, HandlingCode.C)]
    [InlineData("3EP", SourceEvaluation.NotReliable, IntelligenceAssessment.E, HandlingCode.P)]
    [InlineData("3EC", SourceEvaluation.NotReliable, IntelligenceAssessment.E, HandlingCode.C)]
    public void Every_3x5x2_grade_parses_to_its_components_and_prints_back(
        string text, SourceEvaluation source, IntelligenceAssessment assessment, HandlingCode handling)
    {
        // given a grade as written / when it is parsed
        var grade = Grade.Parse(text);

        // then
        Assert.Equal(source, grade.Source);
        Assert.Equal(assessment, grade.Assessment);
        Assert.Equal(handling, grade.Handling);
        Assert.Equal(text, grade.ToString());
        Assert.Same(grade, Grade.Of(source, assessment, handling));
    }

    [Theory]
    [InlineData("2bc", "2BC")]
    [InlineData(" 1ap ", "1AP")]
    [InlineData("3 E C", "3EC")]
    [InlineData("1-A-P", "1AP")]
    [InlineData("2/d/p", "2DP")]
    public void Grade_is_read_in_any_case_and_spacing(string text, string canonical)
    {
        Assert.Equal(canonical, Grade.Parse(text).ToString());
    }

    [Fact]
    public void There_are_thirty_distinct_grades()
    {
        Assert.Equal(30, Grade.Values.Distinct().Count());
        Assert.All(Grade.Values, grade => Assert.Same(grade, Grade.Parse(grade.ToString())));
    }

    [Theory]
    [InlineData("4AP", "source evaluation (first character) must be 1, 2 or 3")]
    [InlineData("0AP", "source evaluation (first character) must be 1, 2 or 3")]
    [InlineData("1FP", "intelligence assessment (second character) must be A, B, C, D or E")]
    [InlineData("11P", "intelligence assessment (second character) must be A, B, C, D or E")]
    [InlineData("1AX", "handling code (third character) must be P or C")]
    [InlineData("1A2", "handling code (third character) must be P or C")]
    [InlineData("1A", "it must be three characters")]
    [InlineData("1APC", "it must be three characters")]
    [InlineData("reliable", "it must be three characters")]
    public void Malformed_grade_is_refused_naming_the_position_and_an_example(string text, string problem)
    {
        // when
        var parsed = Grade.TryParse(text, out var grade, out var error);

        // then
        Assert.False(parsed);
        Assert.Null(grade);
        Assert.Equal("grade", error!.Field);
        Assert.Contains($"'{text}' is not a 3x5x2 grade", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("(e.g. 1AP)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_grade_is_refused_with_an_example(string? text)
    {
        var exception = Assert.Throws<DomainRuleException>(() => Grade.Parse(text));

        Assert.Equal("grade", exception.Field);
        Assert.Contains("Grade is missing", exception.Message, StringComparison.Ordinal);
        Assert.Contains("1AP", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("B24")]
    [InlineData("b2 4")]
    [InlineData("E5/5")]
    public void Legacy_grade_given_as_3x5x2_is_refused_pointing_to_the_legacy_field(string text)
    {
        var exception = Assert.Throws<DomainRuleException>(() => Grade.Parse(text));

        Assert.Contains("looks like a legacy 5x5x5 grade", exception.Message, StringComparison.Ordinal);
        Assert.Contains("submit it as a legacy grade", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_input_is_echoed_cut_short()
    {
        var text = new string('9', 10_000);

        var exception = Assert.Throws<DomainRuleException>(() => Grade.Parse(text));

        Assert.True(exception.Message.Length < 400, exception.Message);
    }

    [Fact]
    public void Undefined_component_values_are_refused()
    {
        Assert.Throws<DomainRuleException>(() => Grade.Of(0, IntelligenceAssessment.A, HandlingCode.P));
        Assert.Throws<DomainRuleException>(() => Grade.Of(SourceEvaluation.Reliable, (IntelligenceAssessment)6, HandlingCode.P));
        var exception = Assert.Throws<DomainRuleException>(() => Grade.Of(SourceEvaluation.Reliable, IntelligenceAssessment.A, (HandlingCode)3));
        Assert.Contains("use P or C", exception.Message, StringComparison.Ordinal);
    }
}
