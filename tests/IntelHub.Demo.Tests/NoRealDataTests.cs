using IntelHub.Contracts.V1;
using IntelHub.Demo.Geography;
using IntelHub.Demo.Reports;
using IntelHub.Domain.Entities;
using ProtoEntity = IntelHub.Contracts.V1.Entity;

namespace IntelHub.Demo.Tests;

/// <summary>No real person's data, and no source in the text written for partners.</summary>
public sealed class NoRealDataTests
{
    private static IEnumerable<ProtoEntity> Entities => Scenarios.AnySeed.SelectMany(s => s.Subject.Entities);

    [Fact]
    public void Every_phone_number_is_in_Ofcom_ranges_reserved_for_drama()
    {
        // Ofcom: mobile 07700 900000-900999; Cardiff 029 2018 0000-0999.
        var numbers = Entities.Where(e => e.KindCase == ProtoEntity.KindOneofCase.PhoneNumber)
            .Select(e => UkPhoneNumber.Parse(e.PhoneNumber.Number).E164)
            .ToList();

        Assert.NotEmpty(numbers);
        Assert.All(numbers, n => Assert.Matches(@"^\+44(7700900|2920180)\d{3}$", n));
    }

    [Fact]
    public void Every_phone_number_written_in_a_text_is_in_the_drama_ranges()
    {
        // Anything in a text that looks like a UK mobile or Cardiff number must be a drama number too.
        var texts = Scenarios.AnySeed.SelectMany(s => new[] { s.FullText, s.Intelligence?.SanitisedText ?? string.Empty });

        Assert.All(texts, text =>
        {
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, @"(\+44|0044|\(?0)[\d\s\-\)]{9,15}\d"))
            {
                Assert.Matches(@"^\+44(7700900|2920180)\d{3}$", UkPhoneNumber.Parse(match.Value).E164);
            }
        });
    }

    [Fact]
    public void Vehicle_registrations_are_in_the_current_format()
    {
        Assert.All(
            Entities.Where(e => e.KindCase == ProtoEntity.KindOneofCase.Vehicle),
            e => Assert.Equal(VehicleRegistrationFormat.Current, VehicleRegistration.Parse(e.Vehicle.RegistrationMark).Format));
    }

    [Fact]
    public void Postcodes_are_in_real_Welsh_districts()
    {
        var districts = WelshGeography.Towns.SelectMany(t => t.PostcodeDistricts).ToHashSet(StringComparer.Ordinal);
        var postcodes = Entities
            .Select(e => e.KindCase switch
            {
                ProtoEntity.KindOneofCase.Location => e.Location.Postcode,
                ProtoEntity.KindOneofCase.Business => e.Business.Premises?.Postcode,
                _ => null,
            })
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(postcodes);
        Assert.All(postcodes, p => Assert.Contains(Postcode.Parse(p).Outward, districts));
    }

    [Fact]
    public void Sanitised_text_never_names_the_source_that_the_full_text_names()
    {
        var intelligence = Scenarios.AnySeed.Where(s => s.IsIntelligence).Select(s => s.Intelligence!).ToList();

        Assert.NotEmpty(intelligence);
        Assert.All(intelligence, i =>
        {
            // the full text does name its source, so the check below is not empty
            var reference = IntelligenceSources.Reference().Match(i.FullText);
            Assert.True(reference.Success, $"{i.IdempotencyKey}: full text names no source reference");
            Assert.Contains(IntelligenceSources.RevealingPhrases, phrase => i.FullText.Contains(phrase, StringComparison.OrdinalIgnoreCase));

            Assert.False(string.IsNullOrWhiteSpace(i.SanitisedText));
            Assert.DoesNotContain(reference.Value, i.SanitisedText, StringComparison.Ordinal);
            Assert.DoesNotMatch(IntelligenceSources.Reference(), i.SanitisedText);
            Assert.All(IntelligenceSources.RevealingPhrases, phrase => Assert.DoesNotContain(phrase, i.SanitisedText, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public void Some_full_texts_name_a_CHIS()
    {
        Assert.Contains(Scenarios.Default, s => s.IsIntelligence && s.FullText.Contains("CHIS", StringComparison.Ordinal));
    }

    [Fact]
    public void Partners_information_never_reads_like_graded_intelligence()
    {
        Assert.All(
            Scenarios.AnySeed.Where(s => !s.IsIntelligence),
            s => Assert.All(IntelligenceSources.RevealingPhrases, phrase => Assert.DoesNotContain(phrase, s.FullText, StringComparison.OrdinalIgnoreCase)));
    }
}
