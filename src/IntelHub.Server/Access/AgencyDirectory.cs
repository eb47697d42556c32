namespace IntelHub.Server.Access;

/// <summary>An agency the hub knows, as the access checks need it.</summary>
public sealed record KnownAgency(string AgencyId, string Name, bool IsLawEnforcement);

/// <summary>The agencies the hub serves (from policies/agencies.yaml); a certificate for any other agency is refused.</summary>
public interface IAgencyDirectory
{
    KnownAgency? Find(string agencyId);

    /// <summary>Whether policies/agencies.yaml lets the agency's users hold the role (the role's <c>held-by</c>).</summary>
    bool MayHold(string agencyId, string role);

    /// <summary>The agencies that may hold the role, for a refusal that says who does.</summary>
    IReadOnlyList<string> HoldersOf(string role);

    /// <summary>The teams policies/agencies.yaml registers for the agency; a token may name only one of them.</summary>
    IReadOnlyList<string> TeamsOf(string agencyId);
}
