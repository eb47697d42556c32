using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Storage;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// GetProtocolImpact through the real hub on both stores: a change to the Wales ISP lists exactly the decisions it
/// changes, each with the stored items (not disposed of) it applies to; an unchanged document changes nothing; an
/// invalid one comes back as diagnostics; a malformed request or a caller who is not a protocol owner is refused.
/// </summary>
public sealed class ProtocolImpactTests(PostgresCluster cluster)
{
    private const string Isp = "wales-anti-trafficking-isp";
    private const string NarrowedRule = "sanitised-intelligence-to-partners";

    /// <summary>The partners the ISP lets see South Wales Police's Cardiff intelligence sanitised: Cardiff's council and health board, and the all-Wales NGOs.</summary>
    private static readonly string[] CardiffPartners = ["bawso", "barnardos", "cardiff-and-vale-uhb", "cardiff-council", "new-pathways", "salvation-army"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Narrowing_partners_view_of_intelligence_lists_exactly_the_changed_decisions_with_the_stored_items_each_affects(Engine engine)
    {
        // Given two stored South Wales Police intelligence reports on Cardiff with handling P, one disposed of, and
        // items the change does not concern (information, and intelligence from another area)
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("impact-1"), cancellationToken: Token);
        await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("impact-2", phoneAsTyped: "07700 900777"), cancellationToken: Token);
        var disposed = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("impact-3", phoneAsTyped: "07700 900778"), cancellationToken: Token)).Receipt.ItemId;
        await hub.Store.DisposeItemContentAsync(disposed, [], Token);
        await hub.As("cardiff-council", UserRole.PartnerPractitioner).Reports.SubmitInformationAsync(SafeguardingConcern("impact-info"), cancellationToken: Token);
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));
        var inForce = (await owner.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp }, cancellationToken: Token)).Protocol;

        // When a protocol owner assesses a version that shows partners that intelligence as existence only
        var impact = await owner.GetProtocolImpactAsync(new GetProtocolImpactRequest { DocumentText = Narrowed(inForce.DocumentText), MaxChanges = 1000 }, cancellationToken: Token);

        // Then every change is that rule's, for handling-P intelligence, from sanitised to existence only
        Assert.DoesNotContain(impact.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("2.3", inForce.Version), (impact.Version, impact.AgainstVersion));
        Assert.NotEmpty(impact.Changes);
        Assert.Equal((ulong)impact.Changes.Count, impact.TotalChanges);
        Assert.All(impact.Changes, c =>
        {
            Assert.Equal((ItemKind.Intelligence, "P"), (c.Kind, c.Grading));
            Assert.Equal((DisclosureView.Sanitised, DisclosureView.ExistenceOnly), (c.OldView, c.NewView));
            Assert.Equal((Isp, inForce.Version, NarrowedRule), (c.OldBasis.ProtocolId, c.OldBasis.ProtocolVersion, c.OldBasis.RuleId));
            Assert.Equal((Isp, "2.3", NarrowedRule), (c.NewBasis.ProtocolId, c.NewBasis.ProtocolVersion, c.NewBasis.RuleId));
            Assert.Contains(c.Action, new[] { PolicyAction.Receive, PolicyAction.View });
            Assert.Equal(c.Action == PolicyAction.Receive ? (Role.Unspecified, "") : (Role.PartnerPractitioner, "safeguarding-victims"), (c.Role, c.PurposeId));
        });
        // And partners elsewhere in Wales are listed too (their own areas' intelligence), with no stored item yet
        Assert.Contains(impact.Changes, c => c.RecipientAgencyId == "swansea-council" && c.StoredItems == 0);

        // And the changes that apply to stored items are exactly Cardiff's partners receiving and viewing the two
        // reports not disposed of, listed first
        var withItems = impact.Changes.Where(c => c.StoredItems > 0).ToList();
        Assert.Equal(
            CardiffPartners.SelectMany(p => new[] { (p, PolicyAction.Receive), (p, PolicyAction.View) }).Order(),
            withItems.Select(c => (c.RecipientAgencyId, c.Action)).Order());
        Assert.All(withItems, c => Assert.Equal(("south-wales-police", 2UL), (c.OriginatorAgencyId, c.StoredItems)));
        Assert.Equal(withItems, impact.Changes.Take(withItems.Count));
        Assert.Equal(2UL, impact.StoredItemsAffected);
        Assert.True(impact.DecisionsCompared > impact.TotalChanges);

        // And a smaller page keeps the totals
        var page = await owner.GetProtocolImpactAsync(new GetProtocolImpactRequest { DocumentText = Narrowed(inForce.DocumentText), MaxChanges = 3 }, cancellationToken: Token);
        Assert.Equal(3, page.Changes.Count);
        Assert.Equal((impact.TotalChanges, impact.StoredItemsAffected), (page.TotalChanges, page.StoredItemsAffected));
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_stored_version_is_assessed_like_its_document_and_the_version_in_force_changes_nothing(Engine engine)
    {
        // Given a proposed version stored by the hub
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(LabourIntelligence("impact-stored"), cancellationToken: Token);
        var owner = Protocols(hub.As("south-wales-police", UserRole.ProtocolOwner));
        var inForce = (await owner.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp }, cancellationToken: Token)).Protocol;
        var narrowed = Narrowed(inForce.DocumentText);
        await hub.Store.SaveProtocolVersionAsync(new ProtocolVersionRecord(Isp, "2.3", narrowed, IntelHub.Server.Protocols.StoredProtocolSet.DigestOf(narrowed), "proposed",
            "owner-1", [], null, DateTimeOffset.UtcNow), [], Token);

        // When the stored version, its document and the version in force are assessed
        var stored = await owner.GetProtocolImpactAsync(new GetProtocolImpactRequest { Stored = new ProtocolVersionRef { ProtocolId = Isp, Version = "2.3" } }, cancellationToken: Token);
        var document = await owner.GetProtocolImpactAsync(new GetProtocolImpactRequest { DocumentText = narrowed }, cancellationToken: Token);
        var unchanged = await owner.GetProtocolImpactAsync(new GetProtocolImpactRequest { Stored = new ProtocolVersionRef { ProtocolId = Isp, Version = inForce.Version } }, cancellationToken: Token);

        // Then the stored version changes what its document does, and the version in force changes nothing
        Assert.Equal((document.TotalChanges, document.StoredItemsAffected, document.DecisionsCompared), (stored.TotalChanges, stored.StoredItemsAffected, stored.DecisionsCompared));
        Assert.Equal(document.Changes, stored.Changes);
        Assert.Equal(1UL, stored.StoredItemsAffected);
        Assert.Equal((0UL, 0UL), (unchanged.TotalChanges, unchanged.StoredItemsAffected));
        Assert.Empty(unchanged.Changes);
        Assert.True(unchanged.DecisionsCompared > 0);
        Assert.Equal((inForce.Version, inForce.Version), (unchanged.Version, unchanged.AgainstVersion));
    }

    [Fact]
    public async Task An_invalid_document_comes_back_as_diagnostics_with_no_changes()
    {
        await using var hub = await InProcessHub.StartAsync();
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));
        var inForce = (await owner.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp }, cancellationToken: Token)).Protocol;
        var misspelt = Narrowed(inForce.DocumentText).Replace("to: [non-law-enforcement]", "to: [non-law-enforcment]", StringComparison.Ordinal);

        var impact = await owner.GetProtocolImpactAsync(new GetProtocolImpactRequest { DocumentText = misspelt }, cancellationToken: Token);

        // The misspelling is in both rules that name the group
        var errors = impact.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal((ProtocolValidationFile, "unknown-reference"), (e.File, e.Code)));
        Assert.All(errors, e => Assert.Contains("'non-law-enforcment'", e.Message, StringComparison.Ordinal));
        Assert.Empty(impact.Changes);
        Assert.Equal((0UL, 0UL), (impact.TotalChanges, impact.DecisionsCompared));
    }

    public static TheoryData<string> Malformed => ["neither candidate", "max_changes below 0", "max_changes above 1000", "stored without a version", "a document too long", "an unknown stored version"];

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_request_is_refused_with_a_precise_status(string malformed)
    {
        await using var hub = await InProcessHub.StartAsync();
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));
        var (request, status, field) = malformed switch
        {
            "neither candidate" => (new GetProtocolImpactRequest(), StatusCode.InvalidArgument, "candidate"),
            "max_changes below 0" => (new GetProtocolImpactRequest { DocumentText = "id: x", MaxChanges = -1 }, StatusCode.InvalidArgument, "max_changes"),
            "max_changes above 1000" => (new GetProtocolImpactRequest { DocumentText = "id: x", MaxChanges = 1001 }, StatusCode.InvalidArgument, "max_changes"),
            "stored without a version" => (new GetProtocolImpactRequest { Stored = new ProtocolVersionRef { ProtocolId = Isp } }, StatusCode.InvalidArgument, "stored.version"),
            "a document too long" => (new GetProtocolImpactRequest { DocumentText = new string('#', 200_001) }, StatusCode.InvalidArgument, "document_text"),
            "an unknown stored version" => (new GetProtocolImpactRequest { Stored = new ProtocolVersionRef { ProtocolId = Isp, Version = "9.9" } }, StatusCode.NotFound, ""),
            _ => throw new ArgumentOutOfRangeException(nameof(malformed), malformed, "No such case."),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => owner.GetProtocolImpactAsync(request, cancellationToken: Token).ResponseAsync);

        Assert.Equal(status, refused.StatusCode);
        if (field.Length > 0) Assert.Equal(field, Assert.Single(refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations).Field);
        else Assert.Contains("9.9", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cardiff-council", UserRole.PartnerPractitioner)]
    [InlineData("south-wales-police", UserRole.Analyst)]
    [InlineData("nca", UserRole.Auditor)]
    public async Task Anyone_but_a_protocol_owner_is_refused_and_the_refusal_is_audited(string agencyId, UserRole role)
    {
        await using var hub = await InProcessHub.StartAsync();
        var auditedBefore = await hub.Store.AuditCountAsync(Token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Protocols(hub.As(agencyId, role, user: "not-an-owner"))
            .GetProtocolImpactAsync(new GetProtocolImpactRequest { DocumentText = "id: x" }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains(await AuditTrail.DenialsSinceAsync(hub, auditedBefore, Token),
            d => d.User == "not-an-owner" && d.Decision.StartsWith("deny:/intelhub.v1.ProtocolService/GetProtocolImpact:", StringComparison.Ordinal));
    }

    private const string ProtocolValidationFile = "proposal.yaml";

    private static ProtocolService.ProtocolServiceClient Protocols(HubUser user) => new(user.Channel);

    /// <summary>The ISP as version 2.3, showing partners police intelligence as existence only instead of its sanitised text.</summary>
    internal static string Narrowed(string isp)
    {
        const string Sanitised = "    view: sanitised\n    obligations: [no-onward-dissemination, not-for-evidential-use]";
        Assert.Single(isp.Split(Sanitised)[1..]);
        return isp.Replace(Sanitised, "    view: existence-only\n    obligations: [no-onward-dissemination, not-for-evidential-use]", StringComparison.Ordinal)
            .Replace("version: \"2.2\"", "version: \"2.3\"", StringComparison.Ordinal);
    }
}
