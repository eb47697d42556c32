using Google.Protobuf.WellKnownTypes;
using IntelHub.Contracts.V1;
using AgencyKind = IntelHub.Domain.Agencies.AgencyKind;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;
using DomainTheme = IntelHub.Domain.Themes.Theme;

namespace IntelHub.Server.Profiles;

/// <summary>The full release of a problem profile, built from the tally: every figure, with the links' values and items.</summary>
internal sealed class FullRelease(SharingPolicy sharing, DisclosureProjection projection)
{
    /// <summary>Links the profile lists, highest ranked first.</summary>
    public const int MaxLinks = 50;

    public ProblemProfile Build(ProfileSpec spec, ProfileTally tally, Identity.Caller caller, DateTimeOffset compiledAt, bool listAgenciesWithoutSubmissions)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(caller);
        var profile = new ProblemProfile
        {
            Release = ProfileRelease.Full,
            Title = spec.Title,
            Period = Interval(spec.From, spec.To),
            PreviousPeriod = Interval(spec.PreviousFrom, spec.From),
            Compiled = new Attribution { Agency = projection.Agency(caller.AgencyId), UserId = caller.UserId, At = Timestamp.FromDateTimeOffset(compiledAt) },
            ItemsCompiled = Count(tally.Total.Current),
            ItemsPreviousPeriod = Count(tally.Total.Previous),
            SuppressionThreshold = spec.Threshold,
            Classification = DisclosureProjection.WireClassification(ProblemProfiles.Classification),
            Grading = new GradingMix
            {
                Information = Count(tally.Information), Intelligence = Count(tally.Intelligence), Products = Count(tally.Products),
                ReliableSource = Count(tally.ReliableSource), SingleUncorroboratedSource = Count(tally.SingleUncorroborated),
            },
        };
        profile.Areas.AddRange(spec.Areas.Select(Area));
        profile.Themes.AddRange(spec.Themes.Select(ThemeWire.ToWire));
        profile.ByTheme.AddRange(tally.ByTheme.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new ThemeCount
        {
            Theme = ThemeWire.ToWire(DomainTheme.Parse(t.Key)), Items = Count(t.Value.Current), Previous = Count(t.Value.Previous),
        }));
        profile.ByExploitationType.AddRange(tally.ByExploitation.OrderBy(e => e.Key).Select(e => new ExploitationCount
        {
            ExploitationType = ThemeWire.ToWire(DomainTheme.Of(e.Key, Domain.Themes.AgeGroup.Adult)).ExploitationType,
            Items = Count(e.Value.Current), Previous = Count(e.Value.Previous),
        }));
        profile.ByAgeGroup.AddRange(tally.ByAgeGroup.OrderBy(a => a.Key).Select(a => new AgeGroupCount
        {
            AgeGroup = a.Key == Domain.Themes.AgeGroup.Adult ? VictimAgeGroup.Adult : VictimAgeGroup.Minor,
            Items = Count(a.Value.Current), Previous = Count(a.Value.Previous),
        }));
        profile.ByForceArea.AddRange(tally.ByForce.OrderByDescending(f => f.Value.Current).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new AreaCount { Area = Area(f.Key), Items = Count(f.Value.Current), Previous = Count(f.Value.Previous) }));
        profile.ByArea.AddRange(tally.ByCouncil.OrderByDescending(c => c.Value.Current).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new AreaCount { Area = Area(c.Key), Items = Count(c.Value.Current), Previous = Count(c.Value.Previous), WithinGssCode = tally.ForceOf(c.Key) ?? "" }));
        profile.ByNationality.AddRange(tally.People
            .Select(p => new NationalityCount { Role = RoleOf(p.Key.Role), Nationality = p.Key.Nationality, People = Count(p.Value.Count) })
            .OrderBy(n => n.Role).ThenByDescending(n => n.People.Count).ThenBy(n => n.Nationality, StringComparer.Ordinal));
        profile.ByMonth.AddRange(tally.Months().Select(m => new MonthCount { Month = m.Month, Items = Count(m.Items) }));
        var rank = 0u;
        foreach (var (kind, key, link) in tally.RankedLinks().Take(MaxLinks))
        {
            var wire = new CrossBorderLink { EntityType = EntityTypeOf(kind), EntityValue = key, Items = Count(link.Items), Rank = ++rank };
            wire.Agencies.AddRange((link.Agencies ?? [link.FirstAgency]).Order(StringComparer.Ordinal).Select(projection.Agency));
            wire.ItemIds.AddRange(link.ItemIds);
            profile.Links.Add(wire);
        }
        profile.AutomaticGaps.AddRange(Gaps(tally, listAgenciesWithoutSubmissions));
        profile.IntelligenceGaps.AddRange(spec.Gaps);
        profile.Recommendations.AddRange(spec.Recommendations);
        return profile;
    }

    private IEnumerable<IntelligenceGap> Gaps(ProfileTally tally, bool listAgenciesWithoutSubmissions)
    {
        foreach (var area in tally.PartnerInformationAreas.Except(tally.IntelligenceAreas).Order(StringComparer.Ordinal))
        {
            var wire = Area(area);
            yield return new IntelligenceGap
            {
                Kind = IntelligenceGapKind.AreaWithoutIntelligence, Area = wire,
                Description = $"Partners reported information about {wire.DisplayName}, and no graded intelligence concerns it.",
            };
        }
        foreach (var theme in tally.PartnerInformationThemes.Except(tally.IntelligenceThemes).Order(StringComparer.Ordinal))
        {
            yield return new IntelligenceGap
            {
                Kind = IntelligenceGapKind.ThemeWithoutIntelligence, Theme = ThemeWire.ToWire(DomainTheme.Parse(theme)),
                Description = $"Partners reported information about {theme.Replace('/', ' ').Replace('-', ' ')} exploitation, and no graded intelligence concerns it.",
            };
        }
        if (!listAgenciesWithoutSubmissions) yield break;
        foreach (var agency in sharing.Agencies.Where(a => IsForceOrPartner(sharing.KindOf(a)) && !tally.Originators.Contains(a)).Order(StringComparer.Ordinal))
        {
            var wire = projection.Agency(agency);
            yield return new IntelligenceGap
            {
                Kind = IntelligenceGapKind.NoSubmissions, Agency = wire,
                Description = $"{wire.DisplayName} submitted nothing this profile could draw on in the period.",
            };
        }
    }

    private static bool IsForceOrPartner(AgencyKind kind) =>
        kind is AgencyKind.PoliceForce or AgencyKind.LocalAuthority or AgencyKind.HealthBoard or AgencyKind.Ngo or AgencyKind.Government;

    private Contracts.V1.Area Area(string gssCode) => new() { GssCode = gssCode, DisplayName = sharing.Areas.ByGss(gssCode)?.Name ?? gssCode };

    private static ProfileCount Count(int count) => new() { Count = (uint)count };

    private static Google.Type.Interval Interval(DateTimeOffset from, DateTimeOffset to) =>
        new() { StartTime = Timestamp.FromDateTimeOffset(from), EndTime = Timestamp.FromDateTimeOffset(to) };

    private static EntityRole RoleOf(string storedRole) =>
        storedRole == Storage.ItemPerson.Suspect ? EntityRole.Suspect : EntityRole.PotentialVictim;

    private static EntityType EntityTypeOf(string storedKind) => storedKind switch
    {
        "person" => EntityType.Person,
        "location" => EntityType.Location,
        "vehicle" => EntityType.Vehicle,
        "phone-number" => EntityType.PhoneNumber,
        "organisation" => EntityType.Organisation,
        _ => EntityType.Business,
    };
}
