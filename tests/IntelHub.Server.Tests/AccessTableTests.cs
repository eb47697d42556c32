using IntelHub.Contracts.V1;
using IntelHub.Server.Access;
using IntelHub.Identity;

namespace IntelHub.Server.Tests;

public sealed class AccessTableTests
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor[] PublicServices =
    [
        ReportService.Descriptor, InboxService.Descriptor, DisseminationService.Descriptor,
        ProtocolService.Descriptor, AuditService.Descriptor, ProblemProfileService.Descriptor,
    ];

    [Fact]
    public void Every_RPC_of_the_public_API_has_an_access_rule()
    {
        var rules = HubAccess.Rules();

        var missing = PublicServices
            .SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}"))
            .Where(path => !rules.Rules.ContainsKey(path))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void An_RPC_missing_from_the_table_is_refused_to_every_role()
    {
        var rules = HubAccess.Rules();
        var agency = new KnownAgency("gwent-police", "Gwent Police", IsLawEnforcement: true);

        foreach (var role in Enum.GetValues<UserRole>())
        {
            var refusal = rules.Check("/intelhub.v1.ReportService/DeleteEverything", new Caller("gwent-police", "u1", role), agency);
            Assert.NotNull(refusal);
        }
    }

    [Fact]
    public void Intelligence_submission_is_refused_to_a_partner_agency_whatever_the_role()
    {
        var rules = HubAccess.Rules();
        var council = new KnownAgency("cardiff-council", "Cardiff Council", IsLawEnforcement: false);

        var refusal = rules.Check("/intelhub.v1.ReportService/SubmitIntelligence", new Caller("cardiff-council", "u1", UserRole.Submitter), council);

        Assert.Contains("law-enforcement competent authorities only", refusal, StringComparison.Ordinal);
        Assert.Contains("Cardiff Council", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_entries_admit_every_role_which_then_reads_only_its_own_agencys_entries()
    {
        var rules = HubAccess.Rules();
        var riu = new KnownAgency("wales-riu", "Wales RIU", IsLawEnforcement: true);

        var allowed = Enum.GetValues<UserRole>().Where(role => rules.Check("/intelhub.v1.AuditService/GetEntries", new Caller("wales-riu", "u1", role), riu) is null);

        // Which entries each role then reads is AuditQueries' rule (AuditProofTests pin it).
        Assert.Equal(Enum.GetValues<UserRole>(), allowed);
    }
}
