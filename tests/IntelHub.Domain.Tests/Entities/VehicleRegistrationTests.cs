using IntelHub.Domain.Entities;

namespace IntelHub.Domain.Tests.Entities;

public sealed class VehicleRegistrationTests
{
    [Theory]
    [InlineData("AB12 CDE", "AB12CDE", VehicleRegistrationFormat.Current)]
    [InlineData("ab12cde", "AB12CDE", VehicleRegistrationFormat.Current)]
    [InlineData("AB-12-CDE", "AB12CDE", VehicleRegistrationFormat.Current)]
    [InlineData(" ab 12  cde ", "AB12CDE", VehicleRegistrationFormat.Current)]
    [InlineData("A123 BCD", "A123BCD", VehicleRegistrationFormat.Prefix)]
    [InlineData("K1 ABC", "K1ABC", VehicleRegistrationFormat.Prefix)]
    [InlineData("ABC 123D", "ABC123D", VehicleRegistrationFormat.Suffix)]
    [InlineData("abc 1d", "ABC1D", VehicleRegistrationFormat.Suffix)]
    [InlineData("ABC 123", "ABC123", VehicleRegistrationFormat.Dateless)]
    [InlineData("1234 AB", "1234AB", VehicleRegistrationFormat.Dateless)]
    [InlineData("A 1", "A1", VehicleRegistrationFormat.Dateless)]
    [InlineData("AIZ 1234", "AIZ1234", VehicleRegistrationFormat.Dateless)]
    public void Registration_normalises_to_upper_case_without_spaces(string text, string expected, VehicleRegistrationFormat format)
    {
        var registration = VehicleRegistration.Parse(text);

        Assert.Equal(expected, registration.Value);
        Assert.Equal(format, registration.Format);
    }

    [Theory]
    [InlineData("HELLO")]
    [InlineData("12345")]
    [InlineData("AB12 CDEF")]
    [InlineData("AB12 CD!")]
    [InlineData("ABCD 123")]
    [InlineData("AB 12345")]
    [InlineData("A12B34C")]
    [InlineData("ÄB12 CDE")]
    [InlineData("a very long piece of text that is not a plate")]
    public void Junk_is_refused_with_the_formats_to_use(string text)
    {
        var parsed = VehicleRegistration.TryParse(text, out var registration, out var error);

        Assert.False(parsed);
        Assert.Null(registration);
        Assert.Equal("vehicle_registration", error!.Field);
        Assert.Contains("is not a recognised UK registration", error.Message, StringComparison.Ordinal);
        Assert.Contains("current format (AB12 CDE)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_registration_is_refused()
    {
        Assert.Contains(
            "Vehicle registration is missing",
            Assert.Throws<DomainRuleException>(() => VehicleRegistration.Parse(null)).Message,
            StringComparison.Ordinal);
    }
}
