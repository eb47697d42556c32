using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Compilation;

/// <summary>
/// What the hub's entitlement index may rely on: for which agencies every item this set lets them search (for any
/// role and purpose) is an item it would route to them. The index lists what routing permitted; a search for an
/// agency this answers false for must not be narrowed to the index.
/// </summary>
public sealed partial class PolicySnapshot
{
    /// <summary>
    /// True when, in this set, searching is never permitted where receiving is not: every permit rule that lets the
    /// agency search also lets it receive (receiving ignores role and purpose, so such a rule permits receipt
    /// whenever it permits a search), and every deny rule that stops receipt to the agency also stops every search
    /// (it covers searching, for every role and purpose). The originator's own limits act alike on both.
    /// </summary>
    public bool SearchesOnlyWhatItReceives(string agencyId)
    {
        var agency = Agency(agencyId);
        if (!agency.IsKnown) return true;
        const int receive = 1 << (int)SharingAction.Receive;
        const int search = 1 << (int)SharingAction.Search;
        foreach (var rule in Rules)
        {
            if (!rule.To.Contains(agency.Index)) continue;
            if (!rule.IsDeny && (rule.Actions & search) != 0 && (rule.Actions & receive) == 0) return false;
            if (rule.IsDeny && (rule.Actions & receive) != 0
                && ((rule.Actions & search) == 0 || rule.Roles is not null || rule.Purposes.Count < PurposeIds.Count))
            {
                return false;
            }
        }

        return true;
    }
}
