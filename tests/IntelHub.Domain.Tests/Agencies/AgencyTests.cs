using IntelHub.Domain.Agencies;
using IntelHub.Domain.Areas;

namespace IntelHub.Domain.Tests.Agencies;

public sealed class AgencyTests
{
    private static readonly AreaCode[] Gwent = [AreaCode.Parse("gwent")];

    [Theory]
    [InlineData(AgencyKind.PoliceForce, true)]
    [InlineData(AgencyKind.RegionalIntelligenceUnit, true)]
    [InlineData(AgencyKind.LawEnforcementAgency, true)]
    [InlineData(AgencyKind.Prosecutor, true)]
    [InlineData(AgencyKind.LocalAuthority, false)]
    [InlineData(AgencyKind.HealthBoard, false)]
    [InlineData(AgencyKind.Ngo, false)]
    [InlineData(AgencyKind.Government, false)]
    public void Agency_takes_its_kinds_competence_by_default(AgencyKind kind, bool competent)
    {
        var agency = Agency.Create(AgencyId.Parse("some-agency"), "Some Agency", kind, Gwent);

        Assert.Equal(competent, agency.IsCompetentAuthority);
        Assert.Equal(competent, kind.IsCompetentAuthorityByDefault());
    }

    [Theory]
    [InlineData(AgencyKind.LocalAuthority)]
    [InlineData(AgencyKind.Government)]
    public void Council_or_government_body_may_be_marked_competent_for_its_own_enforcement(AgencyKind kind)
    {
        var agency = Agency.Create(AgencyId.Parse("cardiff-council"), "Cardiff Council", kind, [], competentAuthority: true);

        Assert.True(agency.IsCompetentAuthority);
    }

    [Theory]
    [InlineData(AgencyKind.HealthBoard, true, "is never a competent authority")]
    [InlineData(AgencyKind.Ngo, true, "is never a competent authority")]
    [InlineData(AgencyKind.PoliceForce, false, "is always a competent authority")]
    [InlineData(AgencyKind.Prosecutor, false, "is always a competent authority")]
    public void Competence_contrary_to_the_kind_is_refused(AgencyKind kind, bool flag, string rule)
    {
        var created = Agency.TryCreate(AgencyId.Parse("bawso"), "Bawso", kind, [], flag, out var agency, out var error);

        Assert.False(created);
        Assert.Null(agency);
        Assert.Equal("competent_authority", error!.Field);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Contains("remove the flag or correct the agency's kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Agency_keeps_its_areas_once_each_and_its_trimmed_name()
    {
        var cardiff = AreaCode.Parse("cardiff");

        var agency = Agency.Create(
            AgencyId.Parse("south-wales-police"), "  South Wales Police ", AgencyKind.PoliceForce, [cardiff, cardiff, Gwent[0]]);

        Assert.Equal("South Wales Police", agency.Name);
        Assert.Equal([cardiff, Gwent[0]], agency.Areas);
        Assert.True(agency.Covers(cardiff));
        Assert.False(agency.Covers(AreaCode.Parse("anglesey")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Agency_without_a_name_is_refused(string? name)
    {
        var exception = Assert.Throws<DomainRuleException>(
            () => Agency.Create(AgencyId.Parse("gwent-police"), name, AgencyKind.PoliceForce, Gwent));

        Assert.Equal("name", exception.Field);
        Assert.Contains("Agency 'gwent-police' has no name", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Agency_with_a_multi_line_name_is_refused()
    {
        var exception = Assert.Throws<DomainRuleException>(
            () => Agency.Create(AgencyId.Parse("gwent-police"), "Gwent\nPolice", AgencyKind.PoliceForce, Gwent));

        Assert.Contains("on a single line", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Agency_of_an_undefined_kind_is_refused_listing_the_kinds()
    {
        var exception = Assert.Throws<DomainRuleException>(
            () => Agency.Create(AgencyId.Parse("mystery"), "Mystery", (AgencyKind)99, Gwent));

        Assert.Equal("kind", exception.Field);
        Assert.Contains("PoliceForce", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Agency_with_an_unset_id_is_a_programming_error()
    {
        Assert.Throws<InvalidOperationException>(() => Agency.Create(default, "Gwent Police", AgencyKind.PoliceForce, Gwent));
    }
}
