using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Tooling;

/// <summary>Stored items of one shape, described as the hub decides them, and how many there are.</summary>
public sealed record StoredItems(ItemDescription Item, long Count);

/// <summary>
/// Decisions a candidate set changes for one kind of case: an originator's items of one kind and handling code, for one
/// recipient agency, role, purpose and action, from one outcome to another. Role and purpose are null for routing
/// (receive), which no user does. <see cref="StoredItems"/> counts the stored items whose decision it is.
/// </summary>
public sealed record ImpactChange(
    string Originator, string Recipient, string? Role, string? Team, string? Purpose, SharingAction Action, ItemKind Kind, HandlingCode Handling,
    Decision Was, Decision Now, long StoredItems);

/// <summary>The changes (most stored items first), how many decisions were compared, and how many stored items any change applies to.</summary>
public sealed record PolicyImpactResult(IReadOnlyList<ImpactChange> Changes, long DecisionsCompared, long StoredItemsAffected);

/// <summary>
/// What replacing the set in force by a candidate set would change, and for how many stored items: the comparison of
/// <see cref="PolicyDiff"/> (what <c>intelhub policy diff</c> prints), its cases spelt out agency by agency and role by
/// role, joined by the same comparison over the shapes the stored items actually take. Each distinct stored shape is
/// decided once per requester, action, role and purpose under each set, however many items share it.
/// </summary>
public static class PolicyImpact
{
    public static PolicyImpactResult Assess(PolicySnapshot inForce, PolicySnapshot candidate, DateOnly on, IReadOnlyList<StoredItems> stored)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(stored);
        var space = new PolicyDiff.Space(inForce, candidate);
        var tallies = new Dictionary<ChangeKey, Tally>();

        // Every kind of case that changes, whether or not an item of that shape is stored yet.
        var compared = PolicyDiff.Walk(inForce, candidate, on, change =>
        {
            foreach (var recipient in change.Requester.Members)
            {
                foreach (var originator in change.Originator.Members.Where(o => o != recipient))
                {
                    foreach (var key in Keys(space, inForce, originator, recipient, change.Role, change.Team, change.Purpose, change.Action, change.Item.Kind, change.Item.Handling, change.Was, change.Now))
                    {
                        tallies.TryAdd(key, new Tally(change.Was, change.Now));
                    }
                }
            }
        });

        // The stored items: shapes that decide alike are merged, then each is decided for every case that may concern it.
        var shapes = stored
            .Where(s => s.Count > 0)
            .Select(s => (Old: inForce.Prepare(s.Item), New: candidate.Prepare(s.Item), s.Count))
            .GroupBy(s => s.Old.Identity)
            .Select(g => (g.First().Old, g.First().New, Count: g.Sum(s => s.Count)));
        var cases = new Dictionary<(string, ItemKind), List<(string Requester, SharingAction Action, string? Role, string? Team, string? Purpose)>>();
        long affected = 0;
        foreach (var (old, @new, count) in shapes)
        {
            var originator = old.Item.Originator;
            var kind = old.Item.Kind;
            if (!cases.TryGetValue((originator, kind), out var concerning))
            {
                concerning = [.. inForce.AgencyIds.Union(candidate.AgencyIds, StringComparer.Ordinal)
                    .Where(r => r != originator)
                    .SelectMany(r => space.Cases(r, originator, kind).Select(c => (r, c.Action, c.Role, c.Team, c.Purpose)))];
                cases.Add((originator, kind), concerning);
            }

            var changed = false;
            foreach (var (recipient, action, role, team, purpose) in concerning)
            {
                compared++;
                var was = inForce.Decide(recipient, role, purpose, action, on, old, team);
                var now = candidate.Decide(recipient, role, purpose, action, on, @new, team);
                // As in PolicyDiff: a team's case counts only where it differs from the same user without a team.
                if (PolicyDiff.Same(was, now) || (team is not null
                    && PolicyDiff.Same(was, inForce.Decide(recipient, role, purpose, action, on, old))
                    && PolicyDiff.Same(now, candidate.Decide(recipient, role, purpose, action, on, @new))))
                {
                    continue;
                }

                foreach (var key in Keys(space, inForce, originator, recipient, role, team, purpose, action, kind, old.Facts.Handling, was, now))
                {
                    if (!tallies.TryGetValue(key, out var tally))
                    {
                        tallies.Add(key, tally = new Tally(was, now));
                    }

                    tally.Items += count;
                    changed = true;
                }
            }

            if (changed)
            {
                affected += count;
            }
        }

        var changes = tallies
            .Select(t => new ImpactChange(t.Key.Originator, t.Key.Recipient, t.Key.Role, t.Key.Team, t.Key.Purpose, t.Key.Action, t.Key.Kind, t.Key.Handling, t.Value.Was, t.Value.Now, t.Value.Items))
            .OrderByDescending(c => c.StoredItems)
            .ThenBy(c => c.Originator, StringComparer.Ordinal)
            .ThenBy(c => c.Recipient, StringComparer.Ordinal)
            .ThenBy(c => c.Action)
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.Role, StringComparer.Ordinal)
            .ThenBy(c => c.Team, StringComparer.Ordinal)
            .ThenBy(c => c.Purpose, StringComparer.Ordinal)
            .ThenBy(c => c.Handling)
            .ThenBy(c => c.Was.View)
            .ThenBy(c => c.Now.View)
            .ToList();
        return new PolicyImpactResult(changes, compared, affected);
    }

    /// <summary>
    /// The change's keys: one per role the stand-in role stands for that the recipient's users may hold (a change for a
    /// role nobody at the agency can hold changes nothing anyone does); routing has one key, with no role.
    /// </summary>
    private static IEnumerable<ChangeKey> Keys(
        PolicyDiff.Space space, PolicySnapshot register, string originator, string recipient, string? role, string? team, string? purpose,
        SharingAction action, ItemKind kind, HandlingCode handling, Decision was, Decision now)
    {
        IEnumerable<string?> roles = role is null ? [null] : space.RolesLike(role).Where(r => register.MayHold(register.Agency(recipient), register.Role(r))).Cast<string?>();
        foreach (var held in roles)
        {
            yield return new ChangeKey(originator, recipient, held, team, purpose, action, kind, handling, Outcome.Of(was), Outcome.Of(now));
        }
    }

    /// <summary>What a change is grouped by on each side: the effect, the view and the deciding rule (of that set).</summary>
    private readonly record struct Outcome(DecisionEffect Effect, DisclosureView View, CompiledRule? Rule)
    {
        public static Outcome Of(Decision decision) => new(decision.Effect, decision.View, decision.Rule);
    }

    private readonly record struct ChangeKey(
        string Originator, string Recipient, string? Role, string? Team, string? Purpose, SharingAction Action, ItemKind Kind, HandlingCode Handling, Outcome Was, Outcome Now);

    /// <summary>The decisions a change stands for (the first seen) and how many stored items it applies to.</summary>
    private sealed class Tally(Decision was, Decision now)
    {
        public Decision Was { get; } = was;

        public Decision Now { get; } = now;

        public long Items { get; set; }
    }
}
