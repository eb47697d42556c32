namespace IntelHub.Identity;

/// <summary>Who is calling: the agency from the mTLS certificate, the user and role from the bearer token.</summary>
public sealed record Caller(string AgencyId, string UserId, UserRole Role)
{
    /// <summary>The user's team within the agency, from the token's 'team' claim; null when it names none.</summary>
    public string? Team { get; init; }
}
