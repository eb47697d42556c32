namespace IntelHub.Domain.Agencies;

/// <summary>The kinds of agency that take part in sharing (domain.md, "Who shares with whom").</summary>
public enum AgencyKind
{
    PoliceForce = 1,
    RegionalIntelligenceUnit = 2,
    /// <summary>National / UK law enforcement: NCA, Immigration Enforcement, GLA, HMRC.</summary>
    LawEnforcementAgency = 3,
    Prosecutor = 4,
    LocalAuthority = 5,
    HealthBoard = 6,
    Ngo = 7,
    Government = 8,
}
