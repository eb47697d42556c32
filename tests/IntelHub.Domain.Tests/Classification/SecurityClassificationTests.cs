using IntelHub.Domain.Classification;

namespace IntelHub.Domain.Tests.Classification;

public sealed class SecurityClassificationTests
{
    [Theory]
    [InlineData("OFFICIAL", "OFFICIAL")]
    [InlineData("official", "OFFICIAL")]
    [InlineData("UK OFFICIAL", "OFFICIAL")]
    [InlineData("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE")]
    [InlineData("official sensitive", "OFFICIAL-SENSITIVE")]
    [InlineData("Official - Sensitive", "OFFICIAL-SENSITIVE")]
    [InlineData("OFFICIAL-SENSITIVE PERSONAL", "OFFICIAL-SENSITIVE PERSONAL")]
    [InlineData("OFFICIAL-SENSITIVE: PERSONAL", "OFFICIAL-SENSITIVE PERSONAL")]
    [InlineData("official-sensitive commercial", "OFFICIAL-SENSITIVE COMMERCIAL")]
    [InlineData("OFFICIAL-SENSITIVE LOCSEN", "OFFICIAL-SENSITIVE LOCSEN")]
    [InlineData("OFFICIAL-SENSITIVE [PERSONAL, COMMERCIAL]", "OFFICIAL-SENSITIVE COMMERCIAL PERSONAL")]
    [InlineData("OFFICIAL-SENSITIVE PERSONAL PERSONAL", "OFFICIAL-SENSITIVE PERSONAL")]
    public void Marking_is_read_as_people_write_it_and_printed_canonically(string marking, string canonical)
    {
        Assert.Equal(canonical, SecurityClassification.Parse(marking).ToString());
    }

    [Fact]
    public void Descriptors_are_read_into_flags()
    {
        var classification = SecurityClassification.Parse("OFFICIAL-SENSITIVE PERSONAL LOCSEN");

        Assert.Equal(ClassificationLevel.OfficialSensitive, classification.Level);
        Assert.Equal(ClassificationDescriptors.Personal | ClassificationDescriptors.LocSen, classification.Descriptors);
        Assert.Equal(classification, SecurityClassification.Create(ClassificationLevel.OfficialSensitive, ClassificationDescriptors.LocSen | ClassificationDescriptors.Personal));
    }

    [Theory]
    [InlineData("SECRET")]
    [InlineData("secret")]
    [InlineData("UK SECRET")]
    [InlineData("Secret - UK Eyes Only")]
    [InlineData("TOP SECRET")]
    [InlineData("top-secret")]
    [InlineData("TOP_SECRET")]
    [InlineData("TOPSECRET")]
    [InlineData("UK TOP SECRET STRAP1")]
    [InlineData("S E C R E T")]
    [InlineData("OFFICIAL-SENSITIVE SECRET")]
    public void Secret_and_top_secret_are_refused_at_the_door_in_any_spelling(string marking)
    {
        var parsed = SecurityClassification.TryParse(marking, out var classification, out var error);

        Assert.False(parsed);
        Assert.Null(classification);
        Assert.True(SecurityClassification.IsAboveAccreditation(marking));
        Assert.Equal("classification", error!.Field);
        Assert.Contains("accredited to OFFICIAL-SENSITIVE only", error.Message, StringComparison.Ordinal);
        Assert.Contains("Do not submit SECRET or TOP SECRET material here", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OFFICIAL")]
    [InlineData("OFFICIAL-SENSITIVE PERSONAL")]
    [InlineData(null)]
    public void Accepted_markings_are_not_above_accreditation(string? marking)
    {
        Assert.False(SecurityClassification.IsAboveAccreditation(marking));
    }

    [Theory]
    [InlineData("CONFIDENTIAL", "usually corresponds to SECRET")]
    [InlineData("RESTRICTED", "ask the originator to re-mark it")]
    [InlineData("PROTECT", "ask the originator to re-mark it")]
    [InlineData("NOT PROTECTIVELY MARKED", "ask the originator to re-mark it")]
    public void Old_GPMS_markings_are_refused_asking_for_a_re_mark(string marking, string advice)
    {
        var exception = Assert.Throws<DomainRuleException>(() => SecurityClassification.Parse(marking));

        Assert.Contains("old (GPMS) marking", exception.Message, StringComparison.Ordinal);
        Assert.Contains(advice, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUBLIC")]
    [InlineData("SENSITIVE")]
    [InlineData("UK")]
    [InlineData("OFFICAL")]
    public void Unknown_markings_are_refused_saying_what_to_use(string marking)
    {
        var exception = Assert.Throws<DomainRuleException>(() => SecurityClassification.Parse(marking));

        Assert.Equal("classification", exception.Field);
        Assert.Contains($"'{marking}' is not a marking this hub accepts: mark the item OFFICIAL or OFFICIAL-SENSITIVE", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_descriptor_is_refused_naming_it()
    {
        var exception = Assert.Throws<DomainRuleException>(() => SecurityClassification.Parse("OFFICIAL-SENSITIVE HEALTH"));

        Assert.Contains("unknown descriptor 'HEALTH': use COMMERCIAL, LOCSEN or PERSONAL", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptor_on_plain_official_is_refused_with_the_correct_marking()
    {
        var exception = Assert.Throws<DomainRuleException>(() => SecurityClassification.Parse("OFFICIAL PERSONAL"));

        Assert.Contains("mark the item OFFICIAL-SENSITIVE PERSONAL", exception.Message, StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => SecurityClassification.Create(ClassificationLevel.Official, ClassificationDescriptors.Personal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_marking_is_refused(string? marking)
    {
        var exception = Assert.Throws<DomainRuleException>(() => SecurityClassification.Parse(marking));

        Assert.Contains("Classification is missing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_level_or_descriptor_values_are_refused()
    {
        Assert.Throws<DomainRuleException>(() => SecurityClassification.Create((ClassificationLevel)3));
        Assert.Throws<DomainRuleException>(() => SecurityClassification.Create(ClassificationLevel.OfficialSensitive, (ClassificationDescriptors)8));
    }
}
