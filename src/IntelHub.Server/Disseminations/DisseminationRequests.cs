using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Inbox;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using AuditEntry = IntelHub.Audit.Entries.AuditEntry;
using PolicyView = IntelHub.Policy.Decisions.DisclosureView;
using SharingAction = IntelHub.Policy.Decisions.SharingAction;

namespace IntelHub.Server.Disseminations;

/// <summary>
/// Refer to originator: a recipient shown an item as existence only (or sanitised, asking for full) asks its originator
/// for more, for a declared purpose; an analyst of the originating agency grants a view with conditions and an expiry,
/// or refuses with a reason; the requester is told through its inbox. Every request and decision is audited in the
/// transaction that records it. A request names only an item the requester's agency is shown right now, decided for
/// the requesting user as GetItem decides: for any other id the answer is GetItem's NOT_FOUND, after the same work.
/// </summary>
public sealed class DisseminationRequests(
    IHubStore store, SharingPolicy sharing, ReaderDecision decisions, DisseminationGrants grants, DisclosureProjection projection,
    AuditRecorder audit, InboxSignal inboxes)
{
    private const int MaxKeyLength = 100;
    private const int MaxReasonLength = 2000;
    private const int DefaultPageSize = 25;
    private const int MaxPageSize = 100;
    private static readonly TimeSpan LongestGrant = TimeSpan.FromDays(365);

    internal async Task<Dissemination> RequestAsync(RequestDisseminationRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var problems = new FieldViolations();
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
            problems.Add("idempotency_key", "Missing: make up a key once per request (e.g. a UUID) and send the same key on every retry.");
        else if (request.IdempotencyKey.Length > MaxKeyLength || request.IdempotencyKey.Any(char.IsControl))
            problems.Add("idempotency_key", $"Use at most {MaxKeyLength} printable characters, e.g. a UUID.");
        if (!Domain.Items.ItemId.TryParse(request.ItemId, out _, out var idError)) problems.Add("item_id", idError);
        var purpose = DeclaredPurpose.Read(request.Purpose, problems);
        var wanted = DisseminationWire.ViewName(request.RequestedView);
        if (wanted is null) problems.Add("requested_view", "Ask for FULL or SANITISED: the view you need, wider than the one you are shown.");
        problems.ThrowIfAny("Nothing was requested");
        await purpose!.EnsureNamedAsync(sharing, audit, caller, "request-dissemination", cancellationToken);

        var item = await store.GetItemAsync(request.ItemId, cancellationToken);
        var (shown, refusal) = item is null
            ? decisions.DecideAbsent(request.ItemId, caller, purpose, SharingAction.View)
            : decisions.Decide(item, caller, purpose, SharingAction.View);
        if (shown is null)
        {
            // Exactly GetItem's answer: an item that exists but is not shown to the agency is indistinguishable from none.
            await audit.RecordDenialAsync(caller, "request-dissemination", refusal, cancellationToken, request.ItemId, purpose.ForAudit, purpose.Justification);
            throw ItemDisclosures.NoSuchItem(sharing, request.ItemId, caller, purpose);
        }
        var view = DisclosureProjection.Effective(item!, shown.View);
        if (view >= DisclosureProjection.ViewFrom(wanted!))
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"You are already shown item {request.ItemId} {DisclosureProjection.ViewName(view)}: ask the originator only for a wider view than the one you have."));

        var record = new DisseminationRecord
        {
            DisseminationId = DisseminationWire.NewId(), ItemId = item!.ItemId, OriginatorAgencyId = item.OriginatorAgencyId,
            RequesterAgencyId = caller.AgencyId, RequestedBy = caller.UserId, RequesterRole = RoleNames.NameOf(caller.Role),
            IdempotencyKey = request.IdempotencyKey.Trim(), RequestDigest = Digest(item.ItemId, purpose, wanted!), PurposeId = purpose.PurposeId,
            CaseReference = purpose.CaseReference, Justification = purpose.Justification, RequestedView = wanted!, RequestedAt = audit.Now,
        };
        var entry = new AuditEntry
        {
            Time = record.RequestedAt, Action = AuditAction.ReferToOriginatorRequest, Agency = caller.AgencyId, User = caller.UserId,
            Counterparty = item.OriginatorAgencyId, ItemId = item.ItemId, ContentDigest = ContentDigest.FromHex(item.ContentDigest), View = wanted!, Decision = "requested:" + record.DisseminationId,
            ProtocolId = shown.ProtocolId, ProtocolVersion = shown.ProtocolVersion, Rule = shown.RuleId,
            Purpose = purpose.ForAudit, Justification = purpose.Justification, TraceId = AuditRecorder.TraceId,
        };
        try
        {
            var (stored, _) = await store.RequestDisseminationAsync(record, HubAuditLog.Encode(entry), cancellationToken);
            return DisseminationWire.ToWire(stored, projection);
        }
        catch (StoreConflictException conflict)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"The idempotency key '{record.IdempotencyKey}' was already used for a different request: use a new key for a new request. ({conflict.Message})"));
        }
    }

    internal async Task<ListDisseminationRequestsResponse> ListAsync(ListDisseminationRequestsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var problems = new FieldViolations();
        if (request.Side is not (DisseminationSide.Requester or DisseminationSide.Originator))
            problems.Add("side", "Say which requests to list: REQUESTER (those your agency made) or ORIGINATOR (those for your agency's items).");
        for (var i = 0; i < request.Statuses.Count; i++)
        {
            if (!Enum.IsDefined(request.Statuses[i]))
                problems.Add($"statuses[{i}]", "Not a status: use PENDING, GRANTED or REFUSED, or leave the list empty for all.");
        }
        if (request.PageSize is < 0 or > MaxPageSize) problems.Add("page_size", $"Ask for 1 to {MaxPageSize} requests a page, or 0 for {DefaultPageSize}.");
        if (!DisseminationWire.TryReadPageToken(request, out var before))
            problems.Add("page_token", "Not a page token this hub gave you for this list: send the next_page_token you were given, with every other field unchanged, or leave it empty for the first page.");
        problems.ThrowIfAny("Nothing was listed");
        if (request.Side == DisseminationSide.Originator) await EnsureOriginatorDeskAsync(caller, "list-disseminations", cancellationToken);

        // UNSPECIFIED in the filter means any status.
        IReadOnlyList<string> statuses = request.Statuses.Contains(DisseminationStatus.Unspecified) ? [] : [.. request.Statuses.Select(DisseminationWire.StatusName)];
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await store.ListDisseminationsAsync(
            new DisseminationQuery(caller.AgencyId, request.Side == DisseminationSide.Originator, statuses, before, pageSize + 1), cancellationToken);
        var response = new ListDisseminationRequestsResponse();
        response.Disseminations.AddRange(page.Take(pageSize).Select(r => DisseminationWire.ToWire(r, projection)));
        if (page.Count > pageSize) response.NextPageToken = DisseminationWire.PageToken(page[pageSize - 1], request);
        return response;
    }

    internal async Task<Dissemination> DecideAsync(DecideDisseminationRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var decision = ReadDecision(request, caller);
        await EnsureOriginatorDeskAsync(caller, "decide-dissemination", cancellationToken);

        // Another agency's request answers as an unknown one: a refusal naming it would tell the caller that some agency
        // asked for some item, which only the two agencies concerned may know.
        var stored = await store.GetDisseminationAsync(request.DisseminationId, cancellationToken);
        if (stored is null || stored.OriginatorAgencyId != caller.AgencyId)
        {
            await audit.RecordDenialAsync(caller, "decide-dissemination", stored is null ? "no such dissemination request" : "not the originator", cancellationToken);
            throw new RpcException(new Status(StatusCode.NotFound,
                $"No dissemination request {request.DisseminationId} waits for a decision by {sharing.NameOf(caller.AgencyId)}. List the requests your agency received (side ORIGINATOR) and use an id from there."));
        }
        if (stored.Status != DisseminationRecord.Pending) return Repeated(stored, decision);

        var item = await store.GetItemAsync(stored.ItemId, cancellationToken)
            ?? throw new InvalidOperationException($"Dissemination request {stored.DisseminationId} names item {stored.ItemId}, which the store does not hold.");
        if (decision.Status == DisseminationRecord.Granted) EnsureWithinCeiling(stored, item, decision);

        var entry = new AuditEntry
        {
            Time = decision.DecidedAt, Action = AuditAction.ReferToOriginatorDecision, Agency = caller.AgencyId, User = caller.UserId,
            Counterparty = stored.RequesterAgencyId, ItemId = stored.ItemId, ContentDigest = ContentDigest.FromHex(item.ContentDigest), View = decision.GrantedView ?? "",
            Decision = decision.Status == DisseminationRecord.Granted
                ? $"granted:{stored.DisseminationId} until {decision.ExpiresAt!.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"
                : "refused:" + stored.DisseminationId,
            Purpose = stored.PurposeId, Justification = decision.RefusalReason ?? "", TraceId = AuditRecorder.TraceId,
        };
        var (decided, recorded) = await store.DecideDisseminationAsync(stored.DisseminationId, decision, HubAuditLog.Encode(entry), cancellationToken);
        if (!recorded) return Repeated(decided, decision); // decided meanwhile by a colleague
        inboxes.Notify(decided.RequesterAgencyId);
        return DisseminationWire.ToWire(decided, projection);
    }

    /// <summary>Only the originating agency's intelligence desk decides: an analyst (or RIU analyst) of a law-enforcement agency (HubAccess lets no one else call DecideDissemination).</summary>
    private async Task EnsureOriginatorDeskAsync(Caller caller, string what, CancellationToken cancellationToken)
    {
        if (caller.Role is UserRole.Analyst or UserRole.RiuAnalyst) return;
        await audit.RecordDenialAsync(caller, what, "only an analyst of the originating agency sees and decides the requests it received", cancellationToken);
        throw new RpcException(new Status(StatusCode.PermissionDenied,
            "Only an analyst of the originating agency sees and decides the dissemination requests it received. List your agency's own requests with side REQUESTER."));
    }

    /// <summary>
    /// The grant may not pass what the protocols could permit the requester (its agency, the requesting user's role and
    /// the declared purpose, judged now: <see cref="DisseminationGrants.Ceiling"/>), nor what it asked for.
    /// </summary>
    private void EnsureWithinCeiling(DisseminationRecord stored, StoredItem item, DisseminationDecision decision)
    {
        var granted = DisclosureProjection.ViewFrom(decision.GrantedView!);
        if (granted > DisclosureProjection.ViewFrom(stored.RequestedView))
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"{sharing.NameOf(stored.RequesterAgencyId)} asked for the item {stored.RequestedView}; grant that or a narrower view, not {decision.GrantedView}."));
        var ceiling = item.DisposedAt is null ? grants.Ceiling(item, stored.RequesterAgencyId, stored.RequesterRole, stored.PurposeId) : PolicyView.None;
        if (granted <= ceiling) return;
        var most = ceiling > PolicyView.ExistenceOnly
            ? $"at most {DisclosureProjection.ViewName(ceiling)}: grant that, or refuse"
            : "no more than that the item exists: refuse the request";
        throw new RpcException(new Status(StatusCode.FailedPrecondition,
            $"The sharing protocols in force could permit {sharing.NameOf(stored.RequesterAgencyId)} ({stored.RequesterRole}, for '{stored.PurposeId}') {most}. " +
            "A grant is a one-off disclosure that widens no protocol; to share more, the protocol must change."));
    }

    /// <summary>The decision already recorded, when the caller repeats it; any other decision on a decided request fails.</summary>
    private Dissemination Repeated(DisseminationRecord stored, DisseminationDecision decision)
    {
        var expires = decision.ExpiresAt is { } at ? at.AddTicks(-(at.UtcTicks % 10)) : (DateTimeOffset?)null;
        var same = stored.Status == decision.Status && stored.GrantedView == decision.GrantedView && stored.ExpiresAt == expires
            && stored.Conditions.SequenceEqual(decision.Conditions, StringComparer.Ordinal) && stored.RefusalReason == decision.RefusalReason;
        if (same) return DisseminationWire.ToWire(stored, projection);
        throw new RpcException(new Status(StatusCode.FailedPrecondition,
            $"Dissemination request {stored.DisseminationId} was already {stored.Status} by {stored.DecidedBy} at {stored.DecidedAt:yyyy-MM-ddTHH:mm:ssZ}, " +
            "and a decision is final. If the need has changed, the requester can ask again with a new request."));
    }

    private DisseminationDecision ReadDecision(DecideDisseminationRequest request, Caller caller)
    {
        var problems = new FieldViolations();
        if (!DisseminationWire.IsId(request.DisseminationId))
            problems.Add("dissemination_id", "Not a dissemination request id (they look like dsm- and 32 hexadecimal digits): use an id from ListDisseminationRequests.");
        var now = audit.Now;
        DisseminationDecision? decision = null;
        switch (request.DecisionCase)
        {
            case DecideDisseminationRequest.DecisionOneofCase.Grant:
                var grant = request.Grant;
                var view = DisseminationWire.ViewName(grant.View);
                if (view is null) problems.Add("grant.view", "Grant FULL or SANITISED; to share nothing more, refuse instead.");
                SubjectBounds.CheckConditions(grant.Conditions, "grant.conditions", problems);
                var conditions = problems.Any ? null : SubmissionReader.ReadConditions(grant.Conditions, "grant.conditions", problems);
                var expires = TimestampField.Read(grant.ExpiresAt, "grant.expires_at", problems);
                if (grant.ExpiresAt is null) problems.Add("grant.expires_at", "Missing: say when the grant ends (at most a year ahead); after it the requester is back to what the protocols give.");
                else if (expires is { } end && end <= now) problems.Add("grant.expires_at", "The expiry is not in the future: give a time after now, at most a year ahead.");
                else if (expires is { } far && far > now + LongestGrant) problems.Add("grant.expires_at", "Grants last at most a year: give an expiry within 365 days, and grant again if the need continues.");
                if (!problems.Any)
                    decision = new DisseminationDecision(DisseminationRecord.Granted, caller.UserId, now, view, StoredNames.Conditions(conditions!), expires, null);
                break;
            case DecideDisseminationRequest.DecisionOneofCase.Refusal:
                var reason = request.Refusal.Reason;
                if (string.IsNullOrWhiteSpace(reason))
                    problems.Add("refusal.reason", "Missing: say why, in words the requester can act on (without revealing the item).");
                else if (reason.Length > MaxReasonLength || Encoding.UTF8.GetByteCount(reason) > AuditEntry.MaxFieldBytes || reason.Any(c => char.IsControl(c) && c is not '\n'))
                    problems.Add("refusal.reason", $"Keep the reason to {MaxReasonLength} characters of plain text (line breaks allowed).");
                if (!problems.Any) decision = new DisseminationDecision(DisseminationRecord.Refused, caller.UserId, now, null, [], null, reason.Trim());
                break;
            default:
                problems.Add("decision", "Set exactly one of grant (a view, conditions, an expiry) or refusal (a reason).");
                break;
        }
        problems.ThrowIfAny("Nothing was decided");
        return decision!;
    }

    private static string Digest(string itemId, DeclaredPurpose purpose, string view) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', itemId, purpose.PurposeId, purpose.CaseReference, purpose.Justification, view))));
}
