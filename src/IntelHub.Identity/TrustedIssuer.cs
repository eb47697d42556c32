using Microsoft.IdentityModel.Tokens;

namespace IntelHub.Identity;

/// <summary>An identity provider whose tokens the hub accepts, and for which agencies.</summary>
public sealed record TrustedIssuer(string Name, SecurityKey SigningKey, bool AllAgencies, IReadOnlyCollection<string> Agencies)
{
    public bool Vouches(string agencyId) => AllAgencies || Agencies.Contains(agencyId);
}
