using IntelHub.Domain.Entities;

namespace IntelHub.Domain.Tests.Entities;

public sealed class PostcodeTests
{
    [Theory]
    [InlineData("cf101aa", "CF10 1AA")]
    [InlineData("CF10 1AA", "CF10 1AA")]
    [InlineData(" cf10  1aa ", "CF10 1AA")]
    [InlineData("NP20 2BL", "NP20 2BL")]
    [InlineData("ll11 6ls", "LL11 6LS")]
    [InlineData("B1 1AA", "B1 1AA")]
    [InlineData("M11AE", "M1 1AE")]
    [InlineData("SW1A 2AA", "SW1A 2AA")]
    [InlineData("W1A 1AA", "W1A 1AA")]
    [InlineData("GIR 0AA", "GIR 0AA")]
    public void Postcode_normalises_to_outward_space_inward(string text, string expected)
    {
        Assert.Equal(expected, Postcode.Parse(text).Value);
    }

    [Theory]
    [InlineData("CF10", "it must have 5 to 7 letters and digits")]
    [InlineData("CF10 1AAA", "it must have 5 to 7 letters and digits")]
    [InlineData("CF10-1AA", "it may contain only letters, digits and spaces")]
    [InlineData("CF10 AAA", "the last three characters (inward code) must be a digit then two letters")]
    [InlineData("CF10 1CI", "the last three characters (inward code) must be a digit then two letters")]
    [InlineData("1F10 1AA", "the first part (outward code) must be one or two letters")]
    [InlineData("CFF1 1AA", "the first part (outward code) must be one or two letters")]
    [InlineData("C 1AA", "it must have 5 to 7 letters and digits")]
    public void Malformed_postcode_is_refused_saying_which_part_is_wrong(string text, string problem)
    {
        var parsed = Postcode.TryParse(text, out var postcode, out var error);

        Assert.False(parsed);
        Assert.Null(postcode);
        Assert.Equal("postcode", error!.Field);
        Assert.Contains("is not a valid UK postcode", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("(e.g. CF10 1AA)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_postcode_is_refused()
    {
        Assert.Contains("Postcode is missing", Assert.Throws<DomainRuleException>(() => Postcode.Parse(" ")).Message, StringComparison.Ordinal);
    }
}
