using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Server.Sharing;
using IntelHub.Storage;
using PolicyView = IntelHub.Policy.Decisions.DisclosureView;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// The one decision every release of item content goes through (get, search, the inbox list and stream):
/// made now, for the reading user's agency, role and declared purpose, under the protocols in force. What was
/// decided when the item was routed is never reused: a protocol narrowed or retired since takes effect on the
/// next read.
/// </summary>
public sealed class ReaderDecision(SharingPolicy sharing, TimeProvider time)
{
    /// <summary>
    /// What the reader may see of the item for the action, or null with the reason in words. An item past its
    /// review date or disposed is served to no one; everything else is the policy's.
    /// </summary>
    public (SharingOutcome? Outcome, string Refusal) Decide(StoredItem item, Caller caller, DeclaredPurpose purpose, SharingAction action)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(purpose);
        // The policy decides even for a withheld item, so that every refusal costs the same work.
        var outcome = sharing.Decide(caller.AgencyId, RoleNames.NameOf(caller.Role), purpose.PurposeId, action, item, caller.Team);
        if (item.DisposedAt is not null) return (null, "the item's content was disposed of");
        if (IsPastReview(item)) return (null, "the item is past its review date and awaits review");
        return outcome.Permitted && outcome.View != PolicyView.None ? (outcome, "") : (null, outcome.Reason.ToString());
    }

    /// <summary>
    /// The same decision for an id the store does not hold, made on a stand-in item: an absent id takes the
    /// work a hidden one does, so the time to refuse tells nothing about whether the item exists.
    /// </summary>
    public (SharingOutcome? Outcome, string Refusal) DecideAbsent(string itemId, Caller caller, DeclaredPurpose purpose, SharingAction action)
    {
        Decide(StandIn(itemId, caller), caller, purpose, action);
        return (null, NoSuchItem);
    }

    /// <summary>The refusal recorded for an id the store does not hold.</summary>
    public const string NoSuchItem = "no such item";

    /// <summary>
    /// What an inbox delivery releases to this reader now. The item stays in the agency's inbox only while the
    /// protocols in force still route it to the agency (the routing decision made again now, for no person);
    /// within that, the reader sees what <see cref="Decide"/> gives their role and purpose for viewing, and
    /// otherwise only that the item exists, with whom to ask.
    /// </summary>
    public InboxRelease ForInbox(StoredItem item, Caller caller, DeclaredPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(caller);
        var routed = sharing.Decide(caller.AgencyId, role: null, purpose: null, SharingAction.Receive, item);
        var (viewed, _) = Decide(item, caller, purpose, SharingAction.View);
        if (!routed.Permitted || routed.View == PolicyView.None) return new InboxRelease(null, routed);
        return viewed is not null
            ? new InboxRelease(viewed, viewed)
            : new InboxRelease(routed with { View = PolicyView.ExistenceOnly }, routed);
    }

    /// <summary>
    /// Whether the caller's agency may know that an item exists: its own item, or one the protocols in force route to
    /// it now. An absent id (a null item) is decided on a stand-in, so that the answer takes the same work either way.
    /// </summary>
    public bool MayKnowOf(StoredItem? item, string itemId, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var routed = sharing.Decide(caller.AgencyId, role: null, purpose: null, SharingAction.Receive, item ?? StandIn(itemId, caller));
        return item is not null && (item.OriginatorAgencyId == caller.AgencyId || (routed.Permitted && routed.View != PolicyView.None));
    }

    private bool IsPastReview(StoredItem item) => item.ReviewDate < DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private StoredItem StandIn(string itemId, Caller caller)
    {
        var agencies = sharing.Agencies;
        var originator = agencies.Count == 0 ? caller.AgencyId : agencies[0] == caller.AgencyId && agencies.Count > 1 ? agencies[1] : agencies[0];
        return new StoredItem
        {
            ItemId = itemId,
            Kind = "information",
            OriginatorAgencyId = originator,
            SubmittedBy = "",
            Classification = "OFFICIAL-SENSITIVE",
            Themes = ["labour/adult"],
            ReviewDate = DateOnly.MaxValue,
            CreatedAt = DateTimeOffset.UnixEpoch,
            ContentDigest = "",
        };
    }
}

/// <summary>
/// What one inbox delivery releases: the outcome to project (null when the item is withdrawn from the agency's
/// inbox, and nothing of it is released), and the routing decision made again now.
/// </summary>
public sealed record InboxRelease(SharingOutcome? Outcome, SharingOutcome Routing);
