namespace IntelHub.Domain.Agencies;

/// <summary>
/// Whether each kind of agency is a law-enforcement competent authority (Data Protection Act 2018
/// Part 3), following the table in domain.md, "Who shares with whom".
/// </summary>
public static class AgencyKindCompetence
{
    /// <summary>Police forces, the RIU, national law enforcement and prosecutors are; partners are not.</summary>
    public static bool IsCompetentAuthorityByDefault(this AgencyKind kind) => kind switch
    {
        AgencyKind.PoliceForce
            or AgencyKind.RegionalIntelligenceUnit
            or AgencyKind.LawEnforcementAgency
            or AgencyKind.Prosecutor => true,
        AgencyKind.LocalAuthority
            or AgencyKind.HealthBoard
            or AgencyKind.Ngo
            or AgencyKind.Government => false,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined agency kind."),
    };

    /// <summary>
    /// Whether an agency of this kind may be registered with the other flag than its kind's default.
    /// A council acts as a competent authority for its own enforcement functions (Trading Standards,
    /// licensing), and a government department may have investigation functions (e.g. DWP); both may
    /// be marked competent. Law-enforcement kinds are competent by statute and cannot be marked
    /// otherwise; health boards and NGOs have no law-enforcement functions of their own.
    /// </summary>
    public static bool MayOverrideCompetence(this AgencyKind kind) =>
        kind is AgencyKind.LocalAuthority or AgencyKind.Government;

    internal static string Describe(this AgencyKind kind) => kind switch
    {
        AgencyKind.PoliceForce => "a police force",
        AgencyKind.RegionalIntelligenceUnit => "a regional intelligence unit",
        AgencyKind.LawEnforcementAgency => "a law-enforcement agency",
        AgencyKind.Prosecutor => "a prosecutor",
        AgencyKind.LocalAuthority => "a local authority",
        AgencyKind.HealthBoard => "a health board",
        AgencyKind.Ngo => "an NGO",
        AgencyKind.Government => "a government body",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined agency kind."),
    };
}
