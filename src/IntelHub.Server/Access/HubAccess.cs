using IntelHub.Contracts.V1;
using IntelHub.Identity;

using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace IntelHub.Server.Access;

/// <summary>
/// Who may call each RPC of the public API. Roles say what a user does; what they then see is
/// decided per item by the sharing protocols. Any RPC missing here is refused.
/// </summary>
public static class HubAccess
{
    private static readonly UserRole[] Everyone = Enum.GetValues<UserRole>();
    private static readonly UserRole[] Readers = [UserRole.Analyst, UserRole.PartnerPractitioner, UserRole.RiuAnalyst, UserRole.Submitter];
    private static readonly UserRole[] Receivers = [UserRole.Analyst, UserRole.PartnerPractitioner, UserRole.RiuAnalyst];

    public static RpcAccessRules Rules() => new(Table(), ["grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"]);

    private static Dictionary<string, AccessRule> Table()
    {
        var table = new Dictionary<string, AccessRule>(StringComparer.Ordinal);
        void Allow(ServiceDescriptor service, string method, AccessRule rule)
        {
            // Resolving through the descriptor makes a misspelt or removed RPC fail at start-up.
            var found = service.FindMethodByName(method)
                ?? throw new InvalidOperationException($"The access table names {service.FullName}/{method}, which the API does not have.");
            table.Add($"/{service.FullName}/{found.Name}", rule);
        }

        var reports = ReportService.Descriptor;
        Allow(reports, "SubmitInformation", AccessRule.For(UserRole.Submitter, UserRole.Analyst, UserRole.PartnerPractitioner, UserRole.RiuAnalyst));
        Allow(reports, "SubmitIntelligence", AccessRule.For(UserRole.Submitter, UserRole.Analyst, UserRole.RiuAnalyst).LawEnforcementAgenciesOnly());
        Allow(reports, "GetItem", AccessRule.For(Readers));
        Allow(reports, "SearchItems", AccessRule.For(Readers));

        var inbox = InboxService.Descriptor;
        Allow(inbox, "StreamInbox", AccessRule.For(Receivers));
        Allow(inbox, "ListInbox", AccessRule.For(Receivers));
        Allow(inbox, "Acknowledge", AccessRule.For(Receivers));

        var disseminations = DisseminationService.Descriptor;
        Allow(disseminations, "RequestDissemination", AccessRule.For(Receivers));
        Allow(disseminations, "ListDisseminationRequests", AccessRule.For(Receivers));
        Allow(disseminations, "DecideDissemination", AccessRule.For(UserRole.Analyst, UserRole.RiuAnalyst).LawEnforcementAgenciesOnly());

        var protocols = ProtocolService.Descriptor;
        Allow(protocols, "ListProtocols", AccessRule.For(Everyone));
        Allow(protocols, "GetProtocol", AccessRule.For(Everyone));
        Allow(protocols, "ExplainDecision", AccessRule.For(Everyone));
        foreach (var change in new[] { "ProposeProtocolVersion", "ValidateProtocol", "ApproveProtocolVersion", "PublishProtocolVersion", "RetireProtocol", "RollbackProtocol" })
            Allow(protocols, change, AccessRule.For(UserRole.ProtocolOwner));
        Allow(protocols, "GetProtocolImpact", AccessRule.For(UserRole.ProtocolOwner));

        var audit = AuditService.Descriptor;
        Allow(audit, "GetCheckpoint", AccessRule.For(Everyone));
        Allow(audit, "GetInclusionProof", AccessRule.For(Everyone));
        Allow(audit, "GetConsistencyProof", AccessRule.For(Everyone));
        // Auditors read every entry; other roles only their own agency's (AuditQueries refuses the rest).
        Allow(audit, "GetEntries", AccessRule.For(Everyone));

        var profiles = ProblemProfileService.Descriptor;
        // A force analyst compiles over its own agency's items only (ProblemProfiles decides which items).
        Allow(profiles, "CompileProblemProfile", AccessRule.For(UserRole.RiuAnalyst, UserRole.Analyst).LawEnforcementAgenciesOnly());
        Allow(profiles, "GetProblemProfile", AccessRule.For(UserRole.RiuAnalyst, UserRole.Analyst, UserRole.PartnerPractitioner));
        return table;
    }
}
