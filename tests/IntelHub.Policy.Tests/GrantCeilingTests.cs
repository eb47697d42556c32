using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Tests;

/// <summary>
/// The widest view an originator may grant on a refer-to-originator request: what the protocols could permit had the
/// originator not kept the decision, never more.
/// </summary>
public sealed class GrantCeilingTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public GrantCeilingTests() =>
        _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Permit("partners", from: "[law-enforcement]", to: "[non-law-enforcement]", view: "sanitised", actions: "[receive, view]"));

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_referred_item_shown_as_existence_only_may_be_granted_up_to_the_rules_view()
    {
        var snapshot = _files.Snapshot();
        var request = Requests.For(snapshot, "force-b", "force-a", grading: "1AC", conditions: "[refer-to-originator]");

        Assert.Equal(DisclosureView.ExistenceOnly, snapshot.Decide(request).View);
        Assert.Equal(DisclosureView.Full, snapshot.GrantCeiling(request));
    }

    [Fact]
    public void The_originators_sanitised_only_condition_and_a_sanitised_rule_cap_the_grant_at_sanitised()
    {
        var snapshot = _files.Snapshot();

        Assert.Equal(DisclosureView.Sanitised, snapshot.GrantCeiling(Requests.For(snapshot, "force-b", "force-a", grading: "1AC", conditions: "[refer-to-originator, sanitised-only]")));
        Assert.Equal(DisclosureView.Sanitised, snapshot.GrantCeiling(Requests.For(snapshot, "council-x", "force-a", grading: "1AC", conditions: "[refer-to-originator]", purpose: "policing", role: "safeguarding-lead")));
    }

    [Fact]
    public void Without_a_sanitised_text_or_a_protocol_that_lets_the_requester_know_of_the_item_nothing_can_be_granted()
    {
        var snapshot = _files.Snapshot();

        Assert.Equal(DisclosureView.ExistenceOnly, snapshot.GrantCeiling(Requests.For(snapshot, "council-x", "force-a", grading: "1AC", conditions: "[refer-to-originator]", role: "safeguarding-lead", sanitised: false)));
        Assert.Equal(DisclosureView.None, snapshot.GrantCeiling(Requests.For(snapshot, "riu", "force-a", grading: "1AC", conditions: "[refer-to-originator]", legacy: "B24")));
    }
}
