using IntelHub.Domain.Classification;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Server.Access;
using IntelHub.Server.Reports;
using IntelHub.Storage;

namespace IntelHub.Server.Sharing;

/// <summary>
/// The hub's one door to the sharing protocols: every routing, view, search and compile decision
/// goes through here, into the compiled policy. No sharing rule and no item fact lives in this class: it
/// translates a stored item into the policy's <see cref="ItemDescription"/> and reads the answer back, and
/// <c>intelhub policy decide</c> decides the same description through the same function.
/// </summary>
public sealed class SharingPolicy(PolicySet policies, TimeProvider time) : IAgencyDirectory
{
    private static readonly AsyncLocal<PolicySnapshot?> Pinned = new();

    private PolicySnapshot Snapshot => Pinned.Value ?? policies.Current
        ?? throw new InvalidOperationException("No sharing protocols are published: the hub denies everything until a valid policy set loads.");

    /// <summary>
    /// Decides everything in the calling flow by the set in force now until disposed, so that one request (or one batch
    /// of an inbox stream) never sees part of one protocol version and part of the next when a publication swaps the set.
    /// </summary>
    public IDisposable Pin()
    {
        var before = Pinned.Value;
        Pinned.Value = policies.Current;
        return new Unpin(before);
    }

    private sealed class Unpin(PolicySnapshot? before) : IDisposable
    {
        public void Dispose() => Pinned.Value = before;
    }

    public KnownAgency? Find(string agencyId)
    {
        var snapshot = Snapshot;
        var agency = snapshot.Agency(agencyId);
        return agency.IsKnown ? new KnownAgency(agencyId, snapshot.AgencyNames[agency.Index], snapshot.IsLawEnforcement(agency)) : null;
    }

    public string NameOf(string agencyId) => Find(agencyId)?.Name ?? agencyId;

    public bool MayHold(string agencyId, string role)
    {
        var snapshot = Snapshot;
        return snapshot.MayHold(snapshot.Agency(agencyId), snapshot.Role(role));
    }

    public IReadOnlyList<string> HoldersOf(string role) => Snapshot.HoldersOf(role);

    public IReadOnlyList<string> TeamsOf(string agencyId) => Snapshot.TeamsOf(agencyId);

    /// <summary>The agency's kind; 0 when the protocols do not know it.</summary>
    public Domain.Agencies.AgencyKind KindOf(string agencyId)
    {
        var snapshot = Snapshot;
        var agency = snapshot.Agency(agencyId);
        return agency.IsKnown ? snapshot.AgencyKinds[agency.Index] : 0;
    }

    /// <summary>Every agency the protocols know.</summary>
    public IReadOnlyList<string> Agencies => Snapshot.AgencyIds;

    /// <summary>The areas of the published set (areas.yaml): GSS codes, names and the force areas containing them.</summary>
    public AreaCatalogue Areas => Snapshot.Areas;

    /// <summary>Whether any protocol in force names the purpose (a purpose no protocol names authorises nothing).</summary>
    public bool NamesPurpose(string purposeId) => Snapshot.Purpose(purposeId) != PurposeRef.Unknown;

    /// <summary>
    /// The latest review date the originator's protocols in force allow for a new item of this kind holding these
    /// personal-data categories (their retention rules per kind and per category: the shortest applies).
    /// </summary>
    public RetentionCap? LatestReviewDate(string originator, Domain.Items.ItemKind kind, PersonalDataCategories categories, DateOnly today) =>
        Snapshot.LatestReviewDate(originator, kind, categories, today);

    /// <summary>
    /// Decides one action on one item for one agency, today (<see cref="PolicySnapshot.Decide(ItemRequest)"/>), for a
    /// user of <paramref name="team"/> when given (routing to the agency has none).
    /// </summary>
    public SharingOutcome Decide(string agencyId, string? role, string? purpose, SharingAction action, StoredItem item, string? team = null) =>
        Outcome(Snapshot.Decide(Request(agencyId, role, purpose, action, item, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) with { Team = team }));

    /// <summary>
    /// Routing an item: decides it for many agencies under the snapshot in force now, with the item read and its
    /// names resolved once instead of once per agency. Every agency's decision is the one <see cref="Decide"/> gives.
    /// </summary>
    public ItemRouting Route(StoredItem item)
    {
        var snapshot = Snapshot;
        var request = Request("", role: null, purpose: null, SharingAction.Receive, item, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        return new ItemRouting(snapshot, snapshot.Prepare(request.Item), request.On);
    }

    /// <summary>One item's routing decisions, agency by agency, under one snapshot.</summary>
    public sealed class ItemRouting
    {
        private readonly PolicySnapshot _snapshot;
        private readonly PreparedItem _item;
        private readonly DateOnly _on;

        internal ItemRouting(PolicySnapshot snapshot, PreparedItem item, DateOnly on)
        {
            _snapshot = snapshot;
            _item = item;
            _on = on;
        }

        /// <summary>Whether the agency receives the item, and in which view.</summary>
        public SharingOutcome Decide(string agencyId) =>
            Outcome(_snapshot.Decide(agencyId, role: null, purpose: null, SharingAction.Receive, _on, _item));
    }

    /// <summary>The same decision on the given day, explained through the pairing of theme and area that decided it.</summary>
    public Explanation Explain(string agencyId, string? role, string? purpose, SharingAction action, StoredItem item, DateOnly on, string? team = null) =>
        Snapshot.Explain(Request(agencyId, role, purpose, action, item, on) with { Team = team });

    /// <summary>The stored item as the policy describes items; the store's names are the policy's words.</summary>
    internal static ItemRequest Request(string agencyId, string? role, string? purpose, SharingAction action, StoredItem item, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(item);
        var description = Describe(item.Kind, item.OriginatorAgencyId, item.Classification, item.Grading, item.LegacyGrading, item.HandlingConditions,
            item.Themes, item.Areas, item.PersonalDataCategories, !string.IsNullOrEmpty(item.SanitisedText));
        return new ItemRequest(agencyId, role, purpose, action, description, on);
    }

    /// <summary>Stored items of one policy shape, described exactly as each of them is (<see cref="Request"/>).</summary>
    internal static ItemDescription Describe(ItemShapeCount shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Describe(shape.Kind, shape.OriginatorAgencyId, shape.Classification, shape.Grading, shape.LegacyGrading, shape.HandlingConditions,
            shape.Themes, shape.Areas, shape.PersonalDataCategories, shape.HasSanitisedText);
    }

    private static ItemDescription Describe(
        string kind, string originator, string classification, string? grading, string? legacyGrading, IReadOnlyList<string> conditions,
        IReadOnlyList<string> themes, IReadOnlyList<string> areas, IReadOnlyList<string> personalData, bool hasSanitisedText) => new()
    {
        Kind = StoredNames.KindFrom(kind) ?? 0,
        Originator = originator,
        Classification = SecurityClassification.Parse(classification).Level,
        Grading = grading,
        LegacyGrading = legacyGrading,
        HandlingConditions = conditions,
        Themes = [.. themes.Select(Theme.Parse).Select(t => new ItemTheme(t.Exploitation, t.AgeGroup))],
        Areas = areas,
        PersonalData = personalData,
        HasSanitisedText = hasSanitisedText,
    };

    private static SharingOutcome Outcome(Decision decision) => new(
        decision.IsPermit,
        decision.View,
        decision.Obligations,
        decision.Rule?.Protocol.Id ?? "",
        decision.Rule?.Protocol.Version ?? "",
        decision.Rule?.Id ?? "",
        decision.Reason);
}
