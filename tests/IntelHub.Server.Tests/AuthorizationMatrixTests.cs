using System.Security.Claims;
using System.Security.Cryptography;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Sharing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using AuditEntry = IntelHub.Audit.Entries.AuditEntry;
using static IntelHub.Identity.UserRole;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Who may call what, through the real gRPC stack: every implemented RPC for every role at one
/// agency of each kind, against an expectation written out here from the access brief (not read
/// from the hub's own table, which would only test the table against itself).
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Heartbeats every 50 ms so that an admitted inbox stream answers at once instead of after 15 s.
    internal static readonly string[] QuickInbox = ["Hub:Inbox:PollInterval=00:00:00.050", "Hub:Inbox:HeartbeatInterval=00:00:00.050"];

    private static readonly UserRole[] Everyone = [Submitter, Analyst, PartnerPractitioner, ProtocolOwner, RiuAnalyst, Auditor];

    /// <summary>One RPC, who is expected to be admitted to it, and a minimal call of it.</summary>
    private sealed record ExpectedAccess(string Method, UserRole[] Roles, bool LawEnforcementOnly, Func<HubUser, string, Task> Call);

    // The expectation, from the brief: submitting information is open to everyone who reports
    // or reads (not protocol owners or auditors); intelligence only to law-enforcement competent
    // authorities' submitters and analysts; reading items to submitters, analysts, partner
    // practitioners and RIU analysts; the inbox to those who receive (analysts, partner
    // practitioners, RIU analysts); checkpoints and proofs to everyone; audit leaves of other agencies to auditors only (here every signed
    // leaf, among them the protocol publications of both the RIU and South Wales Police, so always another agency's);
    // protocols are read by everyone, validated and assessed for impact by protocol owners, and explained to protocol owners,
    // auditors and analysts (for items of their own agency: here a shape their agency would submit).
    private static readonly ExpectedAccess[] Expected =
    [
        new("/intelhub.v1.ReportService/SubmitInformation", [Submitter, Analyst, PartnerPractitioner, RiuAnalyst], false,
            (user, key) => user.Reports.SubmitInformationAsync(SafeguardingConcern(key), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ReportService/SubmitIntelligence", [Submitter, Analyst, RiuAnalyst], true,
            (user, key) => user.Reports.SubmitIntelligenceAsync(LabourIntelligence(key), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ReportService/GetItem", [Submitter, Analyst, PartnerPractitioner, RiuAnalyst], false,
            (user, _) => user.Reports.GetItemAsync(new GetItemRequest { ItemId = Guid.CreateVersion7().ToString(), Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ReportService/SearchItems", [Submitter, Analyst, PartnerPractitioner, RiuAnalyst], false,
            (user, _) => user.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.InboxService/StreamInbox", [Analyst, PartnerPractitioner, RiuAnalyst], false, FirstInboxEventAsync),
        new("/intelhub.v1.InboxService/ListInbox", [Analyst, PartnerPractitioner, RiuAnalyst], false,
            (user, _) => user.Inbox.ListInboxAsync(new ListInboxRequest { Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.InboxService/Acknowledge", [Analyst, PartnerPractitioner, RiuAnalyst], false,
            (user, _) => user.Inbox.AcknowledgeAsync(new AcknowledgeRequest { UpToPosition = 0 }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.AuditService/GetCheckpoint", Everyone, false,
            (user, _) => user.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.AuditService/GetEntries", [Auditor], false,
            async (user, _) =>
            {
                // A role its agency may not hold is refused the checkpoint too; its GetEntries is then refused before any range matters.
                ulong signed = 1;
                try { signed = (await user.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token)).TreeSize; }
                catch (RpcException refused) when (refused.StatusCode == StatusCode.PermissionDenied) { }
                await user.Audit.GetEntriesAsync(new GetEntriesRequest { Start = 0, End = signed }, cancellationToken: Token);
            }),
        new("/intelhub.v1.AuditService/GetInclusionProof", Everyone, false,
            (user, _) => user.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = 0, TreeSize = 1 }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.AuditService/GetConsistencyProof", Everyone, false,
            (user, _) => user.Audit.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 1, SecondSize = 1 }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/ListProtocols", Everyone, false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).ListProtocolsAsync(new ListProtocolsRequest(), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/GetProtocol", Everyone, false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).GetProtocolAsync(new GetProtocolRequest { ProtocolId = "wales-anti-trafficking-isp" }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/ValidateProtocol", [ProtocolOwner], false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).ValidateProtocolAsync(new ValidateProtocolRequest { DocumentText = "id: matrix" }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/ExplainDecision", [Analyst, ProtocolOwner, RiuAnalyst, Auditor], false, ExplainOwnShapeAsync),
        // The protocol changes: an empty request gets past access control to INVALID_ARGUMENT and changes nothing.
        new("/intelhub.v1.ProtocolService/ProposeProtocolVersion", [ProtocolOwner], false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).ProposeProtocolVersionAsync(new ProposeProtocolVersionRequest(), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/ApproveProtocolVersion", [ProtocolOwner], false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).ApproveProtocolVersionAsync(new ApproveProtocolVersionRequest(), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/PublishProtocolVersion", [ProtocolOwner], false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).PublishProtocolVersionAsync(new PublishProtocolVersionRequest(), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/RetireProtocol", [ProtocolOwner], false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).RetireProtocolAsync(new RetireProtocolRequest(), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/RollbackProtocol", [ProtocolOwner], false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).RollbackProtocolAsync(new RollbackProtocolRequest(), cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.DisseminationService/RequestDissemination", [Analyst, PartnerPractitioner, RiuAnalyst], false,
            (user, key) => new DisseminationService.DisseminationServiceClient(user.Channel).RequestDisseminationAsync(new RequestDisseminationRequest
            {
                IdempotencyKey = key, ItemId = Guid.CreateVersion7().ToString(), Purpose = Purpose("safeguarding-victims"), RequestedView = DisclosureView.Full,
            }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.DisseminationService/ListDisseminationRequests", [Analyst, PartnerPractitioner, RiuAnalyst], false,
            (user, _) => new DisseminationService.DisseminationServiceClient(user.Channel).ListDisseminationRequestsAsync(
                new ListDisseminationRequestsRequest { Side = DisseminationSide.Requester }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.DisseminationService/DecideDissemination", [Analyst, RiuAnalyst], true,
            (user, _) => new DisseminationService.DisseminationServiceClient(user.Channel).DecideDisseminationAsync(new DecideDisseminationRequest
            {
                DisseminationId = "dsm-" + Guid.CreateVersion7().ToString("N"), Refusal = new DisseminationRefusal { Reason = "matrix" },
            }, cancellationToken: Token).ResponseAsync),
        new("/intelhub.v1.ProtocolService/GetProtocolImpact", [ProtocolOwner], false,
            (user, _) => new ProtocolService.ProtocolServiceClient(user.Channel).GetProtocolImpactAsync(new GetProtocolImpactRequest { DocumentText = "id: matrix" }, cancellationToken: Token).ResponseAsync),
    ];

    [Theory]
    [InlineData("police force", "south-wales-police", true)]
    [InlineData("regional intelligence unit", "wales-riu", true)]
    [InlineData("national law-enforcement agency", "nca", true)]
    [InlineData("local authority", "cardiff-council", false)]
    [InlineData("health board", "cardiff-and-vale-uhb", false)]
    [InlineData("NGO", "bawso", false)]
    public async Task Each_role_is_admitted_to_exactly_the_RPCs_open_to_it_and_every_refusal_is_audited(string kind, string agencyId, bool lawEnforcement)
    {
        await using var hub = await InProcessHub.StartAsync(QuickInbox);
        var users = Everyone.ToDictionary(role => role, role => hub.As(agencyId, role, user: "matrix-" + RoleNames.NameOf(role)));
        var sharing = hub.Services.GetRequiredService<SharingPolicy>();
        var mismatches = new List<string>();

        // RPC by RPC, so that submissions come first and the audit log has leaves to prove by the time proofs are asked for.
        foreach (var rpc in Expected)
        {
            foreach (var role in Everyone)
            {
                // A role the agency may not hold (policies/agencies.yaml, held-by) is refused on every RPC.
                var admitted = rpc.Roles.Contains(role) && (lawEnforcement || !rpc.LawEnforcementOnly) && sharing.MayHold(agencyId, RoleNames.NameOf(role));
                var user = users[role];
                var auditedBefore = await hub.Store.AuditCountAsync(Token);

                var status = await StatusOfAsync(() => rpc.Call(user, $"{rpc.Method}/{role}"));

                var refusals = (await AuditTrail.DenialsSinceAsync(hub, auditedBefore, Token))
                    .Count(d => d.Agency == agencyId && d.User == "matrix-" + RoleNames.NameOf(role) && d.Decision.StartsWith("deny:" + rpc.Method + ":", StringComparison.Ordinal));
                var what = $"{RoleNames.NameOf(role)} -> {rpc.Method}";
                if (admitted && status is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                    mismatches.Add($"{what}: expected to be admitted, got {status}");
                else if (!admitted && status != StatusCode.PermissionDenied)
                    mismatches.Add($"{what}: expected PERMISSION_DENIED, got {status}");
                else if (!admitted && refusals != 1)
                    mismatches.Add($"{what}: refused, but {refusals} Denial entries were audited instead of one");
                else if (admitted && refusals != 0)
                    mismatches.Add($"{what}: admitted, yet a Denial of the call was audited");
            }
        }

        Assert.True(mismatches.Count == 0, $"At {agencyId} ({kind}) the access differs from the brief:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");
    }

    [Fact]
    public async Task No_RPC_of_any_service_answers_UNIMPLEMENTED_to_any_role()
    {
        await using var hub = await InProcessHub.StartAsync();
        var marshaller = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var unexpected = new List<string>();

        foreach (var service in new[] { ReportService.Descriptor, InboxService.Descriptor, DisseminationService.Descriptor, ProtocolService.Descriptor, AuditService.Descriptor, ProblemProfileService.Descriptor })
        {
            foreach (var role in Everyone)
            {
                var user = hub.As(hub.Services.GetRequiredService<SharingPolicy>().HoldersOf(RoleNames.NameOf(role))[0], role);
                foreach (var method in service.Methods.Where(m => !m.IsServerStreaming))
                {
                    // An empty message is a valid encoding of every proto3 request.
                    var call = new Method<byte[], byte[]>(MethodType.Unary, service.FullName, method.Name, marshaller, marshaller);
                    var status = await StatusOfAsync(() => user.Channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(cancellationToken: Token), []).ResponseAsync);
                    if (status == StatusCode.Unimplemented) unexpected.Add($"{RoleNames.NameOf(role)} -> {service.FullName}/{method.Name}: {status}");
                }
            }
        }

        Assert.True(unexpected.Count == 0, "Answered UNIMPLEMENTED:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
    }

    [Fact]
    public async Task A_role_the_agency_may_not_hold_is_refused_on_every_call_naming_agency_and_role_and_is_audited()
    {
        await using var hub = await InProcessHub.StartAsync();
        var ngoAuditor = hub.As("bawso", Auditor, user: "ngo-auditor");
        var ngoOwner = hub.As("new-pathways", ProtocolOwner, user: "ngo-owner");
        var forceAnalyst = hub.As("gwent-police", Analyst);
        var auditedBefore = await hub.Store.AuditCountAsync(Token);

        var entries = await Assert.ThrowsAsync<RpcException>(() => ngoAuditor.Audit.GetEntriesAsync(new GetEntriesRequest { Start = 0, End = 1 }, cancellationToken: Token).ResponseAsync);
        var explain = await Assert.ThrowsAsync<RpcException>(() => ExplainOwnShapeAsync(ngoOwner, ""));
        var analystStatus = await StatusOfAsync(() => ExplainOwnShapeAsync(forceAnalyst, ""));

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (entries.StatusCode, explain.StatusCode));
        Assert.Contains("(bawso) may not hold the role 'auditor'", entries.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("(new-pathways) may not hold the role 'protocol-owner'", explain.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.OK, analystStatus);
        var denials = await AuditTrail.DenialsSinceAsync(hub, auditedBefore, Token);
        Assert.Contains(denials, d => d.User == "ngo-auditor" && d.Decision.StartsWith("deny:/intelhub.v1.AuditService/GetEntries:", StringComparison.Ordinal));
        Assert.Contains(denials, d => d.User == "ngo-owner" && d.Decision.StartsWith("deny:/intelhub.v1.ProtocolService/ExplainDecision:", StringComparison.Ordinal));
    }

    public static TheoryData<string> Unauthenticated => new()
    {
        "no bearer token",
        "an expired token",
        "a token for another agency than the certificate",
        "a certificate for an agency the hub does not know",
        "a token signed by a key the hub does not trust",
    };

    [Theory]
    [MemberData(nameof(Unauthenticated))]
    public async Task A_caller_who_cannot_be_authenticated_is_refused_with_UNAUTHENTICATED_and_nothing_is_recorded(string credentials)
    {
        await using var hub = await InProcessHub.StartAsync();
        var council = hub.Pki.ClientCertificateFor("cardiff-council", TimeProvider.System);
        var issuer = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(hub.DataDirectory, "pki"));
        var channel = credentials switch
        {
            "no bearer token" => hub.ChannelAs(council),
            "an expired token" => hub.ChannelAs(council, bearerToken: issuer.Issue("cardiff-council", "user-1", PartnerPractitioner, TimeSpan.FromMinutes(5), new ShiftedClock(TimeSpan.FromHours(-1)))),
            "a token for another agency than the certificate" => hub.ChannelAs(council, bearerToken: hub.TokenFor("south-wales-police", PartnerPractitioner)),
            "a certificate for an agency the hub does not know" => hub.ChannelAs(hub.Pki.ClientCertificateFor("atlantis-police", TimeProvider.System), bearerToken: hub.TokenFor("atlantis-police", Analyst)),
            "a token signed by a key the hub does not trust" => hub.ChannelAs(council, bearerToken: ForgedToken("cardiff-council", "partner-practitioner")),
            _ => throw new ArgumentOutOfRangeException(nameof(credentials), credentials, "No such case."),
        };
        var auditedBefore = await hub.Store.AuditCountAsync(Token);
        var itemsBefore = (await hub.Store.FindItemsAsync(new Storage.ItemQuery { Limit = 1000 }, Token)).Count;

        var submit = await Assert.ThrowsAsync<RpcException>(() => new ReportService.ReportServiceClient(channel).SubmitInformationAsync(SafeguardingConcern("unauthenticated-1"), cancellationToken: Token).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => new InboxService.InboxServiceClient(channel).ListInboxAsync(new ListInboxRequest { Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, submit.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, list.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(submit.Status.Detail), "the refusal says what to fix");
        Assert.Equal(auditedBefore, await hub.Store.AuditCountAsync(Token));
        Assert.Equal(itemsBefore, (await hub.Store.FindItemsAsync(new Storage.ItemQuery { Limit = 1000 }, Token)).Count);
    }

    /// <summary>The status an RPC ended with; OK when it returned.</summary>
    internal static async Task<StatusCode> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException failure)
        {
            return failure.StatusCode;
        }
    }

    /// <summary>Asks what Cardiff Council would see of information the caller's own agency submitted: an item of their agency.</summary>
    private static async Task ExplainOwnShapeAsync(HubUser user, string _) =>
        await new ProtocolService.ProtocolServiceClient(user.Channel).ExplainDecisionAsync(new ExplainDecisionRequest
        {
            Subject = new DecisionSubject { AgencyId = "cardiff-council", Role = Role.PartnerPractitioner, PurposeId = "safeguarding-victims" },
            Action = PolicyAction.View,
            ItemShape = new ItemShape
            {
                Kind = ItemKind.Information,
                OriginatorAgencyId = user.AgencyId,
                Themes = { new Theme { ExploitationType = ExploitationType.Labour, VictimAgeGroup = VictimAgeGroup.Adult } },
                AreaGssCodes = { Cardiff },
                Classification = new Classification { Level = ClassificationLevel.Official },
            },
        }, cancellationToken: Token).ResponseAsync;

    /// <summary>Opens the inbox stream and waits for its first event (a delivery or a heartbeat).</summary>
    private static async Task FirstInboxEventAsync(HubUser user, string _)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var stream = user.Inbox.StreamInbox(new StreamInboxRequest { Purpose = Purpose("safeguarding-victims") }, cancellationToken: timeout.Token);
        if (!await stream.ResponseStream.MoveNext(timeout.Token))
            throw new InvalidOperationException("The inbox stream ended without an event.");
    }

    /// <summary>A well-formed ES256 token with every claim the hub wants, signed by a key of our own.</summary>
    private static string ForgedToken(string agencyId, string role)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokenIssuer.IssuerName,
            Audience = TokenClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(30),
            Subject = new ClaimsIdentity([new Claim(TokenClaims.Subject, "user-1"), new Claim(TokenClaims.Agency, agencyId), new Claim(TokenClaims.Role, role)]),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>The real time shifted by a fixed amount, e.g. to issue a token that is already out of date.</summary>
    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().Add(by);
    }
}

/// <summary>Reads of the hub's audit log straight from its store, as the tests check what was recorded.</summary>
internal static class AuditTrail
{
    /// <summary>Every entry appended since the log had the given number of entries, decoded.</summary>
    public static async Task<List<AuditEntry>> EntriesSinceAsync(InProcessHub hub, long count, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        while (true)
        {
            var records = await hub.Store.ReadAuditAsync(count + entries.Count, 1000, cancellationToken);
            if (records.Count == 0) return entries;
            foreach (var record in records)
            {
                Assert.True(AuditEntryEncoding.TryDecode(record.CanonicalEntry.Span, out var entry, out var error), $"audit leaf {record.Sequence} does not decode: {error}");
                entries.Add(entry!);
            }
        }
    }

    /// <summary>The Denial entries appended since the log had the given number of entries.</summary>
    public static async Task<List<AuditEntry>> DenialsSinceAsync(InProcessHub hub, long count, CancellationToken cancellationToken) =>
        (await EntriesSinceAsync(hub, count, cancellationToken)).Where(e => e.Action == AuditAction.Denial).ToList();
}
