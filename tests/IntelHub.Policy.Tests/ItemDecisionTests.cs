using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Tests;

/// <summary>Deciding an item as a whole: unknown names fail closed, and leaving a fact out never dodges a deny.</summary>
public sealed class ItemDecisionTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void An_area_the_policy_does_not_know_denies_even_where_no_rule_looks_at_areas()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();

        var known = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a"));
        var unknown = snapshot.Explain(Requests.For(snapshot, "force-b", "force-a", area: "atlantis"));

        Assert.True(known.IsPermit);
        Assert.Equal(DecisionReason.UnknownName, unknown.Decision.Reason);
        Assert.Contains("area 'atlantis'", unknown.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_conditions_categories_and_purposes_deny()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();
        var request = Requests.For(snapshot, "force-b", "force-a");

        var condition = snapshot.Decide(request with { Item = request.Item with { HandlingConditions = ["burn-after-reading"] } });
        var category = snapshot.Decide(request with { Item = request.Item with { PersonalData = ["shoe-size"] } });
        var purpose = snapshot.Decide(request with { Purpose = "curiosity" });
        var ownWords = snapshot.Decide(request with { Item = request.Item with { Grading = "1AC", HandlingConditions = ["no-onward-dissemination", "other:ring the desk first"] } });

        Assert.Equal([DecisionReason.UnknownName, DecisionReason.UnknownName, DecisionReason.UnknownName], [condition.Reason, category.Reason, purpose.Reason]);
        Assert.True(ownWords.IsPermit);
    }

    [Fact]
    public void A_deny_on_child_victims_fires_when_the_age_group_is_left_out_of_an_item_about_children()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("partners", from: "[all-parties]", to: "[charity]", extra: "    when:\n      kinds: [information]\n") + PolicyFiles.Deny("children-not-to-charity", to: "[charity]", extra: "    when:\n      victims: [minor]")).Snapshot();
        var request = Requests.For(snapshot, "charity", "council-x", kind: "information", theme: "{exploitation: labour}");

        var aboutChildren = snapshot.Decide(request with { Item = request.Item with { PersonalData = ["children"] } });
        var ageLeftOut = snapshot.Decide(request);
        var adults = snapshot.Decide(Requests.For(snapshot, "charity", "council-x", kind: "information"));

        Assert.Equal((DecisionReason.DenyRule, "children-not-to-charity"), (aboutChildren.Reason, aboutChildren.Rule!.Id));
        Assert.Equal(DecisionReason.DenyRule, ageLeftOut.Reason);
        Assert.True(adults.IsPermit);
    }

    [Fact]
    public void A_deny_on_an_area_fires_for_an_item_that_names_no_area()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Deny("not-town-x", extra: "    when:\n      areas: [town-x]\n")).Snapshot();
        var request = Requests.For(snapshot, "force-b", "force-a", area: "town-y");

        var elsewhere = snapshot.Decide(request);
        var nowhere = snapshot.Decide(request with { Item = request.Item with { Areas = [] } });

        Assert.True(elsewhere.IsPermit);
        Assert.Equal(DecisionReason.DenyRule, nowhere.Reason);
    }

    [Fact]
    public void A_hard_deny_for_one_theme_denies_the_whole_item_and_otherwise_the_widest_view_wins()
    {
        var snapshot = _files.WriteProtocol("p",
            PolicyFiles.Permit("labour-full", extra: "    when:\n      exploitation: [labour]\n")
            + PolicyFiles.Permit("sexual-existence", view: "existence-only", extra: "    when:\n      exploitation: [sexual]\n")
            + PolicyFiles.Deny("no-organ-harvesting", extra: "    when:\n      exploitation: [organ-harvesting]")).Snapshot();
        var request = Requests.For(snapshot, "force-b", "force-a");

        var both = snapshot.Decide(request with { Item = request.Item with { Themes = [new(Domain.Themes.ExploitationType.Sexual, Domain.Themes.AgeGroup.Adult), new(Domain.Themes.ExploitationType.Labour, Domain.Themes.AgeGroup.Adult)] } });
        var withDenied = snapshot.Decide(request with { Item = request.Item with { Themes = [new(Domain.Themes.ExploitationType.Labour, Domain.Themes.AgeGroup.Adult), new(Domain.Themes.ExploitationType.OrganHarvesting, Domain.Themes.AgeGroup.Adult)] } });

        Assert.Equal((DisclosureView.Full, "labour-full"), (both.View, both.Rule!.Id));
        Assert.Equal((DecisionReason.DenyRule, "no-organ-harvesting"), (withDenied.Reason, withDenied.Rule!.Id));
    }
}
