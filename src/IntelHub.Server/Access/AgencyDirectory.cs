namespace IntelHub.Server.Access;

/// <summary>An agency the hub knows, as the access checks need it.</summary>
public sealed record KnownAgency(string AgencyId, string Name, bool IsLawEnforcement);

/// <summary>The agencies the hub serves (from policies/agencies.yaml); a certificate for any other agency is refused.</summary>
public interface IAgencyDirectory
{
    KnownAgency? Find(string agencyId);
}
