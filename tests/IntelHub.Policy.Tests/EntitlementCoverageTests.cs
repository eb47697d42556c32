using IntelHub.Policy.Publishing;

namespace IntelHub.Policy.Tests;

/// <summary>
/// When the hub's entitlement index (what routing let each agency receive) may stand for what an agency may search:
/// only when no rule lets it search what it would not receive. A false "true" would hide items from searches.
/// </summary>
public sealed class EntitlementCoverageTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Rules_that_permit_search_with_receipt_let_the_index_stand_for_search()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Permit("to-council", to: "[council-x]", view: "sanitised", actions: "[receive, view, search]")
            + PolicyFiles.Deny("no-dissemination", actions: "[disseminate]")).Snapshot();

        Assert.All(snapshot.AgencyIds, agency => Assert.True(snapshot.SearchesOnlyWhatItReceives(agency), agency));
    }

    [Fact]
    public void A_rule_that_permits_search_without_receipt_makes_that_agency_search_every_item()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Permit("search-only", to: "[council-x]", view: "sanitised", actions: "[view, search]")).Snapshot();

        Assert.False(snapshot.SearchesOnlyWhatItReceives("council-x"));
        Assert.True(snapshot.SearchesOnlyWhatItReceives("council-y"));
        Assert.True(snapshot.SearchesOnlyWhatItReceives("force-a"));
    }

    [Fact]
    public void A_deny_of_receipt_that_leaves_some_searches_permitted_makes_that_agency_search_every_item()
    {
        // A deny of receipt alone, and a deny of both that names one role: either way receipt is denied where a search is not
        var receiptOnly = _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Deny("no-receipt", to: "[force-b]", actions: "[receive]")).Snapshot();
        Assert.False(receiptOnly.SearchesOnlyWhatItReceives("force-b"));
        Assert.True(receiptOnly.SearchesOnlyWhatItReceives("force-a"));

        var forOneRole = _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Deny("analysts", to: "[force-b]", actions: "[receive, search]", extra: "    roles: [analyst]\n")).Snapshot();
        Assert.False(forOneRole.SearchesOnlyWhatItReceives("force-b"));
    }

    [Fact]
    public void The_published_wales_protocols_let_the_index_stand_for_every_agencys_search()
    {
        var snapshot = PolicyLoader.Load(PolicyLoader.FindPolicyDirectory(AppContext.BaseDirectory)!, PolicyFiles.Day).Snapshot!;

        Assert.All(snapshot.AgencyIds, agency => Assert.True(snapshot.SearchesOnlyWhatItReceives(agency), agency));
    }
}
