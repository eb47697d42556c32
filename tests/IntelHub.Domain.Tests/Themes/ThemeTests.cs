using IntelHub.Domain.Themes;

namespace IntelHub.Domain.Tests.Themes;

public sealed class ThemeTests
{
    [Theory]
    [InlineData("sexual/adult", ExploitationType.Sexual, AgeGroup.Adult)]
    [InlineData("labour/minor", ExploitationType.Labour, AgeGroup.Minor)]
    [InlineData("domestic-servitude/adult", ExploitationType.DomesticServitude, AgeGroup.Adult)]
    [InlineData("criminal/minor", ExploitationType.Criminal, AgeGroup.Minor)]
    [InlineData("organ-harvesting/adult", ExploitationType.OrganHarvesting, AgeGroup.Adult)]
    public void Every_exploitation_type_is_read_and_printed_back(string text, ExploitationType exploitation, AgeGroup ageGroup)
    {
        var theme = Theme.Parse(text);

        Assert.Equal(Theme.Of(exploitation, ageGroup), theme);
        Assert.Equal(text, theme.ToString());
    }

    [Fact]
    public void Theme_is_read_in_any_case_with_spaces_around_the_slash()
    {
        Assert.Equal("criminal/minor", Theme.Parse(" Criminal / MINOR ").ToString());
    }

    [Theory]
    [InlineData("labor/adult", "unknown exploitation type: use one of sexual, labour, domestic-servitude, criminal, organ-harvesting")]
    [InlineData("labour/child", "unknown age group: use adult or minor")]
    [InlineData("labour", "write the exploitation type, '/', then adult or minor")]
    [InlineData("labour/adult/minor", "write the exploitation type, '/', then adult or minor")]
    public void Malformed_theme_is_refused_saying_what_to_write(string text, string advice)
    {
        var parsed = Theme.TryParse(text, out var theme, out var error);

        Assert.False(parsed);
        Assert.Null(theme);
        Assert.Equal("theme", error!.Field);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_theme_is_refused()
    {
        Assert.Contains("Theme is missing", Assert.Throws<DomainRuleException>(() => Theme.Parse(null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_values_are_refused()
    {
        Assert.Throws<DomainRuleException>(() => Theme.Of((ExploitationType)0, AgeGroup.Adult));
        Assert.Throws<DomainRuleException>(() => Theme.Of(ExploitationType.Labour, (AgeGroup)3));
    }
}
