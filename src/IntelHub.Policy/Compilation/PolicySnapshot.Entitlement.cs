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
    /// True when, in this set, searching is never permitted where receiving is not. Every permit rule that lets the
    /// agency search must also let it receive (receiving ignores role and purpose, so such a rule permits receipt
    /// whenever it permits a search). A deny rule that stops receipt to the agency must stop those searches too: it
    /// covers searching, for every role and team, and for every purpose a permit rule lets the agency search for (a deny
    /// matches receipt whatever the purpose, a search only for its own purposes). The originator's own limits act
    /// alike on both.
    /// </summary>
    public bool SearchesOnlyWhatItReceives(string agencyId)
    {
        var agency = Agency(agencyId);
        if (!agency.IsKnown) return true;
        const int receive = 1 << (int)SharingAction.Receive;
        const int search = 1 << (int)SharingAction.Search;
        var searching = Rules.Where(r => !r.IsDeny && r.To.Contains(agency.Index) && (r.Actions & search) != 0).ToList();
        if (searching.Any(r => (r.Actions & receive) == 0)) return false;
        foreach (var deny in Rules.Where(r => r.IsDeny && r.To.Contains(agency.Index) && (r.Actions & receive) != 0))
        {
            if (searching.Count == 0) break;
            if ((deny.Actions & search) == 0 || deny.Roles is not null || deny.Teams is not null) return false;
            if (searching.Any(permit => !permit.Purposes.IsSubsetOf(deny.Purposes))) return false;
        }

        return true;
    }
}
