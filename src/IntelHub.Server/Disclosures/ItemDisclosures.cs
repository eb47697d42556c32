using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Sharing;
using IntelHub.Server.Telemetry;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using AuditEntry = IntelHub.Audit.Entries.AuditEntry;
using PolicyView = IntelHub.Policy.Decisions.DisclosureView;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// Get and search: every item passes the sharing policy for this caller, purpose and action, is
/// projected to the permitted view, and is audited (with a digest of exactly what left the hub)
/// before the reply is sent. An item the caller may not see is indistinguishable from one that
/// does not exist: the same NOT_FOUND for get, simply absent from search, and no counts.
/// </summary>
public sealed class ItemDisclosures(IHubStore store, SharingPolicy sharing, DisclosureProjection projection, AuditRecorder audit, TimeProvider time, HubMetrics metrics)
{
    /// <summary>Candidates a search page examines at most, so a page's cost does not grow with what the caller cannot see.</summary>
    internal const int ScanBudget = 500;
    private const int ScanBatch = 100;

    internal async Task<DisclosedItem> GetAsync(GetItemRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        if (!Domain.Items.ItemId.TryParse(request.ItemId, out _, out var idError)) problems.Add("item_id", idError);
        var purpose = DeclaredPurpose.Read(request.Purpose, problems);
        problems.ThrowIfAny("Nothing was disclosed");
        await purpose!.EnsureNamedAsync(sharing, audit, caller, "get", cancellationToken);

        var item = await store.GetItemAsync(request.ItemId, cancellationToken);
        var (outcome, refusal) = item is null ? (null, "no such item") : Decide(item, caller, purpose, SharingAction.View);
        if (outcome is null)
        {
            metrics.Decided("deny", "view");
            await audit.RecordDenialAsync(caller, "get", refusal, cancellationToken, request.ItemId, purpose.ForAudit);
            throw new RpcException(new Status(StatusCode.NotFound,
                $"No item {request.ItemId} is available to {sharing.NameOf(caller.AgencyId)} for '{purpose.PurposeId}'. Check the id; if a colleague shared it with you, ask the originator to refer it."));
        }
        metrics.Decided("permit", "view");
        var disclosed = projection.Project(item!, outcome.View, outcome.Obligations, DisclosureProjection.Basis(outcome.ProtocolId, outcome.ProtocolVersion, outcome.RuleId));
        var leaf = await audit.RecordAsync(DisclosureEntry(disclosed, item!, caller, purpose, outcome, AuditAction.DisclosureByView), cancellationToken);
        disclosed.DisclosureAuditLeafIndex = (ulong)leaf;
        metrics.Disclosed(DisclosureProjection.ViewName(disclosed), "get");
        return disclosed;
    }

    internal async Task<SearchItemsResponse> SearchAsync(SearchItemsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        var purpose = DeclaredPurpose.Read(request.Purpose, problems);
        var query = SearchReader.Read(request, sharing.Areas, problems);
        if (!SearchCursor.TryDecode(request, out var after))
            problems.Add("page_token", "Not a page token from this search: send the next_page_token you were given, with every other field unchanged, or leave it empty for the first page.");
        problems.ThrowIfAny("The search was not run");
        await purpose!.EnsureNamedAsync(sharing, audit, caller, "search", cancellationToken);

        var pageSize = SearchReader.PageSize(request);
        var found = new List<(DisclosedItem Item, SharingOutcome Outcome, StoredItem Stored)>();
        var scanned = 0;
        var exhausted = false;
        while (found.Count < pageSize && scanned < ScanBudget)
        {
            var candidates = await store.FindItemsAsync(query with { After = after, Limit = Math.Min(ScanBatch, ScanBudget - scanned) }, cancellationToken);
            foreach (var candidate in candidates)
            {
                after = (candidate.CreatedAt, candidate.ItemId);
                scanned++;
                var (outcome, _) = Decide(candidate, caller, purpose, SharingAction.Search);
                metrics.Decided(outcome is null ? "deny" : "permit", "search");
                if (outcome is not null)
                {
                    var basis = DisclosureProjection.Basis(outcome.ProtocolId, outcome.ProtocolVersion, outcome.RuleId);
                    found.Add((projection.Project(candidate, outcome.View, outcome.Obligations, basis), outcome, candidate));
                    if (found.Count == pageSize) break;
                }
            }
            if (candidates.Count < ScanBatch && found.Count < pageSize) { exhausted = true; break; }
        }

        var leaves = await audit.RecordAsync(found.Select(f => DisclosureEntry(f.Item, f.Stored, caller, purpose, f.Outcome, AuditAction.DisclosureBySearch)).ToList(), cancellationToken);
        var response = new SearchItemsResponse
        {
            NextPageToken = exhausted || after is null ? "" : SearchCursor.Encode(after.Value.CreatedAt, after.Value.ItemId, request),
        };
        for (var i = 0; i < found.Count; i++)
        {
            found[i].Item.DisclosureAuditLeafIndex = (ulong)leaves[i];
            metrics.Disclosed(DisclosureProjection.ViewName(found[i].Item), "search");
            response.Items.Add(found[i].Item);
        }
        return response;
    }

    /// <summary>
    /// The decision for one caller and item: an item past its review date or disposed is served to
    /// no one; everything else is the policy's (which shows an agency its own items in full).
    /// </summary>
    private (SharingOutcome? Outcome, string Refusal) Decide(StoredItem item, Caller caller, DeclaredPurpose purpose, SharingAction action)
    {
        if (item.DisposedAt is not null) return (null, "the item's content was disposed of");
        if (item.ReviewDate < DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) return (null, "the item is past its review date and awaits review");
        var outcome = sharing.Decide(caller.AgencyId, RoleNames.NameOf(caller.Role), purpose.PurposeId, action, item);
        return outcome.Permitted && outcome.View != PolicyView.None ? (outcome, "") : (null, outcome.Reason.ToString());
    }

    private AuditEntry DisclosureEntry(DisclosedItem disclosed, StoredItem item, Caller caller, DeclaredPurpose purpose, SharingOutcome outcome, AuditAction action) => new()
    {
        Time = audit.Now, Action = action, Agency = caller.AgencyId, User = caller.UserId, Counterparty = disclosed.Originator.AgencyId,
        ItemId = disclosed.ItemId, ContentDigest = DisclosureProjection.DigestOf(disclosed, item), View = DisclosureProjection.ViewName(disclosed),
        Decision = "permit", ProtocolId = outcome.ProtocolId, ProtocolVersion = outcome.ProtocolVersion, Rule = outcome.RuleId,
        Purpose = purpose.ForAudit, TraceId = AuditRecorder.TraceId,
    };
}
