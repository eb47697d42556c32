using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Tests;

/// <summary>Each principle of the issue, with a case that fails if the engine stops honouring it.</summary>
public sealed class EnginePrincipleTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Nothing_is_shared_when_no_rule_permits_it()
    {
        // Given a protocol whose only rule shares between law-enforcement agencies
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();

        // When a council asks for a force's information
        var decision = snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", kind: "information"));

        // Then it is denied by default
        Assert.Equal(DecisionEffect.Deny, decision.Effect);
        Assert.Equal(DecisionReason.NoProtocolPermits, decision.Reason);
        Assert.Null(decision.Rule);
    }

    [Fact]
    public void A_matching_deny_overrides_a_permit_of_the_same_protocol()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Deny("no-dissemination", actions: "[disseminate]")).Snapshot();

        var disseminate = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", SharingAction.Disseminate));
        var view = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", SharingAction.View));

        Assert.Equal(DecisionReason.DenyRule, disseminate.Reason);
        Assert.Equal("no-dissemination", disseminate.Rule!.Id);
        Assert.True(view.IsPermit);
    }

    [Fact]
    public void A_matching_deny_in_another_protocol_overrides_a_permit()
    {
        var snapshot = _files
            .WriteProtocol("a-permits", PolicyFiles.Permit("le"))
            .WriteProtocol("z-denies", PolicyFiles.Deny("no-minors", extra: "    when:\n      victims: [minor]"))
            .Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", theme: "{exploitation: sexual, victims: minor}"));

        Assert.Equal(DecisionEffect.Deny, decision.Effect);
        Assert.Equal("z-denies", decision.Rule!.Protocol.Id);
    }

    [Theory]
    [InlineData("2025-03-31", false)]
    [InlineData("2025-04-01", true)]
    [InlineData("2027-03-31", true)]
    [InlineData("2027-04-01", false)]
    public void A_protocol_authorises_only_from_its_effective_date_to_its_review_date(string day, bool permitted)
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", at: day));

        Assert.Equal(permitted, decision.IsPermit);
    }

    [Fact]
    public void The_originator_must_be_a_party_of_the_protocol()
    {
        // Given a protocol whose parties do not include force-b, with a rule from every law-enforcement party
        var protocol = PolicyFiles.Protocol("p", PolicyFiles.Permit("le")).Replace("  - agency: force-b\n    legal-bases: [basis]\n", string.Empty, StringComparison.Ordinal);
        var snapshot = _files.Write("protocols/p.yaml", protocol).Snapshot();

        // When the RIU asks for force-b's item, and force-a's
        var fromOutsider = snapshot.Decide(Requests.For(snapshot, "riu", "force-b"));
        var fromParty = snapshot.Decide(Requests.For(snapshot, "riu", "force-a"));

        // Then only the party's item is shared
        Assert.Equal(DecisionReason.NoProtocolPermits, fromOutsider.Reason);
        Assert.True(fromParty.IsPermit);
    }

    [Fact]
    public void The_recipient_must_be_a_party_of_the_protocol()
    {
        var protocol = PolicyFiles.Protocol("p", PolicyFiles.Permit("le")).Replace("  - agency: force-b\n    legal-bases: [basis]\n", string.Empty, StringComparison.Ordinal);
        var snapshot = _files.Write("protocols/p.yaml", protocol).Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a"));

        Assert.Equal(DecisionReason.NoProtocolPermits, decision.Reason);
    }

    [Fact]
    public void Intelligence_is_shared_only_under_a_protocol_that_covers_intelligence()
    {
        // Given an information-only protocol whose rule names no item kinds
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le"), covers: "[information]").Snapshot();

        var intelligence = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", kind: "intelligence"));
        var information = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", kind: "information"));

        Assert.Equal(DecisionEffect.Deny, intelligence.Effect);
        Assert.True(information.IsPermit);
    }

    [Fact]
    public void The_declared_purpose_must_be_one_the_rule_serves()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le", extra: "    purposes: [policing]")).Snapshot();

        var policing = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", purpose: "policing"));
        var safeguarding = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", purpose: "safeguarding"));
        var undeclared = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", purpose: "curiosity"));

        Assert.True(policing.IsPermit);
        Assert.False(safeguarding.IsPermit);
        Assert.False(undeclared.IsPermit);
    }

    [Fact]
    public void A_rule_limited_to_roles_permits_only_those_roles()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le", extra: "    roles: [safeguarding-lead]")).Snapshot();

        Assert.True(snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", role: "safeguarding-lead")).IsPermit);
        Assert.False(snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", role: "analyst")).IsPermit);
    }

    [Fact]
    public void Recipient_areas_limit_a_council_to_items_about_its_own_area()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("info", to: "[local-authority]", extra: "    when:\n      kinds: [information]\n      areas: [recipient-areas]")).Snapshot();

        Assert.True(snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", kind: "information", area: "town-x")).IsPermit);
        Assert.False(snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", kind: "information", area: "town-y")).IsPermit);
    }

    [Fact]
    public void Personal_data_the_protocol_does_not_cover_is_not_shared()
    {
        var snapshot = _files.Write("protocols/p.yaml", PolicyFiles.Part3(PolicyFiles.Protocol("p", PolicyFiles.Permit("le"), personalData: "[criminal-offence]"))).Snapshot();

        Assert.True(snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", personalData: "[criminal-offence]")).IsPermit);
        Assert.Equal(DecisionReason.NoProtocolPermits, snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", personalData: "[special-category]")).Reason);
    }

    [Fact]
    public void The_most_permissive_view_of_several_permits_wins_and_names_its_rule()
    {
        // Given two protocols, one permitting the sanitised text and one the full text
        var snapshot = _files
            .WriteProtocol("a-sanitised", PolicyFiles.Permit("narrow", view: "sanitised"))
            .WriteProtocol("b-full", PolicyFiles.Permit("wide", view: "full", actions: "[view]"))
            .Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a"));

        Assert.Equal(DisclosureView.Full, decision.View);
        Assert.Equal("b-full", decision.Rule!.Protocol.Id);
        Assert.Equal("wide", decision.Rule.Id);
    }

    [Fact]
    public void A_decision_names_the_protocol_version_and_rule_that_decided()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a"));

        Assert.Equal(("p", "1", "le", "A legal basis"), (decision.Rule!.Protocol.Id, decision.Rule.Protocol.Version, decision.Rule.Id, decision.Rule.LegalBasis));
    }

    [Fact]
    public void Unknown_agencies_are_denied()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-z", "force-a"));

        Assert.Equal(DecisionReason.UnknownAgency, decision.Reason);
    }

    [Fact]
    public void An_unknown_role_is_denied_even_where_rules_ignore_roles()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();

        var decision = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", role: "janitor"));

        Assert.Equal(DecisionReason.UnknownRole, decision.Reason);
    }

    [Fact]
    public void Routing_to_an_agency_ignores_roles_and_purposes_but_viewing_does_not()
    {
        // Given a rule limited to safeguarding leads acting for safeguarding
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le", extra: "    purposes: [safeguarding]\n    roles: [safeguarding-lead]")).Snapshot();

        // When the item is routed (nobody acts yet, so no role and no purpose), and when an analyst views it
        var routed = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", SharingAction.Receive) with { Role = null, Purpose = null });
        var explained = snapshot.Explain(Requests.For(snapshot, "force-b", "force-a", SharingAction.Receive) with { Role = null, Purpose = null });
        var viewed = snapshot.Decide(Requests.For(snapshot, "force-b", "force-a", SharingAction.View, role: "analyst", purpose: "safeguarding"));

        // Then the agency receives it, the explanation agrees, and the analyst still may not open it
        Assert.Equal((DecisionEffect.Permit, "le"), (routed.Effect, routed.Rule!.Id));
        Assert.Equal(routed, explained.Decision);
        Assert.Equal(DecisionReason.NoProtocolPermits, viewed.Reason);
    }

    [Fact]
    public void The_explanation_says_why_each_rule_did_or_did_not_apply()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le") + PolicyFiles.Permit("partners", to: "[non-law-enforcement]", view: "sanitised", extra: "    purposes: [safeguarding]")).Snapshot();

        var explanation = snapshot.Explain(Requests.For(snapshot, "force-b", "force-a"));

        Assert.Contains(explanation.Rules, r => r.RuleId == "le" && r.Matched);
        Assert.Contains(explanation.Rules, r => r.RuleId == "partners" && !r.Matched && r.Outcome.Contains("'to'", StringComparison.Ordinal));
        Assert.Contains("p v1 rule le", explanation.Reason, StringComparison.Ordinal);
    }
}
