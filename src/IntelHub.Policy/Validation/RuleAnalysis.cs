using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;

namespace IntelHub.Policy.Validation;

/// <summary>
/// Static analysis of compiled rules. Every rule is a conjunction of finite sets (agencies, actions, kinds,
/// purposes, item facts), so "can never fire", "is shadowed" and "overlaps" are exact set questions.
/// </summary>
internal static class RuleAnalysis
{
    public static void Check(IReadOnlyList<CompiledRule> rules, IReadOnlyList<AgencyEntry> agencies, DiagnosticBag diagnostics)
    {
        var live = new List<CompiledRule>();
        foreach (var rule in rules)
        {
            if (NeverFires(rule) is { } why)
            {
                diagnostics.Error(rule.At, "never-fires", $"Rule '{rule.Id}' of '{rule.Protocol.Id}' can never apply: {why}.", "Correct the rule's lists so that some request can match it, or remove the rule.");
                continue;
            }

            UnsanitisedIntelligence(rule, agencies, diagnostics);
            live.Add(rule);
        }

        foreach (var rule in live)
        {
            var shadow = live.FirstOrDefault(other => other != rule && Shadows(other, rule));
            if (shadow is not null)
            {
                diagnostics.Warning(
                    rule.At,
                    "shadowed",
                    $"Rule '{rule.Id}' of '{rule.Protocol.Id}' never decides anything: every request it matches is also matched by {shadow}, which {(shadow.IsDeny ? "denies" : "wins with view " + Words.Views.WordFor(shadow.View))}.",
                    shadow.IsDeny ? "Narrow the deny rule, or remove this permit." : "Remove this rule, or narrow the other one.");
            }
        }

        for (var i = 0; i < live.Count; i++)
        {
            for (var j = i + 1; j < live.Count; j++)
            {
                var (a, b) = (live[i], live[j]);
                if (a.IsDeny || b.IsDeny || a.View == b.View || (a.Protocol == b.Protocol && (Contains(a, b) || Contains(b, a))) || !Overlap(a, b))
                {
                    continue;
                }

                var wider = a.View > b.View ? a : b;
                diagnostics.Warning(
                    b.At,
                    "overlapping-permits",
                    $"Rule '{b.Id}' of '{b.Protocol.Id}' (view {Words.Views.WordFor(b.View)}) and {a} (view {Words.Views.WordFor(a.View)}) both permit some requests; for those the wider view of {wider} applies.",
                    "Make the rules' agencies, actions or item conditions disjoint, or give them the same view.");
            }
        }
    }

    private static string? NeverFires(CompiledRule rule)
    {
        if (rule.From.IsEmpty)
        {
            return "no party is in its 'from'";
        }

        if (rule.To.IsEmpty)
        {
            return "no party is in its 'to'";
        }

        if (rule.From.Count == 1 && rule.To.Count == 1 && rule.From.Members().First() == rule.To.Members().First())
        {
            return "'from' and 'to' are the same single agency, and an agency's own items never need a rule";
        }

        if (rule.Actions == 0)
        {
            return "it lists no action";
        }

        if (rule.Kinds == 0)
        {
            return "it is about no item kind the protocol covers";
        }

        if (rule.Purposes.IsEmpty)
        {
            return "it names no purpose of the protocol";
        }

        if (rule.Roles is { IsEmpty: true })
        {
            return "it lists no role";
        }

        if (rule.Teams is { IsEmpty: true })
        {
            return "it lists no team";
        }

        if (rule.Classifications == 0 || rule.Handling == 0 || rule.Legacy == 0 || rule.Exploitation == 0 || rule.Victims == 0)
        {
            return "one of its item conditions is an empty list";
        }

        if (rule.Areas is { IsEmpty: true } && !rule.AreasOfRecipient)
        {
            return "its 'areas' list is empty";
        }

        if (!rule.IsDeny && (rule.PersonalDataAny & ~rule.PersonalDataAllowed) == rule.PersonalDataAny && rule.PersonalDataAny != 0)
        {
            return "it is about personal-data categories the protocol's 'personal-data' does not cover";
        }

        if (rule.Kinds == 1 << (int)ItemKind.Intelligence && rule.Handling == 1)
        {
            return "it is about intelligence without a handling code, which is never shared";
        }

        if (!rule.IsDeny && rule.Legacy == 1 << (int)LegacyHandling.OriginatingAgencyOnly)
        {
            return "legacy handling code 4 restricts items to their originating agency";
        }

        return null;
    }

    /// <summary>Domain rule: full (unsanitised) intelligence goes to law-enforcement agencies only.</summary>
    private static void UnsanitisedIntelligence(CompiledRule rule, IReadOnlyList<AgencyEntry> agencies, DiagnosticBag diagnostics)
    {
        if (rule.IsDeny || rule.View != DisclosureView.Full || (rule.Kinds & (1 << (int)ItemKind.Intelligence)) == 0)
        {
            return;
        }

        var partners = rule.To.Members().Where(i => !agencies[i].LawEnforcement).Select(i => agencies[i].Id.Value).ToList();
        if (partners.Count > 0)
        {
            diagnostics.Error(
                rule.At,
                "unsanitised-intelligence-to-partner",
                $"Rule '{rule.Id}' of '{rule.Protocol.Id}' would send the full text of intelligence to agencies that are not law enforcement: {string.Join(", ", partners.Take(5))}{(partners.Count > 5 ? $" and {partners.Count - 5} more" : string.Empty)}.",
                "Set 'view: sanitised' (or existence-only), limit 'to' to law-enforcement agencies, or limit 'when.kinds' to information.");
        }
    }

    /// <summary>Whether <paramref name="other"/> decides every request <paramref name="rule"/> matches.</summary>
    private static bool Shadows(CompiledRule other, CompiledRule rule)
    {
        if (other.Protocol != rule.Protocol || !Contains(other, rule))
        {
            return false;
        }

        if (other.IsDeny)
        {
            return !rule.IsDeny || other.Order < rule.Order;
        }

        return !rule.IsDeny && (other.View > rule.View || (other.View == rule.View && other.Order < rule.Order));
    }

    /// <summary>Whether every request <paramref name="inner"/> matches is matched by <paramref name="outer"/>.</summary>
    private static bool Contains(CompiledRule outer, CompiledRule inner) =>
        inner.From.IsSubsetOf(outer.From)
        && inner.To.IsSubsetOf(outer.To)
        && Within(inner.Actions, outer.Actions)
        && Within(inner.Kinds, outer.Kinds)
        && inner.Purposes.IsSubsetOf(outer.Purposes)
        && (outer.Roles is null || (inner.Roles is not null && inner.Roles.IsSubsetOf(outer.Roles)))
        && (outer.Teams is null || (inner.Teams is not null && inner.Teams.IsSubsetOf(outer.Teams)))
        && Within(inner.Classifications, outer.Classifications)
        && Within(inner.Handling, outer.Handling)
        && Within(inner.Legacy, outer.Legacy)
        && Within(inner.Exploitation, outer.Exploitation)
        && Within(inner.Victims, outer.Victims)
        && (outer.Areas is null || (inner.Areas is not null && inner.Areas.IsSubsetOf(outer.Areas) && (!inner.AreasOfRecipient || outer.AreasOfRecipient)))
        && (outer.PersonalDataAny == 0 || (inner.PersonalDataAny != 0 && Within(inner.PersonalDataAny, outer.PersonalDataAny)))
        && Within(inner.PersonalDataAllowed, outer.PersonalDataAllowed)
        && inner.Protocol.Effective >= outer.Protocol.Effective
        && inner.Protocol.Review <= outer.Protocol.Review;

    /// <summary>Whether some request could match both rules (areas given by the requester's own areas count as overlapping).</summary>
    private static bool Overlap(CompiledRule a, CompiledRule b) =>
        a.From.Intersects(b.From)
        && a.To.Intersects(b.To)
        && (a.Actions & b.Actions) != 0
        && (a.Kinds & b.Kinds) != 0
        && a.Purposes.Intersects(b.Purposes)
        && (a.Roles is null || b.Roles is null || a.Roles.Intersects(b.Roles))
        && (a.Teams is null || b.Teams is null || a.Teams.Intersects(b.Teams))
        && (a.Classifications & b.Classifications) != 0
        && (a.Handling & b.Handling) != 0
        && (a.Legacy & b.Legacy) != 0
        && (a.Exploitation & b.Exploitation) != 0
        && (a.Victims & b.Victims) != 0
        && (a.Areas is null || b.Areas is null || a.AreasOfRecipient || b.AreasOfRecipient || a.Areas.Intersects(b.Areas))
        && a.Protocol.Effective <= b.Protocol.Review
        && b.Protocol.Effective <= a.Protocol.Review;

    private static bool Within(int inner, int outer) => (inner & ~outer) == 0;
}
