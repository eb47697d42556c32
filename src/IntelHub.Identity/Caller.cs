namespace IntelHub.Identity;

/// <summary>Who is calling: the agency from the mTLS certificate, the user and role from the bearer token.</summary>
public sealed record Caller(string AgencyId, string UserId, UserRole Role);
