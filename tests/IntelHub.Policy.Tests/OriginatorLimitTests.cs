using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Tests;

/// <summary>Handling code C conditions and legacy handling codes 4 and 5 never release more than the originator allowed.</summary>
public sealed class OriginatorLimitTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public OriginatorLimitTests() =>
        _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Permit("partners", from: "[law-enforcement]", to: "[non-law-enforcement]", view: "sanitised", actions: "[receive, view, disseminate]"));

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Handling_C_sanitised_only_caps_a_full_permit_at_the_sanitised_text()
    {
        var snapshot = _files.Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", grading: "1AC", conditions: "[sanitised-only]"));

        Assert.Equal(DisclosureView.Sanitised, decision.View);
    }

    [Fact]
    public void Handling_C_refer_to_originator_releases_existence_only()
    {
        var snapshot = _files.Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", grading: "1AC", conditions: "[refer-to-originator]"));

        Assert.Equal(DisclosureView.ExistenceOnly, decision.View);
        Assert.True(decision.Obligations.HasFlag(Obligations.ReferToOriginator));
    }

    [Fact]
    public void Handling_C_without_recorded_conditions_releases_existence_only()
    {
        var snapshot = _files.Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", grading: "1AC"));

        Assert.Equal(DisclosureView.ExistenceOnly, decision.View);
    }

    [Fact]
    public void Handling_C_no_onward_dissemination_denies_dissemination_and_is_an_obligation_otherwise()
    {
        var snapshot = _files.Snapshot();

        var disseminate = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", SharingAction.Disseminate, grading: "1AC", conditions: "[no-onward-dissemination]"));
        var view = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", SharingAction.View, grading: "1AC", conditions: "[no-onward-dissemination, not-for-evidential-use]"));

        Assert.Equal(DecisionReason.OnwardDisseminationForbidden, disseminate.Reason);
        Assert.Equal(DisclosureView.Full, view.View);
        Assert.Equal(Obligations.NoOnwardDissemination | Obligations.NotForEvidentialUse, view.Obligations);
    }

    [Fact]
    public void Handling_C_law_enforcement_only_keeps_intelligence_from_partners()
    {
        var snapshot = _files.Snapshot();

        var partner = snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", grading: "1AC", conditions: "[law-enforcement-only]"));
        var force = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", grading: "1AC", conditions: "[law-enforcement-only]"));

        Assert.Equal(DecisionReason.LawEnforcementOnly, partner.Reason);
        Assert.True(force.IsPermit);
    }

    [Fact]
    public void Legacy_handling_4_stays_with_the_originating_agency()
    {
        var snapshot = _files.Snapshot();

        var other = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", legacy: "B24"));
        var own = snapshot.Decide(Requests.For(snapshot, "force-a", "force-a", legacy: "B24"));

        Assert.Equal(DecisionReason.OriginatingAgencyOnly, other.Reason);
        Assert.Equal(DisclosureView.Full, own.View);
    }

    [Fact]
    public void Legacy_handling_5_releases_existence_only_and_no_dissemination()
    {
        var snapshot = _files.Snapshot();

        var view = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", legacy: "B25"));
        var disseminate = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", SharingAction.Disseminate, legacy: "B25"));

        Assert.Equal(DisclosureView.ExistenceOnly, view.View);
        Assert.Equal(DecisionReason.OnwardDisseminationForbidden, disseminate.Reason);
    }

    [Fact]
    public void Legacy_handling_1_reaches_law_enforcement_only()
    {
        var snapshot = _files.Snapshot();

        Assert.Equal(DecisionReason.LawEnforcementOnly, snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", legacy: "A11")).Reason);
        Assert.True(snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", legacy: "A11")).IsPermit);
    }

    [Theory]
    [InlineData(SharingAction.Receive)]
    [InlineData(SharingAction.View)]
    [InlineData(SharingAction.Search)]
    [InlineData(SharingAction.Compile)]
    [InlineData(SharingAction.Disseminate)]
    public void Legacy_handling_3_sanitised_intelligence_never_reaches_a_partner(SharingAction action)
    {
        var snapshot = _files.Snapshot();

        var partner = snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", action, legacy: "B23"));
        var partnersHandling2 = snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", action, legacy: "B22"));
        var force = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", action, legacy: "B23"));

        Assert.False(partner.IsPermit);
        Assert.Equal(DisclosureView.None, partner.View);
        Assert.Equal(partnersHandling2.IsPermit ? DecisionReason.LawEnforcementOnly : DecisionReason.NoProtocolPermits, partner.Reason);
        Assert.True(force.IsPermit);
    }

    [Fact]
    public void A_sanitised_permit_without_a_sanitised_text_releases_existence_only()
    {
        var snapshot = _files.Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", sanitised: false));

        Assert.Equal(DisclosureView.ExistenceOnly, decision.View);
        Assert.True(decision.Obligations.HasFlag(Obligations.ReferToOriginator));
    }

    [Fact]
    public void A_partner_never_receives_the_full_text_of_intelligence()
    {
        var snapshot = _files.Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "charity", "force-a", SharingAction.Receive));

        Assert.Equal(DisclosureView.Sanitised, decision.View);
    }
}
