using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.ProtocolOwners;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Protocol owners change a protocol through the hub: propose, approve (each named approver from its own agency),
/// publish now or at a time, roll back, retire; every refusal is precise and leaves the protocol in force unchanged.
/// </summary>
public sealed class ProtocolLifecycleTests(PostgresCluster cluster) : IDisposable
{
    private const string Isp = "wales-anti-trafficking-isp";
    private readonly string _policies = CopyOfPoliciesWithApproverOwners("anti-trafficking-isp.yaml");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_policies, recursive: true);

    private string Original => File.ReadAllText(Path.Combine(_policies, "protocols", Isp + ".yaml"));

    /// <summary>The ISP as version 2.3, with partners' sanitised intelligence narrowed to "exists: refer to the originator".</summary>
    private string Narrowed => AsVersion(NarrowedToExistenceOnly(Original), "2.2", "2.3");

    private Task<InProcessHub> StartAsync(Engine engine) =>
        InProcessHub.StartAsync(engine, cluster, $"Hub:PolicyDirectory={_policies}", "Hub:PolicyReloadInterval=00:00:00.100");

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_version_goes_from_proposal_through_every_approval_to_publication_and_every_refusal_changes_nothing(Engine engine)
    {
        await using var hub = await StartAsync(engine);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var riu = Owner(hub, "wales-riu");
        var audited = await hub.Store.AuditCountAsync(Token);

        // A proposal that does not validate is refused with the linter's message, and nothing is stored
        var broken = await RefusedAsync(() => riu.ProposeProtocolVersionAsync(Proposal("broken", Narrowed.Replace("effective: 2025-04-01", "effective: 01/04/2025", StringComparison.Ordinal))).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, broken.StatusCode);
        Assert.Contains("01/04/2025", broken.Status.Detail, StringComparison.Ordinal);
        // Only the owning agency proposes; another agency's protocol owner is refused
        var notOwner = await RefusedAsync(() => Owner(hub, "south-wales-police").ProposeProtocolVersionAsync(Proposal("swp-1", Narrowed)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notOwner.StatusCode);
        Assert.Contains("owned by wales-riu", notOwner.Status.Detail, StringComparison.Ordinal);
        // Other text under a version already stored is refused
        var rewrite = await RefusedAsync(() => riu.ProposeProtocolVersionAsync(Proposal("rewrite", NarrowedToExistenceOnly(Original))).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, rewrite.StatusCode);
        Assert.Contains("new version number", rewrite.Status.Detail, StringComparison.Ordinal);

        // When the owner proposes 2.3, and proposes it again (a retry, and the same text under another key)
        var proposed = (await riu.ProposeProtocolVersionAsync(Proposal("riu-1", Narrowed), cancellationToken: Token)).Protocol;
        var retried = (await riu.ProposeProtocolVersionAsync(Proposal("riu-1", Narrowed), cancellationToken: Token)).Protocol;
        var again = (await riu.ProposeProtocolVersionAsync(Proposal("riu-2", Narrowed), cancellationToken: Token)).Protocol;

        // Then one version is stored, PROPOSED, waiting for the five approvers its document names
        Assert.Equal(ProtocolStatus.Proposed, proposed.Status);
        Assert.Equal((proposed.Version, proposed.Digest), (retried.Version, retried.Digest));
        Assert.Equal(proposed.Version, again.Version);
        Assert.Equal(["wales-riu", "south-wales-police", "cardiff-council", "cardiff-and-vale-uhb", "bawso"], proposed.Approvals.Select(a => a.Agency.AgencyId));
        Assert.All(proposed.Approvals, a => Assert.Null(a.Approved));
        Assert.Equal(("wales-riu", "wales-riu-owner", "narrowing"), (proposed.Proposed.Agency.AgencyId, proposed.Proposed.UserId, proposed.ChangeNote));
        Assert.Equal(2, (await hub.Store.ListProtocolVersionsAsync(Token)).Count(v => v.ProtocolId == Isp));

        // Approvals: not an approver, a wrong role, a wrong digest; publishing before every approval
        var stranger = await RefusedAsync(() => Owner(hub, "gwent-police").ApproveProtocolVersionAsync(Approval(proposed), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, stranger.StatusCode);
        Assert.Contains("gwent-police is not one of them", stranger.Status.Detail, StringComparison.Ordinal);
        var wrongRole = await RefusedAsync(() => new ProtocolService.ProtocolServiceClient(hub.As("cardiff-council", UserRole.PartnerPractitioner).Channel)
            .ApproveProtocolVersionAsync(Approval(proposed), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, wrongRole.StatusCode);
        var wrongDigest = await RefusedAsync(() => Owner(hub, "bawso").ApproveProtocolVersionAsync(Approval(proposed, digest: "sha256:" + new string('0', 64)), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, wrongDigest.StatusCode);
        Assert.Contains("approve what you read", wrongDigest.Status.Detail, StringComparison.Ordinal);
        await Owner(hub, "bawso").ApproveProtocolVersionAsync(Approval(proposed), cancellationToken: Token);
        var twice = await RefusedAsync(() => Owner(hub, "bawso").ApproveProtocolVersionAsync(Approval(proposed), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        Assert.Contains("bawso already approved", twice.Status.Detail, StringComparison.Ordinal);
        var early = await RefusedAsync(() => riu.PublishProtocolVersionAsync(Publication(proposed), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Contains("wales-riu, south-wales-police, cardiff-council, cardiff-and-vale-uhb", early.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("bawso", early.Status.Detail, StringComparison.Ordinal);

        // And after every refusal 2.2 is still in force: Cardiff gets a force's intelligence sanitised, decided by 2.2
        Assert.Equal((DisclosureView.Sanitised, "2.2"), await CardiffRoutingAsync(force));

        // When every other approver approves
        await ApproveAllAsync(hub, (await riu.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp, Version = "2.3" }, cancellationToken: Token)).Protocol);
        var approved = (await riu.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp, Version = "2.3" }, cancellationToken: Token)).Protocol;
        Assert.Equal(ProtocolStatus.Approved, approved.Status);
        Assert.All(approved.Approvals, a => Assert.Equal((a.Agency.AgencyId + "-owner", a.Agency.AgencyId), (a.Approved.UserId, a.Approved.Agency.AgencyId)));

        // Publication in the past, and by another agency, is refused
        var past = await RefusedAsync(() => riu.PublishProtocolVersionAsync(Publication(proposed, DateTimeOffset.UtcNow.AddHours(-1)), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, past.StatusCode);
        Assert.Contains("effective_at", past.Status.Detail, StringComparison.Ordinal);
        var otherPublisher = await RefusedAsync(() => Owner(hub, "south-wales-police").PublishProtocolVersionAsync(Publication(proposed), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherPublisher.StatusCode);
        Assert.Equal((DisclosureView.Sanitised, "2.2"), await CardiffRoutingAsync(force));

        // When the owner publishes it now
        var published = (await riu.PublishProtocolVersionAsync(Publication(proposed), cancellationToken: Token)).Protocol;

        // Then it is in force at once on this hub, carrying its sign-offs, and the next routing is decided by it
        Assert.Equal(ProtocolStatus.InForce, published.Status);
        Assert.Equal(("wales-riu", "wales-riu-owner"), (published.Published.Agency.AgencyId, published.Published.UserId));
        Assert.Equal(5, published.Approvals.Count(a => a.Approved is not null && a.Comment == "agreed at the partnership board"));
        Assert.Equal((DisclosureView.ExistenceOnly, "2.3"), await CardiffRoutingAsync(force));
        var superseded = (await riu.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp, Version = "2.2" }, cancellationToken: Token)).Protocol;
        Assert.Equal((ProtocolStatus.Superseded, "superseded by version 2.3"), (superseded.Status, superseded.EndedReason));

        // Roll back: by another agency, or naming a version not in force, is refused
        var otherRollback = await RefusedAsync(() => Owner(hub, "south-wales-police").RollbackProtocolAsync(Rollback("2.3"), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherRollback.StatusCode);
        var staleRollback = await RefusedAsync(() => riu.RollbackProtocolAsync(Rollback("2.2"), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, staleRollback.StatusCode);
        Assert.Equal((DisclosureView.ExistenceOnly, "2.3"), await CardiffRoutingAsync(force));
        var rolledBack = await riu.RollbackProtocolAsync(Rollback("2.3"), cancellationToken: Token);
        Assert.Equal(("2.2", ProtocolStatus.InForce), (rolledBack.Protocol.Version, rolledBack.Protocol.Status));
        Assert.Equal(ProtocolStatus.Superseded, rolledBack.RolledBack.Status);
        Assert.Contains("partners complained", rolledBack.RolledBack.EndedReason, StringComparison.Ordinal);
        Assert.Equal((DisclosureView.Sanitised, "2.2"), await CardiffRoutingAsync(force));

        // Retire: by another agency is refused; by the owner, the protocol authorises nothing from then on
        var otherRetire = await RefusedAsync(() => Owner(hub, "south-wales-police").RetireProtocolAsync(new RetireProtocolRequest { ProtocolId = Isp, Reason = "x" }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherRetire.StatusCode);
        Assert.Equal((DisclosureView.Sanitised, "2.2"), await CardiffRoutingAsync(force));
        var retired = (await riu.RetireProtocolAsync(new RetireProtocolRequest { ProtocolId = Isp, Reason = "replaced by the regional ISP" }, cancellationToken: Token)).Protocol;
        Assert.Equal(ProtocolStatus.Retired, retired.Status);
        Assert.Equal((null, ""), await CardiffRoutingAsync(force));

        // And every step is in the signed audit log with the document's digest
        var steps = (await AuditTrail.EntriesSinceAsync(hub, audited, Token))
            .Where(e => e.ProtocolId == Isp && e.Action is AuditAction.ProtocolProposal or AuditAction.ProtocolApproval or AuditAction.ProtocolPublication or AuditAction.ProtocolRollback or AuditAction.ProtocolRetirement)
            .ToList();
        Assert.Equal([AuditAction.ProtocolProposal, .. Enumerable.Repeat(AuditAction.ProtocolApproval, 5), AuditAction.ProtocolPublication, AuditAction.ProtocolRollback, AuditAction.ProtocolRetirement],
            steps.Select(e => e.Action));
        Assert.All(steps.Take(7), e => Assert.Equal(proposed.Digest, "sha256:" + e.ContentDigest!.ToString()));
        Assert.Equal(superseded.Digest, "sha256:" + steps[^2].ContentDigest!.Value.ToString());
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_publication_at_a_future_time_takes_effect_at_that_time(Engine engine)
    {
        var clock = new MovableClock();
        var setup = engine == Engine.Sqlite
            ? HubSetup.Sqlite($"Hub:PolicyDirectory={_policies}", "Hub:PolicyReloadInterval=00:00:00.100")
            : await HubSetup.PostgresAsync(cluster, $"Hub:PolicyDirectory={_policies}", "Hub:PolicyReloadInterval=00:00:00.100");
        await using var hub = await InProcessHub.StartAsync(setup with { Clock = clock });
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var riu = Owner(hub, "wales-riu");
        var proposed = (await riu.ProposeProtocolVersionAsync(Proposal("later", Narrowed), cancellationToken: Token)).Protocol;
        await ApproveAllAsync(hub, proposed);

        // When it is published to take effect in twenty minutes (within the test users' token lifetime)
        var at = clock.GetUtcNow().AddMinutes(20);
        var scheduled = (await riu.PublishProtocolVersionAsync(Publication(proposed, at), cancellationToken: Token)).Protocol;

        // Then until then 2.2 decides; a second publication of the protocol meanwhile is refused
        Assert.Equal(ProtocolStatus.Scheduled, scheduled.Status);
        Assert.Equal(at.ToUnixTimeSeconds(), scheduled.EffectiveAt.Seconds);
        Assert.Equal((DisclosureView.Sanitised, "2.2"), await CardiffRoutingAsync(force));
        clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(300, Token);
        Assert.Equal((DisclosureView.Sanitised, "2.2"), await CardiffRoutingAsync(force));

        // And once the clock passes the time, 2.3 decides
        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.True(await PolicyReloadTests.EventuallyAsync(async () => await CardiffRoutingAsync(force) == (DisclosureView.ExistenceOnly, "2.3")),
            "the scheduled version did not take effect within 10 s of its time");
        Assert.Equal(ProtocolStatus.InForce, (await riu.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp }, cancellationToken: Token)).Protocol.Status);
    }

    [Fact]
    public async Task Two_hub_processes_on_one_PostgreSQL_both_switch_within_the_reload_interval_and_cannot_both_publish()
    {
        // Given two hubs on one database, each polling the protocol generation every 200 ms
        var first = await HubSetup.PostgresAsync(cluster, $"Hub:PolicyDirectory={_policies}", "Hub:PolicyReloadInterval=00:00:00.200");
        await using var one = await InProcessHub.StartAsync(first);
        await using var two = await InProcessHub.StartAsync(HubSetup.Sqlite([.. first.Settings]));
        var forceOnTwo = two.As("south-wales-police", UserRole.Submitter);
        Assert.Equal((DisclosureView.Sanitised, "2.2"), await CardiffRoutingAsync(forceOnTwo));

        // When a version is proposed and approved on one, and both hubs publish it at once
        var riuOne = Owner(one, "wales-riu");
        var proposed = (await riuOne.ProposeProtocolVersionAsync(Proposal("two-hubs", Narrowed), cancellationToken: Token)).Protocol;
        await ApproveAllAsync(two, proposed);
        var outcomes = await Task.WhenAll(
            AuthorizationMatrixTests.StatusOfAsync(() => riuOne.PublishProtocolVersionAsync(Publication(proposed), cancellationToken: Token).ResponseAsync),
            AuthorizationMatrixTests.StatusOfAsync(() => Owner(two, "wales-riu").PublishProtocolVersionAsync(Publication(proposed), cancellationToken: Token).ResponseAsync));

        // Then exactly one publication happened; the other was refused as already published
        Assert.Equal([StatusCode.OK, StatusCode.FailedPrecondition], outcomes.Order());
        Assert.Single(await AuditTrail.EntriesSinceAsync(one, 0, Token), e => e.Action == AuditAction.ProtocolPublication && e.ProtocolVersion == "2.3");
        // And both hubs decide by it within the documented bound (one reload interval, with slack for a loaded machine):
        // either may have been the one that published, and the other learns of it by polling
        var started = DateTimeOffset.UtcNow;
        var forceOnOne = one.As("south-wales-police", UserRole.Submitter);
        Assert.True(await PolicyReloadTests.EventuallyAsync(async () => await CardiffRoutingAsync(forceOnTwo) == (DisclosureView.ExistenceOnly, "2.3")
            && await CardiffRoutingAsync(forceOnOne) == (DisclosureView.ExistenceOnly, "2.3")),
            "the hubs did not both switch within 10 s");
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(5), "the hubs switched, but far beyond their 200 ms reload interval");
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Searches_and_an_inbox_stream_running_through_a_publication_never_see_a_mix_and_then_follow_the_new_version(Engine engine)
    {
        // Given partners may search the sanitised intelligence they receive (version 2.3 adds search to the rule)
        await using var hub = await StartAsync(engine);
        var searchable = AsVersion(Original.Replace("    actions: [receive, view]\n    purposes: [safeguarding-victims]\n    roles: [partner-practitioner]\n    when:\n      kinds: [intelligence]",
            "    actions: [receive, view, search]\n    purposes: [safeguarding-victims]\n    roles: [partner-practitioner]\n    when:\n      kinds: [intelligence]", StringComparison.Ordinal), "2.2", "2.3");
        Assert.NotEqual(Original, AsVersion(searchable, "2.3", "2.2"));
        await PublishAsync(hub, "wales-riu", searchable);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var items = new List<string>();
        for (var i = 0; i < 12; i++)
            items.Add((await force.Reports.SubmitIntelligenceAsync(LabourIntelligence($"swp-mix-{i}", $"07700 9004{i:00}"), cancellationToken: Token)).Receipt.ItemId);
        var council = hub.As("cardiff-council", UserRole.PartnerPractitioner);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var stream = council.Inbox.StreamInbox(new StreamInboxRequest { Purpose = InboxPurpose(council), MaxUnacknowledged = 1000 }, cancellationToken: timeout.Token);
        var delivered = new List<InboxDelivery>();

        // While searches run again and again, the narrowed version is published
        var search = new SearchItemsRequest { Purpose = Purpose("safeguarding-victims"), AreaGssCodes = { Cardiff }, PageSize = 100 };
        var searches = new List<IReadOnlyList<DisclosedItem>>();
        using var searching = new CancellationTokenSource();
        var searcher = Task.Run(async () =>
        {
            while (!searching.IsCancellationRequested)
                searches.Add([.. (await council.Reports.SearchItemsAsync(search, cancellationToken: Token)).Items.Where(i => items.Contains(i.ItemId))]);
        }, Token);
        while (delivered.Count < items.Count && await stream.ResponseStream.MoveNext(timeout.Token))
        {
            if (stream.ResponseStream.Current.Delivery is { } delivery) delivered.Add(delivery);
        }
        await Task.Delay(200, Token);
        await PublishAsync(hub, "wales-riu", AsVersion(NarrowedToExistenceOnly(searchable), "2.3", "2.4"));
        await Task.Delay(500, Token);
        await searching.CancelAsync();
        await searcher;

        // Then no search saw part of one version and part of the other: each found every item sanitised, or none
        // (existence-only hides the area a search matched on)
        Assert.True(searches.Any(s => s.Count == items.Count), $"no search found every item; counts: {string.Join(",", searches.Select(s => s.Count).Distinct())}, searches: {searches.Count}");
        Assert.All(searches, s => Assert.True(s.Count == 0 || (s.Count == items.Count && s.All(i => i.View == DisclosureView.Sanitised)),
            $"a search saw a mix: {s.Count} of {items.Count} items, views {string.Join(",", s.Select(i => i.View))}"));
        Assert.DoesNotContain((await council.Reports.SearchItemsAsync(search, cancellationToken: Token)).Items, i => items.Contains(i.ItemId));
        // And the stream, delivered sanitised before, delivers the next item as the new version decides, by its rule
        Assert.All(delivered, d => Assert.Equal(DisclosureView.Sanitised, d.Item.View));
        var later = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-mix-later"), cancellationToken: Token)).Receipt.ItemId;
        InboxDelivery? next = null;
        while (next is null && await stream.ResponseStream.MoveNext(timeout.Token))
            if (stream.ResponseStream.Current.Delivery is { } delivery && delivery.Item.ItemId == later) next = delivery;
        Assert.Equal(DisclosureView.ExistenceOnly, next!.Item.View);
        // And an item routed sanitised before is released by the new version when read again
        var reread = await council.Reports.GetItemAsync(new GetItemRequest { ItemId = items[0], Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token);
        Assert.Equal(DisclosureView.ExistenceOnly, reread.Item.View);
    }

    private static ProposeProtocolVersionRequest Proposal(string key, string text) =>
        new() { IdempotencyKey = key, DocumentText = text, ChangeNote = "narrowing" };

    private static ApproveProtocolVersionRequest Approval(ProtocolVersion version, string? digest = null) =>
        new() { ProtocolId = version.ProtocolId, Version = version.Version, Digest = digest ?? version.Digest, Comment = "agreed at the partnership board" };

    private static PublishProtocolVersionRequest Publication(ProtocolVersion version, DateTimeOffset? at = null) =>
        new() { ProtocolId = version.ProtocolId, Version = version.Version, EffectiveAt = at is { } time ? Timestamp.FromDateTimeOffset(time) : null };

    private static RollbackProtocolRequest Rollback(string current) =>
        new() { ProtocolId = Isp, CurrentVersion = current, Reason = "partners complained they lost the sanitised text" };

    /// <summary>Submits labour-exploitation intelligence about Cardiff; the view Cardiff Council was routed and the ISP version that decided it.</summary>
    private static async Task<(DisclosureView?, string)> CardiffRoutingAsync(HubUser force)
    {
        var receipt = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-" + Guid.NewGuid().ToString("N")), cancellationToken: Token)).Receipt;
        var cardiff = receipt.Routing.SingleOrDefault(r => r.Agency.AgencyId == "cardiff-council" && r.View != DisclosureView.Unspecified);
        return cardiff is null ? (null, "") : (cardiff.View, cardiff.Basis.ProtocolId == Isp ? cardiff.Basis.ProtocolVersion : cardiff.Basis.ProtocolId);
    }

    private static async Task<RpcException> RefusedAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(call);
        return refused;
    }

    /// <summary>The ISP with partners' sanitised intelligence narrowed to "exists: refer to the originator".</summary>
    internal static string NarrowedToExistenceOnly(string isp)
    {
        var rule = isp.IndexOf("  - id: sanitised-intelligence-to-partners", StringComparison.Ordinal);
        var view = isp.IndexOf("    view: sanitised", rule, StringComparison.Ordinal);
        return string.Concat(isp.AsSpan(0, view), "    view: existence-only", isp.AsSpan(view + "    view: sanitised".Length));
    }
}
