namespace IntelHub.Identity;

/// <summary>The claims IntelHub reads from a bearer token, and the audience every token must name.</summary>
public static class TokenClaims
{
    public const string Audience = "intelhub";
    public const string Agency = "agency";
    public const string Role = "role";
    public const string Subject = "sub";

    /// <summary>The user's team or function within the agency (policies/agencies.yaml 'teams'), e.g. trading-standards; optional.</summary>
    public const string Team = "team";
}
