using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;
using IntelHub.Storage;
using PolicyObligations = IntelHub.Policy.Decisions.Obligations;
using PolicyView = IntelHub.Policy.Decisions.DisclosureView;

namespace IntelHub.Server.Disseminations;

/// <summary>
/// What an originator's grant releases, and the ceiling it may not pass. A grant is a one-off disclosure to one agency
/// of one item, for the purpose the request declared: it widens no protocol. It applies to a read (GetItem, and the
/// inbox entry that delivers the grant) only while it has not expired, only where the reader's own decision still lets
/// the agency know of the item, and never beyond the ceiling judged again at that moment (<see cref="Ceiling"/>), so a
/// protocol narrowed or retired since the grant narrows it too. Search never uses grants: a search result stays what the
/// protocols give, so a grant does not make the item findable by what the protocols withhold.
/// </summary>
public sealed class DisseminationGrants(IHubStore store, PolicySet policies, TimeProvider time)
{
    /// <summary>The widest view the protocols could permit the agency's user in this role, for this purpose (<see cref="Policy.Compilation.PolicySnapshot.GrantCeiling"/>).</summary>
    public PolicyView Ceiling(StoredItem item, string agencyId, string role, string purposeId)
    {
        var snapshot = policies.Current
            ?? throw new InvalidOperationException("No sharing protocols are published: the hub denies everything until a valid policy set loads.");
        return snapshot.GrantCeiling(SharingPolicy.Request(agencyId, role, purposeId, SharingAction.View, item, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
    }

    /// <summary>The release under the widest grant in force for this reader, or null when no grant shows more than <paramref name="shown"/>.</summary>
    public async Task<GrantRelease?> ForReaderAsync(StoredItem item, Caller caller, DeclaredPurpose purpose, SharingOutcome shown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(shown);
        if (DisclosureProjection.Effective(item, shown.View) == PolicyView.Full) return null; // nothing wider to grant: no store read on the common path
        var grants = await store.GrantsInForceAsync(item.ItemId, caller.AgencyId, time.GetUtcNow(), cancellationToken);
        return grants.Select(g => Of(g, item, caller, purpose, shown)).OfType<GrantRelease>().MaxBy(r => r.View);
    }

    /// <summary>What one decided request releases to this reader now: null unless it is a grant in force that shows more than <paramref name="shown"/>.</summary>
    public GrantRelease? Of(DisseminationRecord grant, StoredItem item, Caller caller, DeclaredPurpose purpose, SharingOutcome shown)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(purpose);
        ArgumentNullException.ThrowIfNull(shown);
        if (grant.Status != DisseminationRecord.Granted || grant.ExpiresAt <= time.GetUtcNow() || grant.RequesterAgencyId != caller.AgencyId
            || grant.ItemId != item.ItemId || !string.Equals(grant.PurposeId, purpose.PurposeId, StringComparison.Ordinal))
            return null;
        var granted = DisclosureProjection.ViewFrom(grant.GrantedView ?? "");
        var ceiling = Ceiling(item, caller.AgencyId, RoleNames.NameOf(caller.Role), purpose.PurposeId);
        var view = DisclosureProjection.Effective(item, granted < ceiling ? granted : ceiling);
        return view > shown.View && view > PolicyView.ExistenceOnly ? new GrantRelease(grant, view) : null;
    }

    /// <summary>The item in the granted view: the protocol's obligations (no longer "refer to the originator") and the grant's conditions as obligations.</summary>
    public static DisclosedItem Project(DisclosureProjection projection, StoredItem item, GrantRelease release, SharingOutcome shown)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(shown);
        var obligations = shown.Obligations & ~PolicyObligations.ReferToOriginator;
        var others = new List<string>();
        foreach (var condition in release.Grant.Conditions)
        {
            switch (condition)
            {
                case StoredNames.NoOnwardDissemination: obligations |= PolicyObligations.NoOnwardDissemination; break;
                case StoredNames.NotForEvidentialUse: obligations |= PolicyObligations.NotForEvidentialUse; break;
                case StoredNames.ContactOriginatorBeforeAction: obligations |= PolicyObligations.ContactOriginatorBeforeAction; break;
                default: others.Add(condition.StartsWith(StoredNames.OtherPrefix, StringComparison.Ordinal) ? condition[StoredNames.OtherPrefix.Length..] : condition); break;
            }
        }
        var disclosed = projection.Project(item, release.View, obligations, DisclosureProjection.Basis(shown.ProtocolId, shown.ProtocolVersion, shown.RuleId));
        disclosed.Obligations.AddRange(others.Select(text => new Obligation { Kind = ObligationKind.Other, Text = $"Condition of the originator's grant: {text}" }));
        return disclosed;
    }

    /// <summary>How the audit log records a release under a grant (GetItem's decision; appended to an inbox delivery's).</summary>
    public static string AuditDecision(DisseminationRecord grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return "granted:" + grant.DisseminationId;
    }
}

/// <summary>A grant in force and the view it releases now.</summary>
public sealed record GrantRelease(DisseminationRecord Grant, PolicyView View);
