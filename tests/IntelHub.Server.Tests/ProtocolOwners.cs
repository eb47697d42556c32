using IntelHub.Contracts.V1;
using IntelHub.Identity;

namespace IntelHub.Server.Tests;

/// <summary>Protocol owners changing a running hub's protocols through ProtocolService, as the life cycle has them do.</summary>
internal static class ProtocolOwners
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// A copy of the repository's policies (where every agency a protocol names as an approver may hold the
    /// protocol-owner role, so that each approves from its own agency) without the policy tests of the protocols the
    /// caller's tests change (a proposal must pass the policy tests, which pin today's decisions).
    /// </summary>
    public static string CopyOfPoliciesWithApproverOwners(params string[] withoutPolicyTests)
    {
        var policies = PolicyReloadTests.CopyOfRepositoryPolicies();
        foreach (var test in withoutPolicyTests) File.Delete(Path.Combine(policies, "tests", test));
        return policies;
    }

    public static ProtocolService.ProtocolServiceClient Owner(InProcessHub hub, string agencyId) =>
        new(hub.As(agencyId, UserRole.ProtocolOwner, agencyId + "-owner").Channel);

    /// <summary>Proposes the document as its owner, has every approver it names approve it, and publishes it now.</summary>
    public static async Task<ProtocolVersion> PublishAsync(InProcessHub hub, string ownerAgencyId, string documentText, string note = "test change")
    {
        var owner = Owner(hub, ownerAgencyId);
        var proposed = (await owner.ProposeProtocolVersionAsync(new ProposeProtocolVersionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"), DocumentText = documentText, ChangeNote = note,
        }, cancellationToken: Token)).Protocol;
        await ApproveAllAsync(hub, proposed);
        return (await owner.PublishProtocolVersionAsync(new PublishProtocolVersionRequest { ProtocolId = proposed.ProtocolId, Version = proposed.Version }, cancellationToken: Token)).Protocol;
    }

    public static async Task ApproveAllAsync(InProcessHub hub, ProtocolVersion proposed)
    {
        foreach (var approver in proposed.Approvals.Where(a => a.Approved is null))
        {
            await Owner(hub, approver.Agency.AgencyId).ApproveProtocolVersionAsync(new ApproveProtocolVersionRequest
            {
                ProtocolId = proposed.ProtocolId, Version = proposed.Version, Digest = proposed.Digest, Comment = "agreed at the partnership board",
            }, cancellationToken: Token);
        }
    }

    /// <summary>The document with its version number changed.</summary>
    public static string AsVersion(string document, string from, string to) =>
        document.Replace($"version: \"{from}\"", $"version: \"{to}\"", StringComparison.Ordinal);
}
