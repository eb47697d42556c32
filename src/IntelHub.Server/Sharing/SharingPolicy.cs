using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
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
/// goes through here, into the compiled policy. No sharing rule lives in this class: it only
/// translates a stored item and a caller into the policy's terms, and reads the answer back.
/// </summary>
public sealed class SharingPolicy(PolicySet policies, AreaCatalogue areas, TimeProvider time) : IAgencyDirectory
{
    private PolicySnapshot Snapshot => policies.Current
        ?? throw new InvalidOperationException("No sharing protocols are published: the hub denies everything until a valid policy set loads.");

    public KnownAgency? Find(string agencyId)
    {
        var snapshot = Snapshot;
        var agency = snapshot.Agency(agencyId);
        return agency.IsKnown ? new KnownAgency(agencyId, snapshot.AgencyNames[agency.Index], snapshot.IsLawEnforcement(agency)) : null;
    }

    public string NameOf(string agencyId) => Find(agencyId)?.Name ?? agencyId;

    /// <summary>The agency's kind; 0 when the protocols do not know it.</summary>
    public Domain.Agencies.AgencyKind KindOf(string agencyId)
    {
        var snapshot = Snapshot;
        var agency = snapshot.Agency(agencyId);
        return agency.IsKnown ? snapshot.AgencyKinds[agency.Index] : 0;
    }

    /// <summary>Every agency the protocols know.</summary>
    public IReadOnlyList<string> Agencies => Snapshot.AgencyIds;

    public AreaCatalogue Areas => areas;

    /// <summary>Whether any protocol in force names the purpose (a purpose no protocol names authorises nothing).</summary>
    public bool NamesPurpose(string purposeId) => Snapshot.Purpose(purposeId) != PurposeRef.Unknown;

    /// <summary>
    /// Decides one action on one item for one agency. An item concerns one or more themes and
    /// areas: it is decided for each pairing; any deny that is more than "no rule permits" (a deny
    /// rule, the originator's restrictions) denies the whole item, otherwise the most revealing
    /// permitted view wins.
    /// </summary>
    public SharingOutcome Decide(string agencyId, string? role, string? purpose, SharingAction action, StoredItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var snapshot = Snapshot;
        if (!snapshot.Agency(agencyId).IsKnown) return SharingOutcome.Denied(DecisionReason.UnknownAgency);
        var requests = RequestsFor(snapshot, agencyId, role, purpose, action, item, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        return Deciding(snapshot, requests) is { } deciding ? Outcome(deciding.Decision) : SharingOutcome.Denied(DecisionReason.NoProtocolPermits);
    }

    /// <summary>
    /// The same decision as <see cref="Decide"/> on the given day, explained: the pairing of theme and area that
    /// decided, with every rule of the requester's protocols and why each did or did not apply.
    /// </summary>
    public Explanation Explain(string agencyId, string? role, string? purpose, SharingAction action, StoredItem item, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(item);
        var snapshot = Snapshot;
        var requests = RequestsFor(snapshot, agencyId, role, purpose, action, item, on);
        if (Deciding(snapshot, requests) is { } deciding) return snapshot.Explain(deciding.Request);
        var nothing = new Decision(DecisionEffect.Deny, DisclosureView.None, Obligations.None, DecisionReason.NoProtocolPermits, null);
        return new Explanation(nothing, "The item names no theme, so no protocol rule can apply to it; deny by default.", []);
    }

    /// <summary>
    /// The questions one decision on an item asks the policy: an item concerns one or more themes and
    /// areas, and is decided for each pairing.
    /// </summary>
    private List<DecisionRequest> RequestsFor(PolicySnapshot snapshot, string agencyId, string? role, string? purpose, SharingAction action, StoredItem item, DateOnly on)
    {
        var requester = snapshot.Agency(agencyId);
        var facts = FactsOf(snapshot, item);
        var roleRef = role is null ? RoleRef.Unknown : snapshot.Role(role);
        var purposeRef = purpose is null ? PurposeRef.Unknown : snapshot.Purpose(purpose);
        var requests = new List<DecisionRequest>();
        var areaSlugs = areas.SlugsFor(item.Areas);
        foreach (var theme in item.Themes.Select(Theme.Parse))
        {
            foreach (var slug in areaSlugs.DefaultIfEmpty(""))
            {
                requests.Add(new DecisionRequest
                {
                    Requester = requester,
                    Role = roleRef,
                    Purpose = purposeRef,
                    Action = action,
                    On = on,
                    Item = facts with { Exploitation = theme.Exploitation, Victims = theme.AgeGroup, Area = slug.Length == 0 ? AreaRef.Unknown : snapshot.Area(slug) },
                });
            }
        }
        return requests;
    }

    /// <summary>
    /// The pairing that decides the item: any deny that is more than "no rule permits" (a deny rule, the
    /// originator's restrictions) denies the whole item, otherwise the most revealing permitted view wins.
    /// Null when there was nothing to decide.
    /// </summary>
    private static (DecisionRequest Request, Decision Decision)? Deciding(PolicySnapshot snapshot, List<DecisionRequest> requests)
    {
        (DecisionRequest Request, Decision Decision)? best = null;
        (DecisionRequest Request, Decision Decision)? lastDeny = null;
        foreach (var request in requests)
        {
            var decision = snapshot.Decide(in request);
            if (!decision.IsPermit)
            {
                if (decision.Reason != DecisionReason.NoProtocolPermits) return (request, decision);
                lastDeny = (request, decision);
            }
            else if (best is null || decision.View > best.Value.Decision.View)
            {
                best = (request, decision);
            }
        }
        return best ?? lastDeny;
    }

    private static SharingOutcome Outcome(Decision decision) => new(
        decision.IsPermit,
        decision.View,
        decision.Obligations,
        decision.Rule?.Protocol.Id ?? "",
        decision.Rule?.Protocol.Version ?? "",
        decision.Rule?.Id ?? "",
        decision.Reason);

    private static ItemFacts FactsOf(PolicySnapshot snapshot, StoredItem item)
    {
        var grade = item.Grading is null ? null : Grade.Parse(item.Grading);
        var legacy = item.LegacyGrading is null ? null : LegacyGrade.Parse(item.LegacyGrading);
        var conditions = OriginatorConditions.None;
        foreach (var condition in item.HandlingConditions)
        {
            conditions |= condition switch
            {
                StoredNames.NoOnwardDissemination => OriginatorConditions.NoOnwardDissemination,
                StoredNames.NotForEvidentialUse => OriginatorConditions.NotForEvidentialUse,
                StoredNames.ContactOriginatorBeforeAction => OriginatorConditions.ContactOriginatorBeforeAction,
                _ => OriginatorConditions.None,
            };
        }
        var personal = PersonalDataCategories.None;
        foreach (var category in item.PersonalDataCategories)
        {
            personal |= category switch
            {
                "criminal-offence" => PersonalDataCategories.CriminalOffence,
                "health" or "racial-or-ethnic-origin" or "religious-beliefs" or "sex-life-or-orientation" or "genetic-or-biometric" => PersonalDataCategories.SpecialCategory,
                _ => PersonalDataCategories.None,
            };
        }
        if (item.Themes.Any(t => t.EndsWith("/minor", StringComparison.Ordinal))) personal |= PersonalDataCategories.Children;

        return new ItemFacts
        {
            Kind = StoredNames.KindFrom(item.Kind) ?? Domain.Items.ItemKind.Information,
            Originator = snapshot.Agency(item.OriginatorAgencyId),
            Classification = SecurityClassification.Parse(item.Classification).Level,
            Handling = grade?.Handling ?? 0,
            Conditions = conditions,
            LegacyHandling = legacy?.Handling ?? 0,
            PersonalData = personal,
            HasSanitisedText = !string.IsNullOrEmpty(item.SanitisedText),
        };
    }
}
