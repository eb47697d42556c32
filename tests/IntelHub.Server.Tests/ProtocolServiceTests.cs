using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;

namespace IntelHub.Server.Tests;

/// <summary>
/// Reading, validating and explaining the published protocols through ProtocolService, against the
/// repository's Wales protocols (their changes: ProtocolLifecycleTests).
/// </summary>
public sealed class ProtocolServiceTests
{
    private const string Isp = "wales-anti-trafficking-isp";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ProtocolService.ProtocolServiceClient Protocols(HubUser user) => new(user.Channel);

    [Fact]
    public async Task List_shows_the_four_Wales_protocols_with_the_versions_in_force_and_no_document_text()
    {
        await using var hub = await InProcessHub.StartAsync();
        var practitioner = Protocols(hub.As("cardiff-council", UserRole.PartnerPractitioner));

        var listed = await practitioner.ListProtocolsAsync(new ListProtocolsRequest(), cancellationToken: Token);

        Assert.Equal(
            [("dda-2026-014-cardiff-nail-bars", "1"), ("gain-wales", "1.4"), (Isp, "2.2"), ("wales-police-riu-intelligence", "5")],
            listed.Protocols.Select(p => (p.ProtocolId, p.Version)));
        Assert.Empty(listed.NextPageToken);
        var isp = listed.Protocols.Single(p => p.ProtocolId == Isp);
        Assert.Equal(ProtocolStatus.InForce, isp.Status);
        Assert.Equal("wales-riu", isp.Owner.AgencyId);
        Assert.Contains(isp.Parties, a => a.AgencyId == "cardiff-council");
        Assert.Contains(isp.Approvals, a => a.Agency.AgencyId == "bawso");
        Assert.Equal(new Google.Type.Date { Year = 2027, Month = 3, Day = 31 }, isp.ReviewDate);
        Assert.Equal(new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc), isp.EffectiveAt.ToDateTime());
        Assert.Equal(Digest(RepositoryProtocol(Isp)), isp.Digest);
        Assert.All(listed.Protocols, p => Assert.Empty(p.DocumentText));
    }

    [Fact]
    public async Task List_pages_through_the_protocols_and_filters_by_party()
    {
        await using var hub = await InProcessHub.StartAsync();
        var user = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));

        var first = await user.ListProtocolsAsync(new ListProtocolsRequest { PageSize = 3 }, cancellationToken: Token);
        var second = await user.ListProtocolsAsync(new ListProtocolsRequest { PageSize = 3, PageToken = first.NextPageToken }, cancellationToken: Token);
        var bawsos = await user.ListProtocolsAsync(new ListProtocolsRequest { PartyAgencyId = "bawso" }, cancellationToken: Token);
        var scheduled = await user.ListProtocolsAsync(new ListProtocolsRequest { Statuses = { ProtocolStatus.Superseded } }, cancellationToken: Token);

        Assert.Equal(3, first.Protocols.Count);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Equal(["wales-police-riu-intelligence"], second.Protocols.Select(p => p.ProtocolId));
        Assert.Empty(second.NextPageToken);
        Assert.Contains(Isp, bawsos.Protocols.Select(p => p.ProtocolId));
        Assert.DoesNotContain("wales-police-riu-intelligence", bawsos.Protocols.Select(p => p.ProtocolId));
        Assert.Empty(scheduled.Protocols);
    }

    [Fact]
    public async Task Get_returns_the_exact_file_text_and_its_digest_and_names_the_published_versions_of_an_unknown_one()
    {
        await using var hub = await InProcessHub.StartAsync();
        var auditor = Protocols(hub.As("wales-riu", UserRole.Auditor));
        var text = RepositoryProtocol(Isp);

        var inForce = await auditor.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp }, cancellationToken: Token);
        var byVersion = await auditor.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp, Version = "2.2" }, cancellationToken: Token);
        var noVersion = await Assert.ThrowsAsync<RpcException>(() => auditor.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp, Version = "9.9" }, cancellationToken: Token).ResponseAsync);
        var noProtocol = await Assert.ThrowsAsync<RpcException>(() => auditor.GetProtocolAsync(new GetProtocolRequest { ProtocolId = "atlantis-isp" }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(text, inForce.Protocol.DocumentText);
        Assert.Equal(Digest(text), inForce.Protocol.Digest);
        Assert.Equal(ProtocolStatus.InForce, inForce.Protocol.Status);
        Assert.Equal("2.2", inForce.Protocol.Version);
        Assert.Equal(inForce.Protocol, byVersion.Protocol);
        Assert.Equal(StatusCode.NotFound, noVersion.StatusCode);
        Assert.Contains("2.2", noVersion.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, noProtocol.StatusCode);
        Assert.Contains(Isp, noProtocol.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_list_and_get_requests_are_INVALID_ARGUMENT_with_the_field_named()
    {
        await using var hub = await InProcessHub.StartAsync();
        var user = Protocols(hub.As("cardiff-council", UserRole.PartnerPractitioner));

        var noId = await Assert.ThrowsAsync<RpcException>(() => user.GetProtocolAsync(new GetProtocolRequest(), cancellationToken: Token).ResponseAsync);
        var pageSize = await Assert.ThrowsAsync<RpcException>(() => user.ListProtocolsAsync(new ListProtocolsRequest { PageSize = 101 }, cancellationToken: Token).ResponseAsync);
        var party = await Assert.ThrowsAsync<RpcException>(() => user.ListProtocolsAsync(new ListProtocolsRequest { PartyAgencyId = "atlantis-police" }, cancellationToken: Token).ResponseAsync);
        var token = await Assert.ThrowsAsync<RpcException>(() => user.ListProtocolsAsync(new ListProtocolsRequest { PageToken = "not-a-token" }, cancellationToken: Token).ResponseAsync);

        Assert.All([noId, pageSize, party, token], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Contains("protocol_id", noId.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("page_size", pageSize.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("party_agency_id", party.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("page_token", token.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_places_a_precise_diagnostic_in_a_broken_document_and_finds_nothing_in_a_valid_one()
    {
        await using var hub = await InProcessHub.StartAsync();
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));
        var text = RepositoryProtocol(Isp);
        var broken = text.Replace("effective: 2025-04-01", "effective: 01/04/2025", StringComparison.Ordinal);
        var line = (uint)(text[..text.IndexOf("effective: 2025-04-01", StringComparison.Ordinal)].Count(c => c == '\n') + 1);

        var valid = await owner.ValidateProtocolAsync(new ValidateProtocolRequest { DocumentText = text, FileName = "protocols/isp-2.2.yaml" }, cancellationToken: Token);
        var invalid = await owner.ValidateProtocolAsync(new ValidateProtocolRequest { DocumentText = broken }, cancellationToken: Token);
        var empty = await Assert.ThrowsAsync<RpcException>(() => owner.ValidateProtocolAsync(new ValidateProtocolRequest(), cancellationToken: Token).ResponseAsync);

        Assert.True(valid.Valid, string.Join("; ", valid.Diagnostics.Select(d => d.Message)));
        Assert.DoesNotContain(valid.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(valid.PolicyTestsRun > 0);
        Assert.Equal(0u, valid.PolicyTestsFailed);
        Assert.False(invalid.Valid);
        var diagnostic = Assert.Single(invalid.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("proposal.yaml", line), (diagnostic.File, diagnostic.Line));
        Assert.True(diagnostic.Column > 0);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Code));
        Assert.Contains("01/04/2025", diagnostic.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Fix));
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Contains("document_text", empty.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(4, (await hub.Store.ListProtocolVersionsAsync(Token)).Count);
    }

    [Fact]
    public async Task Explain_of_an_item_routed_to_Cardiff_gives_the_sanitised_view_the_deciding_rule_and_every_rule_traced_without_content()
    {
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var receipt = (await force.Reports.SubmitIntelligenceAsync(SampleReports.LabourIntelligence("explain-1"), cancellationToken: Token)).Receipt;
        var analyst = Protocols(hub.As("south-wales-police", UserRole.Analyst));

        var explained = await analyst.ExplainDecisionAsync(new ExplainDecisionRequest
        {
            Subject = new DecisionSubject { AgencyId = "cardiff-council", Role = Role.PartnerPractitioner, PurposeId = "safeguarding-victims" },
            Action = PolicyAction.View,
            ItemId = receipt.ItemId,
        }, cancellationToken: Token);

        Assert.Equal(DisclosureView.Sanitised, receipt.Routing.Single(r => r.Agency.AgencyId == "cardiff-council").View);
        Assert.Equal(DecisionEffect.Permit, explained.Effect);
        Assert.Equal(DisclosureView.Sanitised, explained.View);
        Assert.Equal((Isp, "2.2", "sanitised-intelligence-to-partners"), (explained.Basis.ProtocolId, explained.Basis.ProtocolVersion, explained.Basis.RuleId));
        Assert.Contains(explained.Obligations, o => o.Kind == ObligationKind.NoOnwardDissemination);
        Assert.Equal("sanitised-intelligence-to-partners", explained.Reasons[0].Rule.RuleId);
        Assert.True(explained.Reasons[0].Matched);
        Assert.Contains(explained.Reasons, r => !r.Matched && r.Explanation.Length > 0);
        Assert.StartsWith("permitted: ", explained.Summary, StringComparison.Ordinal);
        var everything = explained.ToString();
        Assert.DoesNotContain(SampleReports.SourceMarker, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("hand car wash", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("07700", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_of_an_item_shape_decides_it_as_the_same_item_would_be()
    {
        await using var hub = await InProcessHub.StartAsync();
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));
        var shape = new ItemShape
        {
            Kind = ItemKind.Intelligence,
            OriginatorAgencyId = "south-wales-police",
            Grading = new Grading { Grade = new Contracts.V1.Grade { SourceEvaluation = SourceEvaluation.Untested, IntelligenceAssessment = IntelligenceAssessment.KnownIndirectlyCorroborated, HandlingCode = HandlingCode.P } },
            Themes = { new Contracts.V1.Theme { ExploitationType = ExploitationType.Labour, VictimAgeGroup = VictimAgeGroup.Adult } },
            AreaGssCodes = { SampleReports.Cardiff },
            Classification = new Classification { Level = ClassificationLevel.OfficialSensitive },
            HasSanitisedText = false,
        };
        var subject = new DecisionSubject { AgencyId = "cardiff-council", Role = Role.PartnerPractitioner, PurposeId = "safeguarding-victims" };

        var withoutSanitised = await owner.ExplainDecisionAsync(new ExplainDecisionRequest { Subject = subject, Action = PolicyAction.View, ItemShape = shape }, cancellationToken: Token);
        shape.HasSanitisedText = true;
        var withSanitised = await owner.ExplainDecisionAsync(new ExplainDecisionRequest { Subject = subject, Action = PolicyAction.View, ItemShape = shape }, cancellationToken: Token);
        var beforeTheIsp = await owner.ExplainDecisionAsync(new ExplainDecisionRequest
        {
            Subject = subject, Action = PolicyAction.View, ItemShape = shape, At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        }, cancellationToken: Token);

        Assert.Equal(DisclosureView.ExistenceOnly, withoutSanitised.View);
        Assert.Equal(DisclosureView.Sanitised, withSanitised.View);
        Assert.Equal(DecisionEffect.Deny, beforeTheIsp.Effect);
        Assert.Null(beforeTheIsp.Basis);
        Assert.Contains(beforeTheIsp.Reasons, r => r.Explanation.Contains("not in force", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_analyst_asking_to_explain_another_agencys_item_is_refused_and_the_refusal_audited()
    {
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var receipt = (await force.Reports.SubmitIntelligenceAsync(SampleReports.LabourIntelligence("explain-2"), cancellationToken: Token)).Receipt;
        var gwent = Protocols(hub.As("gwent-police", UserRole.Analyst, user: "gwent-analyst"));
        var request = new ExplainDecisionRequest
        {
            Subject = new DecisionSubject { AgencyId = "gwent-police", Role = Role.Analyst, PurposeId = "disrupt-trafficking" },
            Action = PolicyAction.View,
            ItemId = receipt.ItemId,
        };
        var auditedBefore = await hub.Store.AuditCountAsync(Token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => gwent.ExplainDecisionAsync(request, cancellationToken: Token).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => gwent.ExplainDecisionAsync(new ExplainDecisionRequest(request) { ItemId = Guid.CreateVersion7().ToString() }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, missing.StatusCode);
        var denials = await AuditTrail.DenialsSinceAsync(hub, auditedBefore, Token);
        var denial = Assert.Single(denials, d => d.ItemId == receipt.ItemId);
        Assert.Equal(("gwent-police", "gwent-analyst"), (denial.Agency, denial.User));
        Assert.StartsWith("deny:/intelhub.v1.ProtocolService/ExplainDecision:", denial.Decision, StringComparison.Ordinal);
        Assert.Equal(2, denials.Count);
    }

    [Fact]
    public async Task Bad_explain_requests_are_INVALID_ARGUMENT_with_each_field_named()
    {
        await using var hub = await InProcessHub.StartAsync();
        var auditor = Protocols(hub.As("wales-riu", UserRole.Auditor));

        var empty = await Assert.ThrowsAsync<RpcException>(() => auditor.ExplainDecisionAsync(new ExplainDecisionRequest(), cancellationToken: Token).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => auditor.ExplainDecisionAsync(new ExplainDecisionRequest
        {
            Subject = new DecisionSubject { AgencyId = "atlantis-police", Role = Role.Analyst, PurposeId = "sightseeing" },
            Action = PolicyAction.View,
            ItemShape = new ItemShape { Kind = ItemKind.Information, OriginatorAgencyId = "bawso", AreaGssCodes = { "W99999999" } },
        }, cancellationToken: Token).ResponseAsync);
        var badId = await Assert.ThrowsAsync<RpcException>(() => auditor.ExplainDecisionAsync(new ExplainDecisionRequest
        {
            Subject = new DecisionSubject { AgencyId = "bawso", Role = Role.PartnerPractitioner, PurposeId = "safeguarding-victims" },
            Action = PolicyAction.Receive,
            ItemId = "not-an-id",
        }, cancellationToken: Token).ResponseAsync);

        Assert.All([empty, unknown, badId], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        foreach (var field in new[] { "subject:", "action:", "target:" }) Assert.Contains(field, empty.Status.Detail, StringComparison.Ordinal);
        foreach (var field in new[] { "subject.agency_id", "subject.purpose_id", "item_shape.themes", "item_shape.classification", "item_shape.area_gss_codes[0]" })
            Assert.Contains(field, unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("item_id", badId.Status.Detail, StringComparison.Ordinal);
    }

    private static string Digest(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string RepositoryProtocol(string id) => File.ReadAllText(Path.Combine(RepositoryPolicies, "protocols", id + ".yaml"));

    private static string RepositoryPolicies
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IntelHub.sln"))) directory = directory.Parent;
            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("IntelHub.sln not found above the test binaries."), "policies");
        }
    }
}
