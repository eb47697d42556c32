using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using System.Net.Http.Json;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Refer to originator, end to end: a force shown another force's intelligence as existence only asks for it; the
/// originator's analyst lists the requests and grants (a view, conditions, an expiry) or refuses; the requester learns
/// of it in its inbox; GetItem releases the granted view until the expiry, then what the protocols give. And the
/// attacks: asking for what one is not shown, deciding as someone else, granting wider than the protocols could
/// permit, deciding twice differently, forged ids and tokens, huge fields.
/// </summary>
public sealed class DisseminationTests(PostgresCluster cluster)
{
    private const string Disrupt = "disrupt-trafficking";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_grant_reaches_the_requester_in_its_inbox_and_releases_the_item_in_the_granted_view_until_it_expires(Engine engine)
    {
        // Given South Wales Police intelligence with handling code C and no recorded conditions: Gwent Police is shown it as existence only
        var (hub, clock) = await StartAsync(engine);
        await using var _ = hub;
        var itemId = await SubmitReferredIntelligenceAsync(hub, clock, "swp-refer-1");
        var requester = UserAt(hub, clock, "gwent-police", UserRole.Analyst);
        Assert.Equal(DisclosureView.ExistenceOnly, (await GetAsync(requester, itemId)).View);
        var audited = await hub.Store.AuditCountAsync(Token);

        // When Gwent's analyst asks for it in full (twice: a retry), and the originator's analyst lists what it received
        var asked = await Disseminations(requester).RequestDisseminationAsync(Request(itemId, "gwent-ask-1"), cancellationToken: Token);
        var retried = await Disseminations(requester).RequestDisseminationAsync(Request(itemId, "gwent-ask-1"), cancellationToken: Token);
        var originator = UserAt(hub, clock, "south-wales-police", UserRole.Analyst);
        var received = await Disseminations(originator).ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest { Side = DisseminationSide.Originator }, cancellationToken: Token);

        // Then the request is pending, recorded once, and the originator sees it with the purpose and justification
        var id = asked.Dissemination.DisseminationId;
        Assert.Equal(DisseminationStatus.Pending, asked.Dissemination.Status);
        Assert.Equal(id, retried.Dissemination.DisseminationId);
        var listed = Assert.Single(received.Disseminations);
        Assert.Equal((id, itemId, "gwent-police", DisclosureView.Full), (listed.DisseminationId, listed.ItemId, listed.Requested.Agency.AgencyId, listed.RequestedView));
        Assert.Equal(Disrupt, listed.Purpose.PurposeId);
        Assert.Contains("Op Gwalch", listed.Purpose.Justification, StringComparison.Ordinal);
        Assert.Empty((await Disseminations(requester).ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest { Side = DisseminationSide.Originator }, cancellationToken: Token)).Disseminations);

        // When the originator grants it in full with conditions for 30 days (and repeats the same decision)
        var grant = new DisseminationGrant
        {
            View = DisclosureView.Full, ExpiresAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddDays(30)),
            Conditions = { new HandlingCondition { Kind = HandlingConditionKind.NotForEvidentialUse }, new HandlingCondition { Kind = HandlingConditionKind.Other, Text = "For tasking only" } },
        };
        var decided = await Disseminations(originator).DecideDisseminationAsync(new DecideDisseminationRequest { DisseminationId = id, Grant = grant }, cancellationToken: Token);
        var repeated = await Disseminations(originator).DecideDisseminationAsync(new DecideDisseminationRequest { DisseminationId = id, Grant = grant }, cancellationToken: Token);

        // Then the decision is recorded once, and a different decision on it is refused
        Assert.Equal(DisseminationStatus.Granted, decided.Dissemination.Status);
        Assert.Equal(decided.Dissemination, repeated.Dissemination);
        var otherDecision = await Refused(() => Disseminations(originator).DecideDisseminationAsync(new DecideDisseminationRequest { DisseminationId = id, Refusal = new DisseminationRefusal { Reason = "changed my mind" } }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, otherDecision.StatusCode);

        // And the requester's inbox delivers the item in full with the conditions as obligations
        var inbox = await requester.Inbox.ListInboxAsync(new ListInboxRequest { Purpose = Purpose(Disrupt) }, cancellationToken: Token);
        var delivery = Assert.Single(inbox.Deliveries, d => d.Reason == DeliveryReason.DisseminationGranted);
        Assert.Equal((id, itemId, DisclosureView.Full), (delivery.DisseminationId, delivery.Item.ItemId, delivery.Item.View));
        Assert.Contains(delivery.Item.Obligations, o => o.Kind == ObligationKind.NotForEvidentialUse);
        Assert.Contains(delivery.Item.Obligations, o => o.Kind == ObligationKind.Other && o.Text.Contains("For tasking only", StringComparison.Ordinal));
        Assert.Single(inbox.Deliveries, d => d.Reason == DeliveryReason.Routed && d.Item.ItemId == itemId && d.Item.View == DisclosureView.ExistenceOnly);

        // And GetItem releases it in full to Gwent, for the purpose asked, and to no other agency or purpose
        var released = await GetAsync(requester, itemId);
        Assert.Equal(DisclosureView.Full, released.View);
        Assert.Contains(SourceMarker, released.Full.FullText, StringComparison.Ordinal);
        Assert.DoesNotContain(released.Obligations, o => o.Text.Contains("Only the item's existence", StringComparison.Ordinal));
        Assert.Contains(released.Obligations, o => o.Kind == ObligationKind.NotForEvidentialUse);
        Assert.Equal(DisclosureView.ExistenceOnly, (await GetAsync(UserAt(hub, clock, "north-wales-police", UserRole.Analyst), itemId)).View);
        Assert.Equal(DisclosureView.ExistenceOnly, (await GetAsync(requester, itemId, "policing")).View);

        // And every step is audited: the request once, the decision once, each release under the grant with its id
        var entries = await AuditTrail.EntriesSinceAsync(hub, audited, Token);
        var request = Assert.Single(entries, e => e.Action == AuditAction.ReferToOriginatorRequest);
        Assert.Equal(("gwent-police", "south-wales-police", itemId, "full", "requested:" + id), (request.Agency, request.Counterparty, request.ItemId, request.View, request.Decision));
        Assert.Equal((ulong)entries.IndexOf(request) + (ulong)audited, asked.Dissemination.AuditLeafIndex);
        var decision = Assert.Single(entries, e => e.Action == AuditAction.ReferToOriginatorDecision);
        Assert.Equal(("south-wales-police", "gwent-police", "full"), (decision.Agency, decision.Counterparty, decision.View));
        Assert.StartsWith("granted:" + id, decision.Decision, StringComparison.Ordinal);
        var storedItem = await hub.Store.GetItemAsync(itemId, Token);
        Assert.Equal((storedItem!.ContentDigest, storedItem.ContentDigest), (request.ContentDigest?.Hex, decision.ContentDigest?.Hex));
        Assert.Equal((ulong)entries.IndexOf(decision) + (ulong)audited, decided.Dissemination.AuditLeafIndex);
        Assert.Single(entries, e => e.Action == AuditAction.Delivery && e.Decision.EndsWith("granted:" + id, StringComparison.Ordinal) && e.View == "full");
        Assert.Single(entries, e => e.Action == AuditAction.DisclosureByView && e.Agency == "gwent-police" && e.Decision == "granted:" + id && e.View == "full");

        // When the grant has expired
        clock.Advance(TimeSpan.FromDays(31));
        requester = UserAt(hub, clock, "gwent-police", UserRole.Analyst);

        // Then Gwent is back to what the protocols give, by GetItem and in its inbox
        Assert.Equal(DisclosureView.ExistenceOnly, (await GetAsync(requester, itemId)).View);
        var later = await requester.Inbox.ListInboxAsync(new ListInboxRequest { Purpose = Purpose(Disrupt), IncludeAcknowledged = true }, cancellationToken: Token);
        Assert.Equal(DisclosureView.ExistenceOnly, Assert.Single(later.Deliveries, d => d.Reason == DeliveryReason.DisseminationGranted).Item.View);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_refusal_reaches_the_requester_with_its_reason_and_releases_nothing_more(Engine engine)
    {
        // Given Gwent's pending request for South Wales Police intelligence it is shown as existence only
        var (hub, clock) = await StartAsync(engine);
        await using var _ = hub;
        var itemId = await SubmitReferredIntelligenceAsync(hub, clock, "swp-refer-2");
        var requester = UserAt(hub, clock, "gwent-police", UserRole.Analyst);
        var id = (await Disseminations(requester).RequestDisseminationAsync(Request(itemId, "gwent-ask-2"), cancellationToken: Token)).Dissemination.DisseminationId;
        var audited = await hub.Store.AuditCountAsync(Token);

        // When the originator refuses it with a reason
        var originator = UserAt(hub, clock, "south-wales-police", UserRole.Analyst);
        var refusal = new DecideDisseminationRequest { DisseminationId = id, Refusal = new DisseminationRefusal { Reason = "Live operation: ask again after 1 March." } };
        var refused = await Disseminations(originator).DecideDisseminationAsync(refusal, cancellationToken: Token);

        // Then the requester sees the refusal and its reason in its list and inbox, and still only that the item exists
        Assert.Equal(DisseminationStatus.Refused, refused.Dissemination.Status);
        var mine = await Disseminations(requester).ListDisseminationRequestsAsync(
            new ListDisseminationRequestsRequest { Side = DisseminationSide.Requester, Statuses = { DisseminationStatus.Refused } }, cancellationToken: Token);
        Assert.Equal("Live operation: ask again after 1 March.", Assert.Single(mine.Disseminations).RefusalReason);
        var inbox = await requester.Inbox.ListInboxAsync(new ListInboxRequest { Purpose = Purpose(Disrupt) }, cancellationToken: Token);
        var delivery = Assert.Single(inbox.Deliveries, d => d.Reason == DeliveryReason.DisseminationRefused);
        Assert.Equal((id, DisclosureView.ExistenceOnly), (delivery.DisseminationId, delivery.Item.View));
        Assert.Equal(DisclosureView.ExistenceOnly, (await GetAsync(requester, itemId)).View);

        // And repeating the refusal returns it, while a grant on it now fails; the decision is audited once
        Assert.Equal(refused.Dissemination, (await Disseminations(originator).DecideDisseminationAsync(refusal, cancellationToken: Token)).Dissemination);
        var grant = await Refused(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Full, clock), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, grant.StatusCode);
        var decision = Assert.Single(await AuditTrail.EntriesSinceAsync(hub, audited, Token), e => e.Action == AuditAction.ReferToOriginatorDecision);
        Assert.Equal(("refused:" + id, "Live operation: ask again after 1 March."), (decision.Decision, decision.Justification));
    }

    [Fact]
    public async Task Asking_for_an_item_one_is_not_shown_is_answered_exactly_as_for_an_item_that_does_not_exist()
    {
        // Given intelligence the protocols do not route to Cardiff Council at all
        var (hub, clock) = await StartAsync(Engine.Sqlite);
        await using var _ = hub;
        var itemId = await SubmitReferredIntelligenceAsync(hub, clock, "swp-refer-3");
        var council = UserAt(hub, clock, "cardiff-council", UserRole.PartnerPractitioner);
        var audited = await hub.Store.AuditCountAsync(Token);

        // When the council asks for it, and for an id that does not exist
        var hidden = await Refused(() => Disseminations(council).RequestDisseminationAsync(Request(itemId, "council-1", "safeguarding-victims"), cancellationToken: Token).ResponseAsync);
        var absentId = Guid.CreateVersion7().ToString();
        var absent = await Refused(() => Disseminations(council).RequestDisseminationAsync(Request(absentId, "council-2", "safeguarding-victims"), cancellationToken: Token).ResponseAsync);
        var byGet = await Refused(() => council.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);

        // Then both answers are GetItem's NOT_FOUND, word for word but for the id, and nothing but denials was recorded
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (hidden.StatusCode, absent.StatusCode));
        Assert.Equal(hidden.Status.Detail, absent.Status.Detail.Replace(absentId, itemId, StringComparison.Ordinal));
        Assert.Equal(byGet.Status.Detail, hidden.Status.Detail);
        Assert.All(await AuditTrail.EntriesSinceAsync(hub, audited, Token), e => Assert.Equal(AuditAction.Denial, e.Action));
        Assert.Empty((await Disseminations(UserAt(hub, clock, "south-wales-police", UserRole.Analyst))
            .ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest { Side = DisseminationSide.Originator }, cancellationToken: Token)).Disseminations);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Only_the_originators_analyst_decides_and_never_wider_than_the_protocols_could_permit(Engine engine)
    {
        // Given Immigration Enforcement (GAIN: police intelligence sanitised at most) shown handling-C intelligence as existence only
        var (hub, clock) = await StartAsync(engine);
        await using var _ = hub;
        var itemId = await SubmitReferredIntelligenceAsync(hub, clock, "swp-refer-4");
        var immigration = UserAt(hub, clock, "immigration-enforcement", UserRole.Analyst);
        Assert.Equal(DisclosureView.ExistenceOnly, (await GetAsync(immigration, itemId)).View);
        var id = (await Disseminations(immigration).RequestDisseminationAsync(Request(itemId, "ie-ask-1"), cancellationToken: Token)).Dissemination.DisseminationId;
        var audited = await hub.Store.AuditCountAsync(Token);

        // When another force's analyst decides it, and when the originator's submitter, or a partner, tries to
        var otherForce = await Refused(() => Disseminations(UserAt(hub, clock, "north-wales-police", UserRole.Analyst)).DecideDisseminationAsync(Grant(id, DisclosureView.Sanitised, clock), cancellationToken: Token).ResponseAsync);
        var unknownId = "dsm-" + Guid.CreateVersion7().ToString("N");
        var unknown = await Refused(() => Disseminations(UserAt(hub, clock, "north-wales-police", UserRole.Analyst)).DecideDisseminationAsync(Grant(unknownId, DisclosureView.Sanitised, clock), cancellationToken: Token).ResponseAsync);
        var submitter = await Refused(() => Disseminations(UserAt(hub, clock, "south-wales-police", UserRole.Submitter)).DecideDisseminationAsync(Grant(id, DisclosureView.Sanitised, clock), cancellationToken: Token).ResponseAsync);
        var partner = await Refused(() => Disseminations(UserAt(hub, clock, "cardiff-council", UserRole.PartnerPractitioner)).DecideDisseminationAsync(Grant(id, DisclosureView.Sanitised, clock), cancellationToken: Token).ResponseAsync);
        var partnerList = await Refused(() => Disseminations(UserAt(hub, clock, "cardiff-council", UserRole.PartnerPractitioner)).ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest { Side = DisseminationSide.Originator }, cancellationToken: Token).ResponseAsync);

        // Then another agency learns nothing (the same NOT_FOUND as an unknown id), the wrong roles are refused outright
        Assert.Equal(StatusCode.NotFound, otherForce.StatusCode);
        Assert.Equal(otherForce.Status.Detail, unknown.Status.Detail.Replace(unknownId, id, StringComparison.Ordinal));
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied), (submitter.StatusCode, partner.StatusCode, partnerList.StatusCode));

        // When the originator grants it in full: wider than GAIN could ever permit Immigration Enforcement
        var originator = UserAt(hub, clock, "south-wales-police", UserRole.Analyst);
        var tooWide = await Refused(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Full, clock), cancellationToken: Token).ResponseAsync);

        // Then it is refused naming the ceiling, nothing was decided or recorded but denials, and a sanitised grant goes through
        Assert.Equal(StatusCode.FailedPrecondition, tooWide.StatusCode);
        Assert.Contains("at most sanitised", tooWide.Status.Detail, StringComparison.Ordinal);
        Assert.All(await AuditTrail.EntriesSinceAsync(hub, audited, Token), e => Assert.Equal(AuditAction.Denial, e.Action));
        var granted = await Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Sanitised, clock), cancellationToken: Token);
        Assert.Equal((DisseminationStatus.Granted, DisclosureView.Sanitised), (granted.Dissemination.Status, granted.Dissemination.GrantedView));
        var released = await GetAsync(immigration, itemId);
        Assert.Equal(DisclosureView.Sanitised, released.View);
        Assert.DoesNotContain(SourceMarker, released.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_changes_nothing()
    {
        var (hub, clock) = await StartAsync(Engine.Sqlite);
        await using var _ = hub;
        var itemId = await SubmitReferredIntelligenceAsync(hub, clock, "swp-refer-5");
        var requester = UserAt(hub, clock, "gwent-police", UserRole.Analyst);
        var originator = UserAt(hub, clock, "south-wales-police", UserRole.Analyst);
        var id = (await Disseminations(requester).RequestDisseminationAsync(Request(itemId, "gwent-ask-5"), cancellationToken: Token)).Dissemination.DisseminationId;
        var audited = await hub.Store.AuditCountAsync(Token);
        var huge = new string('x', 4 * 1024 * 1024 - 1024);

        // Requests: no purpose, no justification, the wrong views, a malformed item id, a huge justification and key
        await AssertInvalidAsync(() => Disseminations(requester).RequestDisseminationAsync(new RequestDisseminationRequest { IdempotencyKey = "k1", ItemId = itemId, RequestedView = DisclosureView.Full }, cancellationToken: Token).ResponseAsync, "purpose");
        await AssertInvalidAsync(() => Disseminations(requester).RequestDisseminationAsync(Request(itemId, "k2").Also(r => r.Purpose.Justification = " "), cancellationToken: Token).ResponseAsync, "purpose.justification");
        await AssertInvalidAsync(() => Disseminations(requester).RequestDisseminationAsync(Request(itemId, "k3").Also(r => r.RequestedView = DisclosureView.Unspecified), cancellationToken: Token).ResponseAsync, "requested_view");
        await AssertInvalidAsync(() => Disseminations(requester).RequestDisseminationAsync(Request(itemId, "k4").Also(r => r.RequestedView = DisclosureView.ExistenceOnly), cancellationToken: Token).ResponseAsync, "requested_view");
        await AssertInvalidAsync(() => Disseminations(requester).RequestDisseminationAsync(Request("../items/1 OR 1=1", "k5"), cancellationToken: Token).ResponseAsync, "item_id");
        await AssertInvalidAsync(() => Disseminations(requester).RequestDisseminationAsync(Request(itemId, "k6").Also(r => r.Purpose.Justification = huge), cancellationToken: Token).ResponseAsync, "purpose.justification");
        await AssertInvalidAsync(() => Disseminations(requester).RequestDisseminationAsync(Request(itemId, huge), cancellationToken: Token).ResponseAsync, "idempotency_key");

        // Decisions: forged and malformed ids, no decision, the wrong views, expiry missing, past or beyond a year, empty or huge reasons and conditions
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant("dsm-' OR '1'='1", DisclosureView.Full, clock), cancellationToken: Token).ResponseAsync, "dissemination_id");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant(id.ToUpperInvariant(), DisclosureView.Full, clock), cancellationToken: Token).ResponseAsync, "dissemination_id");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(new DecideDisseminationRequest { DisseminationId = id }, cancellationToken: Token).ResponseAsync, "decision");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.ExistenceOnly, clock), cancellationToken: Token).ResponseAsync, "grant.view");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Full, clock).Also(r => r.Grant.ExpiresAt = null), cancellationToken: Token).ResponseAsync, "grant.expires_at");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Full, clock).Also(r => r.Grant.ExpiresAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddMinutes(-1))), cancellationToken: Token).ResponseAsync, "grant.expires_at");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Full, clock).Also(r => r.Grant.ExpiresAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddDays(366))), cancellationToken: Token).ResponseAsync, "grant.expires_at");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Full, clock).Also(r => r.Grant.ExpiresAt = new Timestamp { Seconds = long.MaxValue }), cancellationToken: Token).ResponseAsync, "grant.expires_at");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Full, clock).Also(r => r.Grant.Conditions.Add(new HandlingCondition { Kind = HandlingConditionKind.Other, Text = huge })), cancellationToken: Token).ResponseAsync, "grant.conditions[0].text");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(Grant(id, DisclosureView.Full, clock).Also(r => r.Grant.Conditions.Add(new HandlingCondition())), cancellationToken: Token).ResponseAsync, "grant.conditions[0].kind");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(new DecideDisseminationRequest { DisseminationId = id, Refusal = new DisseminationRefusal { Reason = "  " } }, cancellationToken: Token).ResponseAsync, "refusal.reason");
        await AssertInvalidAsync(() => Disseminations(originator).DecideDisseminationAsync(new DecideDisseminationRequest { DisseminationId = id, Refusal = new DisseminationRefusal { Reason = huge } }, cancellationToken: Token).ResponseAsync, "refusal.reason");

        // Lists: no side, out-of-range page sizes and statuses, forged page tokens
        await AssertInvalidAsync(() => Disseminations(requester).ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest(), cancellationToken: Token).ResponseAsync, "side");
        await AssertInvalidAsync(() => Disseminations(requester).ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest { Side = DisseminationSide.Requester, PageSize = 101 }, cancellationToken: Token).ResponseAsync, "page_size");
        await AssertInvalidAsync(() => Disseminations(requester).ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest { Side = DisseminationSide.Requester, Statuses = { (DisseminationStatus)42 } }, cancellationToken: Token).ResponseAsync, "statuses[0]");
        foreach (var forged in new[] { "not a token", "MXwxfGRzbS0xfDE", huge[..1000], Convert.ToBase64String("1|0|dsm-x|1"u8.ToArray()) })
            await AssertInvalidAsync(() => Disseminations(requester).ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest { Side = DisseminationSide.Requester, PageToken = forged }, cancellationToken: Token).ResponseAsync, "page_token");

        // Then nothing was recorded or decided
        Assert.Equal(audited, await hub.Store.AuditCountAsync(Token));
        Assert.Equal(DisseminationStatus.Pending, Assert.Single((await Disseminations(originator).ListDisseminationRequestsAsync(new ListDisseminationRequestsRequest { Side = DisseminationSide.Originator }, cancellationToken: Token)).Disseminations).Status);
    }

    [Fact]
    public async Task Requests_are_listed_newest_first_a_page_at_a_time_and_a_token_works_only_for_the_list_it_came_from()
    {
        // Given three requests by Gwent for three items
        var (hub, clock) = await StartAsync(Engine.Sqlite);
        await using var _ = hub;
        var requester = UserAt(hub, clock, "gwent-police", UserRole.Analyst);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var itemId = await SubmitReferredIntelligenceAsync(hub, clock, $"swp-page-{i}");
            ids.Add((await Disseminations(requester).RequestDisseminationAsync(Request(itemId, $"gwent-page-{i}"), cancellationToken: Token)).Dissemination.DisseminationId);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // When they are listed two to a page
        var list = new ListDisseminationRequestsRequest { Side = DisseminationSide.Requester, PageSize = 2 };
        var first = await Disseminations(requester).ListDisseminationRequestsAsync(list, cancellationToken: Token);
        var second = await Disseminations(requester).ListDisseminationRequestsAsync(list.Clone().Also(l => l.PageToken = first.NextPageToken), cancellationToken: Token);

        // Then the pages hold all three, newest first, and the token is refused for another list
        Assert.Equal(Enumerable.Reverse(ids), first.Disseminations.Concat(second.Disseminations).Select(d => d.DisseminationId));
        Assert.Empty(second.NextPageToken);
        await AssertInvalidAsync(() => Disseminations(requester).ListDisseminationRequestsAsync(
            list.Clone().Also(l => { l.PageToken = first.NextPageToken; l.Statuses.Add(DisseminationStatus.Pending); }), cancellationToken: Token).ResponseAsync, "page_token");
    }

    [Fact]
    public async Task A_partners_case_system_asks_and_lists_over_HTTPS_JSON()
    {
        // Given Gwent Police's case system, which speaks JSON, shown an item as existence only
        var (hub, clock) = await StartAsync(Engine.Sqlite);
        await using var _ = hub;
        var itemId = await SubmitReferredIntelligenceAsync(hub, clock, "swp-refer-json");
        var token = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(hub.DataDirectory, "pki")).Issue("gwent-police", "case-system", UserRole.Analyst, TimeSpan.FromMinutes(30), clock);
        using var http = JsonTranscodingTests.Https(hub, "gwent-police", token);
        object Body(string item) => new
        {
            idempotencyKey = "json-" + item, itemId = item, requestedView = "DISCLOSURE_VIEW_FULL",
            purpose = new { purposeId = Disrupt, justification = "Op Gwalch over JSON" },
        };

        // When it asks for the item, lists its requests, and asks for an id it is not shown
        using var asked = await http.PostAsJsonAsync(new Uri("/v1/disseminations", UriKind.Relative), Body(itemId), Token);
        using var listed = await http.GetAsync(new Uri("/v1/disseminations?side=DISSEMINATION_SIDE_REQUESTER", UriKind.Relative), Token);
        using var unknown = await http.PostAsJsonAsync(new Uri("/v1/disseminations", UriKind.Relative), Body(Guid.CreateVersion7().ToString()), Token);

        // Then the request is recorded and listed, and the unknown id is 404 as GetItem's would be
        Assert.Equal(System.Net.HttpStatusCode.OK, asked.StatusCode);
        using var request = System.Text.Json.JsonDocument.Parse(await asked.Content.ReadAsStringAsync(Token));
        var id = request.RootElement.GetProperty("dissemination").GetProperty("disseminationId").GetString();
        Assert.Equal("DISSEMINATION_STATUS_PENDING", request.RootElement.GetProperty("dissemination").GetProperty("status").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, listed.StatusCode);
        using var page = System.Text.Json.JsonDocument.Parse(await listed.Content.ReadAsStringAsync(Token));
        Assert.Equal(id, Assert.Single(page.RootElement.GetProperty("disseminations").EnumerateArray()).GetProperty("disseminationId").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<(InProcessHub Hub, MovableClock Clock)> StartAsync(Engine engine)
    {
        var clock = new MovableClock();
        var setup = engine == Engine.Sqlite ? HubSetup.Sqlite() : await HubSetup.PostgresAsync(cluster);
        return (await InProcessHub.StartAsync(setup with { Clock = clock }), clock);
    }

    /// <summary>South Wales Police intelligence graded 5x5x5 B2 with handling 5 (no further dissemination: refer to the originator): only the originator decides who sees more.</summary>
    private static async Task<string> SubmitReferredIntelligenceAsync(InProcessHub hub, TimeProvider clock, string key)
    {
        var force = UserAt(hub, clock, "south-wales-police", UserRole.Submitter);
        var report = LabourIntelligence(key).Also(r => r.LegacyGrade = new LegacyGrade
        {
            SourceEvaluation = LegacySourceEvaluation.BMostlyReliable,
            IntelligenceEvaluation = LegacyIntelligenceEvaluation._2KnownToSource,
            HandlingCode = LegacyHandlingCode._5ReferToOriginator,
        });
        return (await force.Reports.SubmitIntelligenceAsync(report, cancellationToken: Token)).Receipt.ItemId;
    }

    private static RequestDisseminationRequest Request(string itemId, string key, string purpose = Disrupt) => new()
    {
        IdempotencyKey = key,
        ItemId = itemId,
        Purpose = new Purpose { PurposeId = purpose, Justification = "Op Gwalch: the same car wash appears in our reports", CaseReference = "GWP-OP-7" },
        RequestedView = DisclosureView.Full,
    };

    private static DecideDisseminationRequest Grant(string id, DisclosureView view, TimeProvider clock) => new()
    {
        DisseminationId = id,
        Grant = new DisseminationGrant { View = view, ExpiresAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddDays(30)) },
    };

    private static DisseminationService.DisseminationServiceClient Disseminations(HubUser user) => new(user.Channel);

    private static async Task<DisclosedItem> GetAsync(HubUser user, string itemId, string purpose = Disrupt) =>
        (await user.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose(purpose) }, cancellationToken: Token)).Item;

    private static HubUser UserAt(InProcessHub hub, TimeProvider clock, string agencyId, UserRole role)
    {
        var token = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(hub.DataDirectory, "pki")).Issue(agencyId, "user-" + agencyId, role, TimeSpan.FromMinutes(30), clock);
        return new HubUser(agencyId, role, hub.ChannelAs(hub.Pki.ClientCertificateFor(agencyId, TimeProvider.System), bearerToken: token));
    }

    private static async Task<RpcException> Refused(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    private static async Task AssertInvalidAsync(Func<Task> call, string field)
    {
        var refused = await Refused(call);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var status = refused.GetRpcStatus();
        Assert.NotNull(status);
        var violations = status.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
        Assert.True(violations.Contains(field), $"expected a violation on {field}; got [{string.Join(", ", violations)}]: {refused.Status.Detail}");
    }
}
