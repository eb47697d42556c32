using IntelHub.Domain.Grading;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Compilation;

/// <summary>
/// Deciding an item as a whole: the hub and <c>intelhub policy</c> both come through here. The names are resolved
/// (anything unknown denies: fail closed), the item's facts are derived once (grades, conditions, personal-data
/// categories, children), and the item is decided for each pairing of its themes and areas, every area widened to
/// the force areas containing it.
/// </summary>
public sealed partial class PolicySnapshot
{
    /// <summary>The open-ended handling condition: the originator's own words, which the policy records but cannot read.</summary>
    public const string OtherConditionPrefix = "other:";

    /// <summary>
    /// The decision on an item: any deny that is more than "no rule permits" (a deny rule, the originator's limits, an
    /// unknown name) denies the whole item; otherwise the most revealing view permitted for any pairing wins. A pairing
    /// only a protocol past its review date would have permitted is no more than "no rule permits", but names that protocol.
    /// </summary>
    public Decision Decide(ItemRequest request) => Deciding(request).Decision;

    /// <summary>The same decision, explained through the pairing of theme and area that decided it.</summary>
    public Explanation Explain(ItemRequest request)
    {
        var (deciding, decision, unknown) = Deciding(request);
        if (deciding is { } pairing)
        {
            return Explain(in pairing);
        }

        return new Explanation(decision, $"The request names what the policy does not know: {string.Join(", ", unknown)}; deny (fail closed). Use names from policies/, or add them there.", []);
    }

    /// <summary>Every name in the request the policy does not know, as "area 'W99'"; a request naming any is denied.</summary>
    public IReadOnlyList<string> UnknownNames(ItemRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var unknown = new List<string>();
        if (!Agency(request.Requester).IsKnown)
        {
            unknown.Add($"agency '{request.Requester}'");
        }

        if (!Agency(request.Item.Originator).IsKnown)
        {
            unknown.Add($"agency '{request.Item.Originator}'");
        }

        if (request.Role is { } role && Role(role).Index < 0)
        {
            unknown.Add($"role '{role}'");
        }

        if (request.Purpose is { } purpose && Purpose(purpose).Index < 0)
        {
            unknown.Add($"purpose '{purpose}'");
        }

        if (request.Team is { } team && Team(Agency(request.Requester), team) == TeamRef.None)
        {
            unknown.Add($"team '{team}' of agency '{request.Requester}'");
        }

        Facts(request.Item, unknown, out _);
        return unknown;
    }

    private (DecisionRequest? Request, Decision Decision, IReadOnlyList<string> Unknown) Deciding(ItemRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Deciding(request.Requester, request.Role, request.Team, request.Purpose, request.Action, request.On, Prepare(request.Item));
    }

    /// <summary>
    /// An item with its names resolved and its facts derived, under this snapshot, for deciding it for many
    /// requesters: routing decides one item for every party, and deriving the facts is most of a decision's work.
    /// </summary>
    public PreparedItem Prepare(ItemDescription item)
    {
        var unknown = new List<string>();
        var facts = Facts(item, unknown, out var areas);
        return new PreparedItem(this, item, facts, areas, unknown);
    }

    /// <summary>The decision on a prepared item, exactly as <see cref="Decide(ItemRequest)"/> decides the item it was prepared from.</summary>
    public Decision Decide(string requester, string? role, string? purpose, SharingAction action, DateOnly on, PreparedItem item, string? team = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        // Area and agency references are this snapshot's: an item prepared under another is prepared again.
        var prepared = ReferenceEquals(item.Snapshot, this) ? item : Prepare(item.Item);
        return Deciding(requester, role, team, purpose, action, on, prepared).Decision;
    }

    private (DecisionRequest? Request, Decision Decision, IReadOnlyList<string> Unknown) Deciding(
        string requester, string? role, string? team, string? purpose, SharingAction action, DateOnly on, PreparedItem prepared)
    {
        var unknown = new List<string>(prepared.Unknown);
        var facts = prepared.Facts;
        var areas = prepared.Areas;
        var agency = Agency(requester);
        var teamRef = team is null ? TeamRef.None : Team(agency, team);
        if (team is not null && teamRef == TeamRef.None && agency.IsKnown)
        {
            // A team the agency does not register is a name the policy does not know: fail closed.
            unknown.Add($"team '{team}' of agency '{requester}'");
        }

        var question = new DecisionRequest
        {
            Requester = agency,
            Team = teamRef,
            Role = role is null ? RoleRef.Unknown : Role(role),
            Purpose = purpose is null ? PurposeRef.Unknown : Purpose(purpose),
            Action = action,
            On = on,
            Item = facts,
        };

        // Unknown agencies and roles keep their own reasons (routing and the audit trail tell them apart).
        if (Screen(in question) is { Reason: DecisionReason.UnknownAgency or DecisionReason.UnknownRole } screened)
        {
            return (question, screened, unknown);
        }

        // Receiving is routing: no user has declared a purpose yet. Every other action needs one the policy knows.
        if (action != SharingAction.Receive && question.Purpose.Index < 0)
        {
            unknown.Add(purpose is null ? "purpose (none declared)" : $"purpose '{purpose}'");
        }

        if (unknown.Count > 0)
        {
            return (null, Decision.Deny(DecisionReason.UnknownName), unknown);
        }

        var themes = prepared.Item.Themes.Count == 0 ? [default] : prepared.Item.Themes;
        DecisionRequest? best = null, lastDeny = null;
        Decision bestDecision = default, lastDenyDecision = default;
        foreach (var theme in themes)
        {
            // An item marked as concerning children whose theme leaves the age group out is about child victims.
            var victims = theme.Victims == 0 && (facts.PersonalData & PersonalDataCategories.Children) != 0 ? AgeGroup.Minor : theme.Victims;
            foreach (var area in areas.Count == 0 ? [AreaRef.Unknown] : areas)
            {
                var pairing = question with { Item = facts with { Exploitation = theme.Exploitation, Victims = victims, Area = area } };
                var decision = Decide(in pairing);
                if (!decision.IsPermit)
                {
                    if (decision.Reason is not (DecisionReason.NoProtocolPermits or DecisionReason.ProtocolPastReview))
                    {
                        return (pairing, decision, unknown);
                    }

                    // A pairing a protocol past review would have permitted explains the denial better than one nothing covers.
                    if (decision.Reason == DecisionReason.ProtocolPastReview || lastDenyDecision.Reason != DecisionReason.ProtocolPastReview)
                    {
                        (lastDeny, lastDenyDecision) = (pairing, decision);
                    }
                }
                else if (best is null || decision.View > bestDecision.View)
                {
                    (best, bestDecision) = (pairing, decision);
                }
            }
        }

        return best is not null ? (best, bestDecision, unknown) : (lastDeny, lastDenyDecision, unknown);
    }

    /// <summary>
    /// The item's facts besides theme and area, and its areas widened to the areas containing them. Unknown names are
    /// added to <paramref name="unknown"/>. A legacy grade without a 3x5x2 grade is mapped as the hub maps it on
    /// submission (docs/grading.md), so a request file and a stored item with the same grade are decided alike.
    /// </summary>
    private ItemFacts Facts(ItemDescription item, List<string> unknown, out List<AreaRef> areas)
    {
        ArgumentNullException.ThrowIfNull(item);
        LegacyGrade? legacy = null;
        if (item.LegacyGrading is { } legacyText)
        {
            if (LegacyGrade.TryParse(legacyText, out var parsed, out _))
            {
                legacy = parsed;
            }
            else
            {
                unknown.Add($"legacy grading '{legacyText}'");
            }
        }

        HandlingCode handling = 0;
        var conditions = OriginatorConditions.None;
        if (item.Grading is { } gradingText)
        {
            if (Grade.TryParse(gradingText, out var grade, out _))
            {
                handling = grade.Handling;
            }
            else
            {
                unknown.Add($"grading '{gradingText}'");
            }
        }
        else if (legacy is not null)
        {
            var mapped = ItemGrading.FromLegacy(legacy);
            handling = mapped.Current.Handling;
            conditions = Conditions(mapped.Conditions);
        }

        foreach (var condition in item.HandlingConditions)
        {
            if (Words.HandlingConditions.TryParse(condition, out var known))
            {
                conditions |= known;
            }
            else if (!condition.StartsWith(OtherConditionPrefix, StringComparison.Ordinal))
            {
                unknown.Add($"handling condition '{condition}'");
            }
        }

        var personal = PersonalDataCategories.None;
        foreach (var category in item.PersonalData)
        {
            if (Words.ItemPersonalData.TryParse(category, out var known))
            {
                personal |= known;
            }
            else
            {
                unknown.Add($"personal-data category '{category}'");
            }
        }

        if (item.Themes.Any(t => t.Victims == AgeGroup.Minor))
        {
            personal |= PersonalDataCategories.Children;
        }

        var resolved = new List<AreaRef>();
        foreach (var name in item.Areas)
        {
            if (Areas.Find(name) is not { } area)
            {
                unknown.Add($"area '{name}'");
                continue;
            }

            resolved.AddRange(Areas.Containing(area).Select(a => Area(a.Id)).Where(a => !resolved.Contains(a)));
        }

        areas = resolved;

        return new ItemFacts
        {
            Kind = item.Kind,
            Originator = Agency(item.Originator),
            Classification = item.Classification,
            Handling = handling,
            Conditions = conditions,
            LegacyHandling = legacy?.Handling ?? 0,
            PersonalData = personal,
            HasSanitisedText = item.HasSanitisedText,
        };
    }

    /// <summary>The conditions a legacy grade maps to, in the policy's terms (free-text conditions are recorded, not read).</summary>
    private static OriginatorConditions Conditions(HandlingConditions conditions) =>
        (conditions.NoOnwardDissemination ? OriginatorConditions.NoOnwardDissemination : 0)
        | (conditions.NotForEvidentialUse ? OriginatorConditions.NotForEvidentialUse : 0)
        | (conditions.ContactOriginatorBeforeAction ? OriginatorConditions.ContactOriginatorBeforeAction : 0);
}

/// <summary>An item's resolved names and derived facts under one snapshot (<see cref="PolicySnapshot.Prepare"/>).</summary>
public sealed class PreparedItem
{
    internal PreparedItem(PolicySnapshot snapshot, ItemDescription item, ItemFacts facts, IReadOnlyList<AreaRef> areas, IReadOnlyList<string> unknown)
    {
        Snapshot = snapshot;
        Item = item;
        Facts = facts;
        Areas = areas;
        Unknown = unknown;
    }

    internal PolicySnapshot Snapshot { get; }

    public ItemDescription Item { get; }

    internal ItemFacts Facts { get; }

    internal IReadOnlyList<AreaRef> Areas { get; }

    /// <summary>The item's names the policy does not know; a decision on the item denies while there is any.</summary>
    internal IReadOnlyList<string> Unknown { get; }

    /// <summary>
    /// Everything a decision on the item reads, as one value: two items with equal identities under a snapshot are
    /// decided alike by it for every requester, action, role and purpose (grades that differ only in source and
    /// assessment, lists in another order or with repeats).
    /// </summary>
    internal DecisionIdentity Identity => new(
        Facts,
        string.Join(',', Areas.Select(a => a.Index).Distinct().Order()),
        string.Join(',', Item.Themes.Select(t => $"{(int)t.Exploitation}/{(int)t.Victims}").Distinct().Order(StringComparer.Ordinal)),
        string.Join('\n', Unknown.Distinct().Order(StringComparer.Ordinal)));
}

/// <summary>What a decision reads from a prepared item (<see cref="PreparedItem.Identity"/>).</summary>
internal readonly record struct DecisionIdentity(ItemFacts Facts, string Areas, string Themes, string Unknown);
