using IntelHub.Domain.Grading;

namespace IntelHub.Domain.Tests.Grading;

public sealed class ItemGradingTests
{
    [Fact]
    public void Handling_code_C_without_conditions_is_refused()
    {
        var created = ItemGrading.TryCreate(Grade.Parse("2BC"), HandlingConditions.None, out var grading, out var error);

        Assert.False(created);
        Assert.Null(grading);
        Assert.Equal("handling_conditions", error!.Field);
        Assert.Contains("2BC has handling code C but no conditions", error.Message, StringComparison.Ordinal);
        Assert.Contains("use handling code P", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Handling_code_P_with_conditions_is_refused()
    {
        var conditions = HandlingConditions.Create(notForEvidentialUse: true);

        var exception = Assert.Throws<DomainRuleException>(() => ItemGrading.Create(Grade.Parse("1AP"), conditions));

        Assert.Equal("handling_conditions", exception.Field);
        Assert.Contains("1AP has handling code P but conditions were given (not for evidential use)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("use handling code C", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, false, null)]
    [InlineData(false, true, false, null)]
    [InlineData(false, false, true, null)]
    [InlineData(false, false, false, "Not to be shared with the landlord's agent.")]
    public void Handling_code_C_with_any_one_condition_is_accepted(bool noOnward, bool notEvidential, bool contactFirst, string? other)
    {
        var conditions = HandlingConditions.Create(noOnward, notEvidential, contactFirst, other);

        var grading = ItemGrading.Create(Grade.Parse("2BC"), conditions);

        Assert.Same(conditions, grading.Conditions);
        Assert.Null(grading.Original);
        Assert.Null(grading.LegacyRestriction);
    }

    [Fact]
    public void Handling_code_P_with_no_conditions_is_accepted()
    {
        var grading = ItemGrading.Create(Grade.Parse("1AP"), HandlingConditions.None);

        Assert.True(grading.Conditions.IsEmpty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_other_condition_counts_as_none(string other)
    {
        Assert.True(HandlingConditions.Create(other: other).IsEmpty);
    }

    [Fact]
    public void Other_condition_is_kept_trimmed()
    {
        Assert.Equal("Refer to DS Jones.", HandlingConditions.Create(other: "  Refer to DS Jones. ").Other);
    }

    [Fact]
    public void Overlong_other_condition_is_refused_with_the_limit()
    {
        var exception = Assert.Throws<DomainRuleException>(() => HandlingConditions.Create(other: new string('x', 501)));

        Assert.Equal("handling_conditions", exception.Field);
        Assert.Contains("501 characters long: keep it to 500 or fewer", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_condition_with_control_characters_is_refused()
    {
        var exception = Assert.Throws<DomainRuleException>(() => HandlingConditions.Create(other: "no\u0007bell"));

        Assert.Contains("contains control characters: write it as plain text", exception.Message, StringComparison.Ordinal);
    }
}
