using System.Globalization;
using IntelHub.Domain.Agencies;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Policy.Areas;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;

namespace IntelHub.Policy.Compilation;

/// <summary>The latest review date a protocol's retention allows an item, and the period that sets it ("children: P6Y").</summary>
public sealed record RetentionCap(DateOnly Latest, CompiledProtocol Protocol, Retention.RetentionPeriod Period, string For);

/// <summary>
/// One published, immutable, compiled policy set: the agency register and every protocol, compiled into a
/// decision index of candidate rules per (requester, action, item kind). Deciding walks one short candidate list
/// with mask tests and allocates nothing; <see cref="Explain"/> walks every rule and says why each did or did not
/// apply, through the same matching and concluding code, so the two cannot disagree.
/// </summary>
public sealed partial class PolicySnapshot
{
    private const int ActionCount = 5;
    private const int KindSlots = 4;

    private readonly Dictionary<string, int> _agencyIndex;
    private readonly Dictionary<string, int> _areaIndex;
    private readonly Dictionary<string, int> _roleIndex;
    private readonly Dictionary<string, int> _purposeIndex;
    private readonly bool[] _lawEnforcement;
    private readonly IndexSet[] _agencyAreas;
    private readonly IndexSet[] _roleHolders;
    private readonly CompiledRule[][] _candidates;

    internal PolicySnapshot(
        IReadOnlyList<AgencyEntry> agencies,
        IndexSet[] agencyAreas,
        AreaCatalogue areas,
        IReadOnlyList<string> roles,
        IndexSet[] roleHolders,
        IReadOnlyList<string> purposes,
        IReadOnlyList<CompiledProtocol> protocols,
        IReadOnlyList<CompiledRule> rules,
        IReadOnlyList<Diagnostic> warnings)
    {
        AgencyIds = [.. agencies.Select(a => a.Id.Value)];
        AgencyNames = [.. agencies.Select(a => a.Name)];
        AgencyKinds = [.. agencies.Select(a => a.Kind)];
        _lawEnforcement = [.. agencies.Select(a => a.LawEnforcement)];
        _agencyAreas = agencyAreas;
        Areas = areas;
        AreaIds = [.. areas.All.Select(a => a.Id)];
        RoleIds = roles;
        _roleHolders = roleHolders;
        PurposeIds = purposes;
        Protocols = protocols;
        Rules = rules;
        Warnings = warnings;
        _agencyIndex = Index(AgencyIds);
        _areaIndex = Index(AreaIds);
        _roleIndex = Index(roles);
        _purposeIndex = Index(purposes);
        _candidates = BuildIndex(AgencyIds.Count, rules);
    }

    public IReadOnlyList<string> AgencyIds { get; }

    public IReadOnlyList<string> AgencyNames { get; }

    public IReadOnlyList<AgencyKind> AgencyKinds { get; }

    /// <summary>The areas the set knows (areas.yaml), with their GSS codes and the force areas containing them.</summary>
    public AreaCatalogue Areas { get; }

    public IReadOnlyList<string> AreaIds { get; }

    public IReadOnlyList<string> RoleIds { get; }

    public IReadOnlyList<string> PurposeIds { get; }

    /// <summary>Every team (function) some agency registers in agencies.yaml.</summary>
    public IReadOnlyList<string> TeamIds { get; init; } = [];

    /// <summary>Per agency, the teams it registers.</summary>
    internal IndexSet[] AgencyTeams { get; init; } = [];

    public IReadOnlyList<CompiledProtocol> Protocols { get; }

    /// <summary>Every rule in decision order: protocols by id, rules in file order.</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>Warnings found when this set was validated (errors prevent a snapshot from existing).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; }

    public AgencyRef Agency(string id) => _agencyIndex.TryGetValue(id, out var i) ? new AgencyRef(i) : AgencyRef.Unknown;

    public AreaRef Area(string id) => _areaIndex.TryGetValue(id, out var i) ? new AreaRef(i) : AreaRef.Unknown;

    public RoleRef Role(string id) => _roleIndex.TryGetValue(id, out var i) ? new RoleRef(i) : RoleRef.Unknown;

    /// <summary>The team as one of the agency's own teams; <see cref="TeamRef.None"/> when the agency does not register it.</summary>
    public TeamRef Team(AgencyRef agency, string team)
    {
        var index = TeamIds.Count == 0 ? -1 : IndexOfTeam(team);
        return index >= 0 && agency.IsKnown && agency.Index < AgencyTeams.Length && AgencyTeams[agency.Index].Contains(index) ? new TeamRef(index) : TeamRef.None;
    }

    /// <summary>The teams agencies.yaml registers for the agency, in register order; none for an unknown agency.</summary>
    public IReadOnlyList<string> TeamsOf(string agencyId) =>
        Agency(agencyId) is { IsKnown: true } known && known.Index < AgencyTeams.Length ? [.. AgencyTeams[known.Index].Members().Select(i => TeamIds[i])] : [];

    private int IndexOfTeam(string team)
    {
        for (var i = 0; i < TeamIds.Count; i++)
        {
            if (string.Equals(TeamIds[i], team, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public PurposeRef Purpose(string id) => _purposeIndex.TryGetValue(id, out var i) ? new PurposeRef(i) : PurposeRef.Unknown;

    /// <summary>The agencies party to the protocol (its signatories), by id in register order.</summary>
    public IReadOnlyList<string> PartiesOf(CompiledProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return [.. protocol.Parties.Members().Where(i => i < AgencyIds.Count).Select(i => AgencyIds[i])];
    }

    /// <summary>Whether agencies.yaml lets the agency's users hold the role (the role's <c>held-by</c>).</summary>
    public bool MayHold(AgencyRef agency, RoleRef role) =>
        agency.IsKnown && (uint)role.Index < (uint)_roleHolders.Length && _roleHolders[role.Index].Contains(agency.Index);

    /// <summary>The agencies that may hold the role, by id in register order; none for a role agencies.yaml does not list.</summary>
    public IReadOnlyList<string> HoldersOf(string role) =>
        Role(role) is { Index: >= 0 } known ? [.. _roleHolders[known.Index].Members().Select(i => AgencyIds[i])] : [];

    /// <summary>
    /// The latest review date the protocols allow for an item of this kind from this originator, holding these
    /// personal-data categories, submitted on <paramref name="today"/>: the shortest retention period, for the kind or
    /// for any of the categories, of the protocols that govern the item (in force, with the originator as a party,
    /// covering its kind and every category it holds: the protocols that could share it), with the protocol that sets
    /// it and what the period is for ("information", "children"). Null when no such protocol states one.
    /// </summary>
    public RetentionCap? LatestReviewDate(string originator, ItemKind kind, PersonalDataCategories categories, DateOnly today)
    {
        var agency = Agency(originator);
        RetentionCap? cap = null;
        var governing = Protocols.Where(p => agency.IsKnown && p.Parties.Contains(agency.Index) && p.IsInForce(today) && p.CoversKind(kind) && (categories & ~p.PersonalData) == 0);
        foreach (var protocol in governing)
        {
            var periods = protocol.Retention.Where(r => r.Key == kind).Select(r => (r.Value, Words.ItemKinds.WordFor(r.Key)))
                .Concat(protocol.CategoryRetention.Where(r => (categories & r.Key) != 0).Select(r => (r.Value, Words.PersonalData.WordFor(r.Key))));
            foreach (var (period, what) in periods)
            {
                if (cap is null || period.From(today) < cap.Latest)
                {
                    cap = new RetentionCap(period.From(today), protocol, period, what);
                }
            }
        }

        return cap;
    }

    /// <summary>The personal-data categories of an item described as the hub stores it (children also from a theme about minors).</summary>
    public static PersonalDataCategories CategoriesOf(IEnumerable<string> personalData, bool aboutMinors)
    {
        ArgumentNullException.ThrowIfNull(personalData);
        var categories = aboutMinors ? PersonalDataCategories.Children : PersonalDataCategories.None;
        foreach (var word in personalData)
        {
            if (Words.ItemPersonalData.TryParse(word, out var category))
            {
                categories |= category;
            }
        }

        return categories;
    }

    public bool IsLawEnforcement(AgencyRef agency) => agency.IsKnown && agency.Index < _lawEnforcement.Length && _lawEnforcement[agency.Index];

    internal IndexSet AreasOf(int agency) => _agencyAreas[agency];

    /// <summary>The decision, with no allocation: the hot path of routing, search and disclosure.</summary>
    public Decision Decide(in DecisionRequest request)
    {
        if (Screen(in request) is { } screened)
        {
            return screened;
        }

        var candidates = _candidates[Slot(in request)];
        CompiledRule? best = null, lapsed = null;
        foreach (var rule in candidates)
        {
            var mismatch = rule.FirstMismatch(in request, _agencyAreas);
            if (mismatch != RuleMismatch.None)
            {
                if (mismatch == RuleMismatch.ProtocolNotInForce && lapsed is null && rule.LapsedAtReview(in request, _agencyAreas))
                {
                    lapsed = rule;
                }

                continue;
            }

            // Candidate lists hold deny rules first, so the first matching deny ends the search.
            if (rule.IsDeny)
            {
                return Decision.Deny(DecisionReason.DenyRule, rule);
            }

            if (best is null || rule.View > best.View)
            {
                best = rule;
            }
        }

        return Conclude(in request, best, lapsed);
    }

    /// <summary>The same decision, with every rule the requester's protocols hold and why each did or did not apply.</summary>
    public Explanation Explain(in DecisionRequest request)
    {
        var traces = new List<RuleTrace>();
        if (Screen(in request) is { } screened)
        {
            return new Explanation(screened, ScreenReason(in request, screened.Reason), traces);
        }

        CompiledRule? deny = null;
        CompiledRule? best = null;
        CompiledRule? lapsed = null;
        foreach (var rule in Rules)
        {
            if (!rule.Protocol.Parties.Contains(request.Requester.Index))
            {
                continue;
            }

            var mismatch = rule.FirstMismatch(in request, _agencyAreas);
            traces.Add(new RuleTrace(rule.Protocol.Id, rule.Protocol.Version, rule.Id, rule.Effect, mismatch == RuleMismatch.None, Describe(mismatch, rule, in request)));
            if (mismatch != RuleMismatch.None)
            {
                if (mismatch == RuleMismatch.ProtocolNotInForce && lapsed is null && rule.LapsedAtReview(in request, _agencyAreas))
                {
                    lapsed = rule;
                }

                continue;
            }

            if (rule.IsDeny)
            {
                deny ??= rule;
            }
            else if (best is null || rule.View > best.View)
            {
                best = rule;
            }
        }

        var decision = deny is not null ? Decision.Deny(DecisionReason.DenyRule, deny) : Conclude(in request, best, lapsed);
        return new Explanation(decision, ConclusionReason(in request, decision), traces);
    }

    /// <summary>Checks that do not depend on any protocol: accreditation, known agencies, the agency's own item.</summary>
    private Decision? Screen(in DecisionRequest request)
    {
        var item = request.Item;
        if (item.Classification is not (ClassificationLevel.Official or ClassificationLevel.OfficialSensitive))
        {
            return Decision.Deny(DecisionReason.ClassificationNotAccepted);
        }

        if ((uint)request.Requester.Index >= (uint)_lawEnforcement.Length || (uint)item.Originator.Index >= (uint)_lawEnforcement.Length)
        {
            return Decision.Deny(DecisionReason.UnknownAgency);
        }

        // Routing sends an item to an agency's inbox, not to a person: no role is acting yet. Every later
        // act on it (view, search, compile, disseminate) is decided again with the acting user's role.
        if (request.Action != SharingAction.Receive && (uint)request.Role.Index >= (uint)RoleIds.Count)
        {
            return Decision.Deny(DecisionReason.UnknownRole);
        }

        if ((uint)item.Kind >= KindSlots || item.Kind == 0 || (uint)request.Action >= ActionCount)
        {
            return Decision.Deny(DecisionReason.NoProtocolPermits);
        }

        if (request.Requester == item.Originator)
        {
            return new Decision(DecisionEffect.Permit, DisclosureView.Full, Obligations.None, DecisionReason.OwnItem, null);
        }

        if (item.Kind == ItemKind.Intelligence && item.Handling == 0)
        {
            return Decision.Deny(DecisionReason.IntelligenceWithoutHandlingCode);
        }

        return null;
    }

    /// <summary>
    /// Applies what the originator allowed to the most permissive permitting rule: handling conditions and legacy
    /// codes can only narrow what a protocol permits, never widen it (domain.md, 3x5x2 and 5x5x5).
    /// </summary>
    private Decision Conclude(in DecisionRequest request, CompiledRule? best, CompiledRule? lapsed)
    {
        if (best is null)
        {
            return lapsed is null ? Decision.Deny(DecisionReason.NoProtocolPermits) : Decision.Deny(DecisionReason.ProtocolPastReview, lapsed);
        }

        var item = request.Item;
        var conditions = item.Conditions;
        var legacy = item.LegacyHandling;
        var lawEnforcement = _lawEnforcement[request.Requester.Index];
        if (legacy == LegacyHandling.OriginatingAgencyOnly)
        {
            return Decision.Deny(DecisionReason.OriginatingAgencyOnly, best);
        }

        // Legacy handling 1 and 3 both name law-enforcement audiences only (docs/grading.md, "Handling").
        if (!lawEnforcement
            && (legacy is LegacyHandling.LawEnforcementAndProsecutors or LegacyHandling.NonEeaLawEnforcement || (conditions & OriginatorConditions.LawEnforcementOnly) != 0))
        {
            return Decision.Deny(DecisionReason.LawEnforcementOnly, best);
        }

        if (request.Action == SharingAction.Disseminate
            && (legacy == LegacyHandling.ReferToOriginator || (conditions & OriginatorConditions.NoOnwardDissemination) != 0))
        {
            return Decision.Deny(DecisionReason.OnwardDisseminationForbidden, best);
        }

        var view = best.View;
        if ((conditions & OriginatorConditions.SanitisedOnly) != 0 && view > DisclosureView.Sanitised)
        {
            view = DisclosureView.Sanitised;
        }

        // Handling code C with no recorded conditions: the conditions are unknown, so only the originator can decide.
        if (legacy == LegacyHandling.ReferToOriginator
            || (conditions & OriginatorConditions.ReferToOriginator) != 0
            || (item.Handling == HandlingCode.C && conditions == OriginatorConditions.None))
        {
            view = DisclosureView.ExistenceOnly;
        }

        // Validation refuses such rules; this keeps the rule true even if a snapshot were built around validation.
        if (item.Kind == ItemKind.Intelligence && !lawEnforcement && view > DisclosureView.Sanitised)
        {
            view = DisclosureView.Sanitised;
        }

        if (view == DisclosureView.Sanitised && !item.HasSanitisedText)
        {
            view = DisclosureView.ExistenceOnly;
        }

        var obligations = best.Obligations;
        if ((conditions & OriginatorConditions.NoOnwardDissemination) != 0 || legacy == LegacyHandling.ReferToOriginator)
        {
            obligations |= Obligations.NoOnwardDissemination;
        }

        if ((conditions & OriginatorConditions.NotForEvidentialUse) != 0)
        {
            obligations |= Obligations.NotForEvidentialUse;
        }

        if ((conditions & OriginatorConditions.ContactOriginatorBeforeAction) != 0)
        {
            obligations |= Obligations.ContactOriginatorBeforeAction;
        }

        if (view == DisclosureView.ExistenceOnly)
        {
            obligations |= Obligations.ReferToOriginator;
        }

        return new Decision(DecisionEffect.Permit, view, obligations, DecisionReason.Permitted, best);
    }

    private static int Slot(AgencyRef requester, SharingAction action, ItemKind kind) =>
        (((requester.Index * ActionCount) + (int)action) * KindSlots) + (int)kind;

    private static int Slot(in DecisionRequest request) => Slot(request.Requester, request.Action, request.Item.Kind);

    private static CompiledRule[][] BuildIndex(int agencyCount, IReadOnlyList<CompiledRule> rules)
    {
        var lists = new List<CompiledRule>[agencyCount * ActionCount * KindSlots];
        var ordered = rules.Where(r => r.IsDeny).Concat(rules.Where(r => !r.IsDeny));
        foreach (var rule in ordered)
        {
            foreach (var requester in rule.To.Members())
            {
                for (var action = 0; action < ActionCount; action++)
                {
                    if ((rule.Actions & (1 << action)) == 0)
                    {
                        continue;
                    }

                    foreach (var kind in new[] { ItemKind.Information, ItemKind.Intelligence, ItemKind.Product })
                    {
                        if ((rule.Kinds & (1 << (int)kind)) != 0)
                        {
                            var slot = Slot(new AgencyRef(requester), (SharingAction)action, kind);
                            (lists[slot] ??= []).Add(rule);
                        }
                    }
                }
            }
        }

        return [.. lists.Select(l => l is null ? [] : l.ToArray())];
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> ids)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            index[ids[i]] = i;
        }

        return index;
    }

    internal string AgencyId(AgencyRef agency) => agency.IsKnown && agency.Index < AgencyIds.Count ? AgencyIds[agency.Index] : "(unknown agency)";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string ScreenReason(in DecisionRequest request, DecisionReason reason) => reason switch
    {
        DecisionReason.ClassificationNotAccepted =>
            "The item is not marked OFFICIAL or OFFICIAL-SENSITIVE; the hub is accredited to OFFICIAL-SENSITIVE and refuses anything else.",
        DecisionReason.UnknownAgency =>
            $"The requester ({AgencyId(request.Requester)}) or the originator ({AgencyId(request.Item.Originator)}) is not in policies/agencies.yaml; deny by default.",
        DecisionReason.UnknownRole => "The requester's role is not one of the roles in policies/agencies.yaml; deny by default.",
        DecisionReason.OwnItem => $"{AgencyId(request.Requester)} is the originator: an agency always sees its own item in full.",
        DecisionReason.IntelligenceWithoutHandlingCode =>
            "Intelligence without a 3x5x2 handling code cannot be shared; the originator must grade it first.",
        _ => reason.ToString(),
    };

    private string ConclusionReason(in DecisionRequest request, Decision decision)
    {
        var rule = decision.Rule;
        var requester = AgencyId(request.Requester);
        return decision.Reason switch
        {
            DecisionReason.Permitted =>
                $"Permitted by {rule} ({rule!.LegalBasis}): view {Words.Views.WordFor(decision.View)} after the originator's handling conditions and the sanitised text available.",
            DecisionReason.DenyRule => $"Denied by deny rule {rule}; a matching deny overrides every permit.",
            DecisionReason.NoProtocolPermits =>
                $"No rule of a protocol in force on {Day(request.On)}, with both {requester} and {AgencyId(request.Item.Originator)} as parties, permits this; deny by default.",
            DecisionReason.ProtocolPastReview =>
                $"protocol {rule!.Protocol.Id} version {rule.Protocol.Version} passed its review date {Day(rule.Protocol.Review)}; a protocol past review authorises " +
                $"nothing until its parties publish a reviewed version, so its rule {rule.Id} no longer permits this, and no rule of a protocol in force on {Day(request.On)} does.",
            DecisionReason.OriginatingAgencyOnly => $"{rule} would permit it, but the legacy handling code 4 restricts the item to its originating agency.",
            DecisionReason.LawEnforcementOnly => $"{rule} would permit it, but the originator allowed law-enforcement recipients only and {requester} is not law enforcement.",
            DecisionReason.OnwardDisseminationForbidden => $"{rule} would permit it, but the originator forbade onward dissemination.",
            _ => decision.Reason.ToString(),
        };
    }

    private string Describe(RuleMismatch mismatch, CompiledRule rule, in DecisionRequest request) => mismatch switch
    {
        RuleMismatch.None => rule.IsDeny ? "matched: denies" : $"matched: permits view {Words.Views.WordFor(rule.View)}",
        RuleMismatch.ProtocolNotInForce =>
            $"protocol not in force on {Day(request.On)} (effective {Day(rule.Protocol.Effective)}, review {Day(rule.Protocol.Review)})",
        RuleMismatch.RequesterNotInTo => $"{AgencyId(request.Requester)} is not in the rule's 'to'",
        RuleMismatch.OriginatorNotInFrom => $"the originator {AgencyId(request.Item.Originator)} is not in the rule's 'from'",
        RuleMismatch.Action => $"the action {Words.Actions.WordFor(request.Action)} is not in the rule's 'actions'",
        RuleMismatch.Kind => $"the item kind {Words.ItemKinds.WordFor(request.Item.Kind)} is not in the rule's kinds",
        RuleMismatch.Purpose => "the declared purpose is not one of the rule's purposes",
        RuleMismatch.Role => "the requester's role is not one of the rule's roles",
        RuleMismatch.Team => "the user's team is not one of the rule's teams",
        RuleMismatch.Classification => "the item's classification is not one the rule covers",
        RuleMismatch.Handling => "the item's handling code is not one the rule covers",
        RuleMismatch.LegacyHandling => "the item's legacy handling code is not one the rule covers",
        RuleMismatch.Exploitation => "the item's exploitation type is not one the rule covers",
        RuleMismatch.Victims => "the item's victim age group is not one the rule covers",
        RuleMismatch.Area => "the item's area is not one of the rule's areas",
        RuleMismatch.PersonalDataCondition => "the item has none of the personal-data categories the rule is about",
        RuleMismatch.PersonalDataNotCovered => "the item holds personal-data categories the protocol does not cover",
        _ => mismatch.ToString(),
    };
}
