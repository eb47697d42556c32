using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Disseminations;
using IntelHub.Server.Sharing;
using IntelHub.Server.Telemetry;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using AuditEntry = IntelHub.Audit.Entries.AuditEntry;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// Get and search: every item passes the reader's decision (<see cref="ReaderDecision"/>) for this caller, purpose
/// and action, is projected to the permitted view, and is audited (with a digest of exactly what left the hub)
/// before the reply is sent. An item the caller may not see is indistinguishable from one that does not exist:
/// the same NOT_FOUND for get, after the same work, simply absent from search, and no counts. Every search is
/// audited, with its terms as match keys and how many items it disclosed, even when it disclosed none.
/// </summary>
public sealed class ItemDisclosures(
    IHubStore store, SharingPolicy sharing, ReaderDecision decisions, DisclosureProjection projection, SearchCursor cursor,
    AuditRecorder audit, HubMetrics metrics, EntitlementIndex entitlements, DisseminationGrants grants)
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
        var (outcome, refusal) = item is null
            ? decisions.DecideAbsent(request.ItemId, caller, purpose, SharingAction.View)
            : decisions.Decide(item, caller, purpose, SharingAction.View);
        if (outcome is null)
        {
            metrics.Decided("deny", "view");
            await audit.RecordDenialAsync(caller, "get", refusal, cancellationToken, request.ItemId, purpose.ForAudit, purpose.Justification);
            throw NoSuchItem(sharing, request.ItemId, caller, purpose);
        }
        metrics.Decided("permit", "view");
        // An originator's grant in force may show this agency more than the protocols do (Disseminations/DisseminationGrants.cs).
        var granted = await grants.ForReaderAsync(item!, caller, purpose, outcome, cancellationToken);
        var disclosed = granted is null
            ? projection.Project(item!, outcome.View, outcome.Obligations, DisclosureProjection.Basis(outcome.ProtocolId, outcome.ProtocolVersion, outcome.RuleId))
            : DisseminationGrants.Project(projection, item!, granted, outcome);
        var entry = DisclosureEntry(disclosed, item!, caller, purpose, outcome, AuditAction.DisclosureByView);
        var leaf = await audit.RecordAsync(granted is null ? entry : entry with { Decision = DisseminationGrants.AuditDecision(granted.Grant) }, cancellationToken);
        disclosed.DisclosureAuditLeafIndex = (ulong)leaf;
        metrics.Disclosed(DisclosureProjection.ViewName(disclosed), "get");
        return disclosed;
    }

    /// <summary>The answer for an item the caller may not know of, the same whether or not it exists.</summary>
    internal static RpcException NoSuchItem(SharingPolicy sharing, string itemId, Caller caller, DeclaredPurpose purpose) =>
        new(new Status(StatusCode.NotFound,
            $"No item {itemId} is available to {sharing.NameOf(caller.AgencyId)} for '{purpose.PurposeId}'. Check the id; if a colleague shared it with you, ask the originator to refer it."));

    internal async Task<SearchItemsResponse> SearchAsync(SearchItemsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        var purpose = DeclaredPurpose.Read(request.Purpose, problems);
        var query = SearchReader.Read(request, sharing.Areas, problems);
        if (!cursor.TryDecode(request, caller, out var after))
            problems.Add("page_token", "Not a page token this hub gave you for this search: send the next_page_token you were given, with every other field unchanged, or leave it empty for the first page.");
        problems.ThrowIfAny("The search was not run");
        await purpose!.EnsureNamedAsync(sharing, audit, caller, "search", cancellationToken);

        var pageSize = SearchReader.PageSize(request);
        // Candidates from the agency's entitlements where the index is known to hold all it may see; every one is
        // decided for the reader below either way (Sharing/EntitlementIndex.cs).
        query = query with { EntitledAgency = entitlements.IndexedAgency(caller.AgencyId) };
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
                var (outcome, _) = decisions.Decide(candidate, caller, purpose, SharingAction.Search);
                metrics.Decided(outcome is null ? "deny" : "permit", "search");
                // Words or entities found only in what this reader may not see do not make a match: as if the item did not match.
                if (outcome is not null && SearchWords.FoundInView(query, candidate, DisclosureProjection.Effective(candidate, outcome.View)))
                {
                    var basis = DisclosureProjection.Basis(outcome.ProtocolId, outcome.ProtocolVersion, outcome.RuleId);
                    found.Add((projection.Project(candidate, outcome.View, outcome.Obligations, basis), outcome, candidate));
                    if (found.Count == pageSize) break;
                }
            }
            if (candidates.Count < ScanBatch && found.Count < pageSize) { exhausted = true; break; }
        }

        // The search itself first, then one entry per disclosed item, in one transaction.
        var entries = new List<AuditEntry>(found.Count + 1) { SearchEntry(query, request, caller, purpose, found.Count) };
        entries.AddRange(found.Select(f => DisclosureEntry(f.Item, f.Stored, caller, purpose, f.Outcome, AuditAction.DisclosureBySearch)));
        var leaves = await audit.RecordAsync(entries, cancellationToken);
        var response = new SearchItemsResponse
        {
            NextPageToken = exhausted || after is null ? "" : cursor.Encode(after.Value.CreatedAt, after.Value.ItemId, request, caller),
        };
        for (var i = 0; i < found.Count; i++)
        {
            found[i].Item.DisclosureAuditLeafIndex = (ulong)leaves[i + 1];
            metrics.Disclosed(DisclosureProjection.ViewName(found[i].Item), "search");
            response.Items.Add(found[i].Item);
        }
        return response;
    }

    private AuditEntry SearchEntry(ItemQuery query, SearchItemsRequest request, Caller caller, DeclaredPurpose purpose, int disclosed) => new()
    {
        Time = audit.Now, Action = AuditAction.Search, Agency = caller.AgencyId, User = caller.UserId,
        Decision = request.PageToken.Length == 0 ? "searched" : "searched:next-page", SearchTerms = SearchTerms.Of(query),
        ResultCount = disclosed, Purpose = purpose.ForAudit, Justification = purpose.Justification, TraceId = AuditRecorder.TraceId,
    };

    private AuditEntry DisclosureEntry(DisclosedItem disclosed, StoredItem item, Caller caller, DeclaredPurpose purpose, SharingOutcome outcome, AuditAction action) => new()
    {
        Time = audit.Now, Action = action, Agency = caller.AgencyId, User = caller.UserId, Counterparty = disclosed.Originator.AgencyId,
        ItemId = disclosed.ItemId, ContentDigest = DisclosureProjection.DigestOf(disclosed, item), View = DisclosureProjection.ViewName(disclosed),
        Decision = "permit", ProtocolId = outcome.ProtocolId, ProtocolVersion = outcome.ProtocolVersion, Rule = outcome.RuleId,
        Purpose = purpose.ForAudit, Justification = purpose.Justification, TraceId = AuditRecorder.TraceId,
    };
}
