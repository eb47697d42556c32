using IntelHub.Domain.Entities;

namespace IntelHub.Domain.Tests.Entities;

public sealed class UkPhoneNumberTests
{
    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("+44 7700 900123", "+447700900123")]
    [InlineData("0044 (0)7700-900 123", "+447700900123")]
    [InlineData("+44 (0)7700 900123", "+447700900123")]
    [InlineData("447700900123", "+447700900123")]
    [InlineData("+44 07700 900123", "+447700900123")]
    [InlineData("07700.900.123", "+447700900123")]
    [InlineData("(029) 2087 1234", "+442920871234")]
    [InlineData("01633 838111", "+441633838111")]
    [InlineData("0800 123456", "+44 800123456")]
    [InlineData("016977 3456", "+4416977 3456")]
    public void Uk_number_in_any_format_normalises_to_e164(string text, string expected)
    {
        Assert.Equal(expected.Replace(" ", string.Empty, StringComparison.Ordinal), UkPhoneNumber.Parse(text).E164);
    }

    [Theory]
    [InlineData("+33 1 23 45 67 89", "is not a UK number (its country code is not +44)")]
    [InlineData("0033 1 23 45 67 89", "is not a UK number (its country code is not +44)")]
    [InlineData("7700 900123", "has no country code or leading 0")]
    [InlineData("07700 90012", "has 9 digits after the leading 0 (or +44)")]
    [InlineData("07700 9001234", "has 11 digits after the leading 0 (or +44)")]
    [InlineData("06700 900123", "after the leading 0 (or +44) it must start with 1, 2, 3, 5, 7, 8 or 9")]
    [InlineData("0", "after the leading 0 (or +44) it must start with 1, 2, 3, 5, 7, 8 or 9")]
    [InlineData("07700 9OO123", "contains 'O': write only digits")]
    [InlineData("ext. 1234", "contains 'e': write only digits")]
    [InlineData("+", "has no digits")]
    [InlineData("07700 900123 / 07700 900456 / 07700 900789", "characters long")]
    public void Malformed_or_foreign_number_is_refused_saying_why(string text, string problem)
    {
        var parsed = UkPhoneNumber.TryParse(text, out var number, out var error);

        Assert.False(parsed);
        Assert.Null(number);
        Assert.Equal("phone_number", error!.Field);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_number_is_refused_with_an_example()
    {
        var exception = Assert.Throws<DomainRuleException>(() => UkPhoneNumber.Parse(""));

        Assert.Contains("Phone number is missing: give a UK number such as 07700 900123", exception.Message, StringComparison.Ordinal);
    }
}
