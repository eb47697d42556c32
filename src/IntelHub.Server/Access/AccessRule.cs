using IntelHub.Identity;

namespace IntelHub.Server.Access;

/// <summary>
/// Who may call one RPC: the roles, and optionally only agencies that are law-enforcement
/// competent authorities. What an allowed caller then sees is the sharing policy's business.
/// </summary>
public sealed record AccessRule(IReadOnlySet<UserRole> Roles, bool LawEnforcementOnly = false)
{
    public static AccessRule For(params UserRole[] roles) => new(roles.ToHashSet());

    public AccessRule LawEnforcementAgenciesOnly() => this with { LawEnforcementOnly = true };
}
