using IntelHub.Domain.Agencies;
using IntelHub.Domain.Areas;

namespace IntelHub.Domain.Tests.Agencies;

public sealed class AgencyIdTests
{
    [Theory]
    [InlineData("gwent-police")]
    [InlineData("cardiff-council")]
    [InlineData("nca")]
    [InlineData("betsi-cadwaladr-uhb")]
    [InlineData("riu2")]
    public void Lowercase_slug_is_an_agency_id(string text)
    {
        Assert.Equal(text, AgencyId.Parse(text).Value);
        Assert.Equal(AgencyId.Parse(text), AgencyId.Parse(text));
    }

    [Theory]
    [InlineData("Gwent Police", "gwent-police")]
    [InlineData("gwent_police", "gwent-police")]
    [InlineData("-gwent", "gwent")]
    [InlineData("gwent-", "gwent")]
    [InlineData("gwent--police", "gwent-police")]
    [InlineData(" gwent-police", "gwent-police")]
    public void Malformed_agency_id_is_refused_with_a_suggestion(string text, string suggestion)
    {
        var parsed = AgencyId.TryParse(text, out _, out var error);

        Assert.False(parsed);
        Assert.Equal("agency_id", error!.Field);
        Assert.Contains("use lowercase letters a-z and digits, with single hyphens between words", error.Message, StringComparison.Ordinal);
        Assert.Contains($"did you mean '{suggestion}'?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_agency_id_is_refused(string? text)
    {
        var exception = Assert.Throws<DomainRuleException>(() => AgencyId.Parse(text));

        Assert.Contains("Agency id is missing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_agency_id_is_refused_with_the_limit()
    {
        var exception = Assert.Throws<DomainRuleException>(() => AgencyId.Parse(new string('a', 64)));

        Assert.Contains("use at most 63", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_agency_id_cannot_be_read()
    {
        Assert.Throws<InvalidOperationException>(() => default(AgencyId).Value);
    }

    [Theory]
    [InlineData("cardiff")]
    [InlineData("gwent")]
    [InlineData("vale-of-glamorgan")]
    public void Lowercase_slug_is_an_area_code(string text)
    {
        Assert.Equal(text, AreaCode.Parse(text).ToString());
    }

    [Theory]
    [InlineData("Cardiff", "cardiff")]
    [InlineData("Vale of Glamorgan", "vale-of-glamorgan")]
    public void Malformed_area_code_is_refused_with_a_suggestion(string text, string suggestion)
    {
        var exception = Assert.Throws<DomainRuleException>(() => AreaCode.Parse(text));

        Assert.Equal("area", exception.Field);
        Assert.Contains($"Area code '{text}' is not valid", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"did you mean '{suggestion}'?", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_area_code_cannot_be_read()
    {
        Assert.Throws<InvalidOperationException>(() => default(AreaCode).Value);
    }
}
