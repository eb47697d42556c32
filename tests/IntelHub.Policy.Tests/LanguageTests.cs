using IntelHub.Domain.Items;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;

namespace IntelHub.Policy.Tests;

/// <summary>
/// The language of issue 13: teams within agencies, Article 6 and 9 (and Part 3) provisions, consent and notification,
/// agencies acting as competent authorities for named purposes, retention per personal-data category, and lint that
/// reports the root cause of a cascade first.
/// </summary>
public sealed class LanguageTests : IDisposable
{
    private const string Bases = """
        legal-bases:
          - id: basis
            name: A legal basis
          - id: art6
            name: UK GDPR Article 6(1)(e) public task
            article: 6(1)(e)
          - id: art9
            name: UK GDPR Article 9(2)(g) substantial public interest
            article: 9(2)(g)
          - id: part3
            name: DPA 2018 Part 3
            article: part-3
          - id: part3-sensitive
            name: DPA 2018 s35 sensitive processing
            article: part-3-sensitive
          - id: consent
            name: UK GDPR Article 6(1)(a) consent
            article: 6(1)(a)
          - id: told
            name: Public task, the person is told
            article: 6(1)(e)
            requires: [notification]
          - id: art10
            name: UK GDPR Article 10, DPA 2018 Schedule 1 paragraph 18
            article: "10"
            schedule-1: 18
          - id: art10-consent
            name: UK GDPR Article 10, DPA 2018 Schedule 1 paragraph 29 (consent)
            article: "10"
            schedule-1: 29

        """;

    private readonly PolicyFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>The test protocol with the bases above, held by every party.</summary>
    private static string Protocol(string rules, string personalData = "[special-category, children]") =>
        PolicyFiles.Protocol("p", rules, personalData: personalData)
            .Replace("legal-bases:\n  - id: basis\n    name: A legal basis\n", Bases, StringComparison.Ordinal)
            .Replace("legal-bases: [basis]", "legal-bases: [basis, art6, art9, part3, consent, told]", StringComparison.Ordinal);

    private static string Rules(params string[] rules) => string.Join("\n", rules);

    private static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private IReadOnlyList<Diagnostic> Errors() => [.. _files.Load().Diagnostics.Where(d => d.Severity == Severity.Error)];

    private Diagnostic Single(string code)
    {
        var found = _files.Load().Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(found.Count == 1, $"expected one '{code}', got:{Environment.NewLine}{string.Join(Environment.NewLine, _files.Load().Diagnostics)}");
        return found[0];
    }

    private void TeamsForCouncils() => _files.Write("agencies.yaml", PolicyFiles.Agencies
        .Replace("areas: [town-x]\n", "areas: [town-x]\n    teams: [trading-standards, social-care]\n", StringComparison.Ordinal)
        .Replace("areas: [town-y]\n  - id: charity", "areas: [town-y]\n    teams: [licensing]\n  - id: charity", StringComparison.Ordinal));

    [Fact]
    public void A_rule_for_a_team_permits_that_teams_users_only_and_routing_still_reaches_the_agency()
    {
        TeamsForCouncils();
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("ts", from: "[force-a]", to: "[council-x]", view: "sanitised", actions: "[receive, view]", extra: "    teams: [trading-standards]")).Snapshot();
        var view = Requests.For(snapshot, "council-x", "force-a", role: "safeguarding-lead");

        var tradingStandards = snapshot.Decide(view with { Team = "trading-standards" });
        var socialCare = snapshot.Decide(view with { Team = "social-care" });
        var noTeam = snapshot.Decide(view);
        var anotherCouncilsTeam = snapshot.Decide(view with { Team = "licensing" });
        var routed = snapshot.Decide(view with { Action = SharingAction.Receive, Role = null, Purpose = null });

        Assert.Equal((DecisionEffect.Permit, DisclosureView.Sanitised), (tradingStandards.Effect, tradingStandards.View));
        Assert.Equal((DecisionEffect.Deny, DecisionReason.NoProtocolPermits), (socialCare.Effect, socialCare.Reason));
        Assert.Equal((DecisionEffect.Deny, DecisionReason.NoProtocolPermits), (noTeam.Effect, noTeam.Reason));
        Assert.Equal((DecisionEffect.Deny, DecisionReason.UnknownName), (anotherCouncilsTeam.Effect, anotherCouncilsTeam.Reason));
        Assert.Contains("team 'licensing' of agency 'council-x'", snapshot.UnknownNames(view with { Team = "licensing" }));
        Assert.True(routed.IsPermit);
        Assert.Contains(snapshot.Explain(view with { Team = "social-care" }).Rules, t => t.Outcome == "the user's team is not one of the rule's teams");
        Assert.Equal(["trading-standards", "social-care"], snapshot.TeamsOf("council-x"));
    }

    [Fact]
    public void An_unknown_team_or_one_no_recipient_has_is_an_error_at_the_name()
    {
        TeamsForCouncils();
        var text = PolicyFiles.Protocol("p", Rules(
            PolicyFiles.Permit("good", from: "[force-a]", to: "[council-x]", view: "sanitised", extra: "    teams: [trading-standards]"),
            PolicyFiles.Permit("typo", from: "[force-b]", to: "[council-x]", view: "sanitised", extra: "    teams: [trading-standard]"),
            PolicyFiles.Permit("elsewhere", from: "[force-a]", to: "[council-y]", view: "sanitised", extra: "    teams: [social-care]")));
        _files.Write("protocols/p.yaml", text);

        var unknown = Single("unknown-reference");
        var notOfRecipient = Single("team-not-of-recipient");

        Assert.Equal((LineOf(text, "[trading-standard]"), "'trading-standard' is not a known team."), (unknown.Line, unknown.Message));
        Assert.StartsWith("Did you mean 'trading-standards'?", unknown.Fix, StringComparison.Ordinal);
        Assert.Equal(LineOf(text, "[social-care]"), notOfRecipient.Line);
        Assert.Contains("use one of their teams: licensing", notOfRecipient.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Special_category_data_needs_the_condition_of_the_bases_regime()
    {
        var text = Protocol(Rules(
            PolicyFiles.Permit("missing", to: "[council-x]", view: "sanitised").Replace("legal-basis: basis", "legal-basis: art6", StringComparison.Ordinal),
            PolicyFiles.Permit("wrong", to: "[council-y]", view: "sanitised", extra: "    special-category-condition: part3-sensitive").Replace("legal-basis: basis", "legal-basis: art6", StringComparison.Ordinal),
            PolicyFiles.Permit("part3-with-art9", extra: "    special-category-condition: art9").Replace("legal-basis: basis", "legal-basis: part3", StringComparison.Ordinal),
            PolicyFiles.Permit("condition-only", to: "[charity]", view: "sanitised").Replace("legal-basis: basis", "legal-basis: art9", StringComparison.Ordinal),
            PolicyFiles.Permit("both", from: "[council-x]", to: "[force-b]", actions: "[receive]", extra: "    special-category-condition: art9").Replace("legal-basis: basis", "legal-basis: art6", StringComparison.Ordinal)));
        _files.Write("protocols/p.yaml", text);

        var errors = Errors();

        var missing = Assert.Single(errors, e => e.Code == "missing-special-category-condition");
        Assert.Equal(LineOf(text, "- id: missing"), missing.Line);
        Assert.Contains("names no condition for it besides its legal basis 'art6'", missing.Message, StringComparison.Ordinal);
        var wrong = errors.Where(e => e.Code == "wrong-special-category-condition").ToList();
        Assert.Equal([LineOf(text, "special-category-condition: part3-sensitive"), LineOf(text, "special-category-condition: art9")], wrong.Select(e => e.Line));
        Assert.Contains("'part3-sensitive' (part-3-sensitive) is not a condition an Article 6 basis can rely on", wrong[0].Message, StringComparison.Ordinal);
        Assert.Contains("Part 3 processing does not use Article 9", wrong[1].Fix, StringComparison.Ordinal);
        var asBasis = Assert.Single(errors, e => e.Code == "condition-as-basis");
        Assert.Equal(LineOf(text, "legal-basis: art9"), asBasis.Line);
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Special_category_or_criminal_offence_data_under_a_basis_that_declares_no_provision_fails_lint()
    {
        var text = PolicyFiles.Protocol(
            "p",
            Rules(PolicyFiles.Permit("le"), PolicyFiles.Permit("to-x", from: "[force-a]", to: "[council-x]", view: "sanitised")),
            personalData: "[special-category, criminal-offence]");
        _files.Write("protocols/p.yaml", text);

        var errors = Errors();

        Assert.Equal([LineOf(text, "legal-basis: basis\n    view: full"), LineOf(text, "legal-basis: basis\n    view: sanitised")], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal(("undeclared-provision", (SourcePosition?)null), (e.Code, e.Cause)));
        Assert.Equal("Rule 'le' may release special category and criminal offence data (the protocol's 'personal-data' covers it) under legal basis 'basis', which declares no provision, so whether the sharing is lawful cannot be checked.", errors[0].Message);
        Assert.StartsWith("Add 'article:' to legal basis 'basis' (one of: 6(1)(a),", errors[0].Fix, StringComparison.Ordinal);
        Assert.EndsWith("or remove special-category and criminal-offence from the protocol's 'personal-data'.", errors[0].Fix, StringComparison.Ordinal);

        // Only those two categories need a provision: children's data under an undeclared basis is checked no further.
        _files.Write("protocols/p.yaml", text.Replace("personal-data: [special-category, criminal-offence]", "personal-data: [criminal-offence, children]", StringComparison.Ordinal));
        Assert.All(Errors(), e => Assert.Contains("may release criminal offence data (", e.Message, StringComparison.Ordinal));
        Assert.Equal(2, Errors().Count);
        _files.Write("protocols/p.yaml", text.Replace("personal-data: [special-category, criminal-offence]", "personal-data: [children]", StringComparison.Ordinal));
        Assert.True(_files.Load().Succeeded);
    }

    [Theory]
    [InlineData("    article: 6(1)(x)\n", "unknown-value", "6(1)(x)")]
    [InlineData("    articel: part-3\n", "unknown-key", "articel")]
    public void A_provision_written_wrongly_is_listed_before_the_undeclared_provisions_it_causes_though_written_after_them(string article, string rootCode, string typo)
    {
        // The legal bases are written after the rules, so in file order the consequences would come first.
        var protocol = PolicyFiles.Protocol("p", Rules(PolicyFiles.Permit("a"), PolicyFiles.Permit("b", from: "[force-b]", to: "[riu]")), personalData: "[criminal-offence]");
        var bases = "legal-bases:\n  - id: basis\n    name: A legal basis\n";
        var text = protocol.Replace(bases, string.Empty, StringComparison.Ordinal) + "\n" + bases + article;
        _files.Write("protocols/p.yaml", text);

        var diagnostics = _files.Load().Diagnostics;

        Assert.Equal(
            [(rootCode, LineOf(text, typo)), ("undeclared-provision", LineOf(text, "legal-basis: basis")), ("undeclared-provision", text.LastIndexOf("legal-basis: basis", StringComparison.Ordinal) is var last ? text[..last].Count(c => c == '\n') + 1 : 0)],
            diagnostics.Select(d => (d.Code, d.Line)));
        Assert.All(diagnostics.Skip(1), d =>
        {
            Assert.Equal(diagnostics[0].Position, d.Cause);
            Assert.StartsWith($"Correct the error at {diagnostics[0].Position} first", d.Fix, StringComparison.Ordinal);
        });

        _files.Write("protocols/p.yaml", text.Replace(article, "    article: part-3\n", StringComparison.Ordinal));
        Assert.True(_files.Load().Succeeded, string.Join(Environment.NewLine, _files.Load().Diagnostics));
    }

    [Fact]
    public void Criminal_offence_data_under_UK_GDPR_needs_an_Article_10_condition_and_Part_3_needs_none()
    {
        static string With(string rule, string basis, string? condition = null) =>
            rule.Replace("legal-basis: basis", $"legal-basis: {basis}" + (condition is null ? string.Empty : $"\n    criminal-offence-condition: {condition}"), StringComparison.Ordinal);
        var text = Protocol(
                Rules(
                    With(PolicyFiles.Permit("missing", from: "[force-a]", to: "[council-x]", view: "sanitised"), "art6"),
                    With(PolicyFiles.Permit("wrong", from: "[force-a]", to: "[council-y]", view: "sanitised"), "art6", "art9"),
                    With(PolicyFiles.Permit("part3-with-art10", from: "[force-a]", to: "[force-b]"), "part3", "art10"),
                    With(PolicyFiles.Permit("condition-only", from: "[force-b]", to: "[charity]", view: "sanitised"), "art10"),
                    With(PolicyFiles.Permit("consent-unrecorded", from: "[riu]", to: "[charity]", view: "sanitised"), "art6", "art10-consent"),
                    With(PolicyFiles.Permit("good", from: "[council-x]", to: "[force-b]", actions: "[receive]"), "art6", "art10"),
                    With(PolicyFiles.Permit("part3-alone", from: "[force-b]", to: "[riu]"), "part3")),
                personalData: "[criminal-offence]")
            .Replace("told]", "told, art10]", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var errors = Errors();

        Assert.Equal(
            [
                ("missing-criminal-offence-condition", LineOf(text, "- id: missing")),
                ("wrong-criminal-offence-condition", LineOf(text, "criminal-offence-condition: art9")),
                ("wrong-criminal-offence-condition", LineOf(text, "criminal-offence-condition: art10\n    view: full\n\n  - id: condition-only")),
                ("condition-as-basis", LineOf(text, "legal-basis: art10")),
                ("missing-consent-obligation", LineOf(text, "- id: consent-unrecorded")),
            ],
            errors.Select(e => (e.Code, e.Line)));
        Assert.Contains("under the UK GDPR basis 'art6' but names no Article 10 condition", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("'art9' (9(2)(g)) is not an Article 10 condition for criminal offence data.", errors[1].Message);
        Assert.Contains("relies on DPA 2018 Part 3, which needs no Article 10 condition, but names 'art10'", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("is a condition for criminal offence data (Article 10), not a lawful basis", errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("relies on 'art10-consent', which rests on the person's consent", errors[4].Message, StringComparison.Ordinal);

        // Corrected as the errors say, the set loads and a decision cites the lawful basis and the Article 10 condition.
        _files.Write("protocols/p.yaml", text
            .Replace("legal-basis: art6\n    view: sanitised\n\n  - id: wrong", "legal-basis: art6\n    criminal-offence-condition: art10\n    view: sanitised\n\n  - id: wrong", StringComparison.Ordinal)
            .Replace("criminal-offence-condition: art9", "criminal-offence-condition: art10", StringComparison.Ordinal)
            .Replace("legal-basis: part3\n    criminal-offence-condition: art10", "legal-basis: part3", StringComparison.Ordinal)
            .Replace("legal-basis: art10", "legal-basis: art6\n    criminal-offence-condition: art10", StringComparison.Ordinal)
            .Replace("criminal-offence-condition: art10-consent\n    view: sanitised\n", "criminal-offence-condition: art10-consent\n    view: sanitised\n    obligations: [consent-recorded]\n", StringComparison.Ordinal));
        var snapshot = _files.Snapshot();
        var routed = snapshot.Decide(Requests.For(snapshot, "force-b", "council-x", action: SharingAction.Receive, kind: "information", personalData: "[criminal-offence]"));
        Assert.Equal(("good", "UK GDPR Article 6(1)(e) public task; UK GDPR Article 10, DPA 2018 Schedule 1 paragraph 18"), (routed.Rule!.Id, routed.Rule.LegalBasis));
        var toCharity = snapshot.Decide(Requests.For(snapshot, "charity", "riu", kind: "information", role: "safeguarding-lead", personalData: "[criminal-offence]"));
        Assert.Equal(Obligations.ConsentRecorded, toCharity.Obligations & Obligations.ConsentRecorded);
    }

    [Theory]
    [InlineData("    article: \"10\"\n", "missing-criminal-offence-condition", "does not say which DPA 2018 Schedule 1 condition it meets")]
    [InlineData("    article: \"10\"\n    schedule-1: 99\n", "wrong-criminal-offence-condition", "'99' is not a DPA 2018 Schedule 1 condition for criminal offence data: DPA 2018 Schedule 1 has no such paragraph")]
    [InlineData("    article: \"10\"\n    schedule-1: paragraph-18\n", "wrong-criminal-offence-condition", "it is not a paragraph number")]
    [InlineData("    article: \"10\"\n    schedule-1: 36\n", "wrong-criminal-offence-condition", "paragraph 36 only extends the Part 2 conditions to criminal offence data")]
    [InlineData("    article: 6(1)(e)\n    schedule-1: 18\n", "wrong-criminal-offence-condition", "names a Schedule 1 condition, which only an Article 10 basis")]
    public void An_Article_10_basis_names_a_Schedule_1_condition_it_can_meet(string declaration, string code, string message)
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le"), personalData: "[children]")
            .Replace("parties:\n", "  - id: declared\n    name: A declared condition\n" + declaration + "parties:\n", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var error = Assert.Single(Errors());

        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(code == "missing-criminal-offence-condition" ? LineOf(text, "- id: declared") : LineOf(text, "schedule-1:"), error.Line);
    }

    [Fact]
    public void A_basis_resting_on_consent_or_notification_obliges_the_recipient_and_the_decision_carries_it()
    {
        var text = Protocol(
            Rules(
                PolicyFiles.Permit("consent-unrecorded", from: "[force-a]", to: "[council-x]", view: "sanitised").Replace("legal-basis: basis", "legal-basis: consent", StringComparison.Ordinal),
                PolicyFiles.Permit("untold", from: "[force-a]", to: "[council-y]", view: "sanitised").Replace("legal-basis: basis", "legal-basis: told", StringComparison.Ordinal)),
            personalData: "[children]");
        _files.Write("protocols/p.yaml", text);

        Assert.Equal(LineOf(text, "- id: consent-unrecorded"), Single("missing-consent-obligation").Line);
        Assert.Equal(LineOf(text, "- id: untold"), Single("missing-notification-obligation").Line);

        _files.Write("protocols/p.yaml", text
            .Replace("legal-basis: consent\n", "legal-basis: consent\n    obligations: [consent-recorded]\n", StringComparison.Ordinal)
            .Replace("legal-basis: told\n", "legal-basis: told\n    obligations: [notify-data-subject]\n", StringComparison.Ordinal));
        var snapshot = _files.Snapshot();

        var toX = snapshot.Decide(Requests.For(snapshot, "council-x", "force-a", role: "safeguarding-lead"));
        var toY = snapshot.Decide(Requests.For(snapshot, "council-y", "force-a", role: "safeguarding-lead", area: "town-y"));
        Assert.Equal(Obligations.ConsentRecorded, toX.Obligations & Obligations.ConsentRecorded);
        Assert.Equal(Obligations.NotifyDataSubject, toY.Obligations & Obligations.NotifyDataSubject);
    }

    [Fact]
    public void Part_3_reaches_an_agency_that_is_not_law_enforcement_only_for_the_purposes_it_enforces()
    {
        var text = Protocol(
            Rules(
                PolicyFiles.Permit("enforcement", from: "[force-a]", to: "[council-x]", view: "sanitised", extra: "    purposes: [policing]").Replace("legal-basis: basis", "legal-basis: part3", StringComparison.Ordinal),
                PolicyFiles.Permit("every-purpose", from: "[force-b]", to: "[council-x]", view: "sanitised").Replace("legal-basis: basis", "legal-basis: part3", StringComparison.Ordinal),
                PolicyFiles.Permit("not-competent", from: "[force-a]", to: "[council-y]", view: "sanitised", extra: "    purposes: [policing]").Replace("legal-basis: basis", "legal-basis: part3", StringComparison.Ordinal)),
            personalData: "[criminal-offence]")
            .Replace("  - agency: council-x\n    legal-bases: [basis, art6, art9, part3, consent, told]\n", "  - agency: council-x\n    legal-bases: [basis, art6, art9, part3, consent, told]\n    law-enforcement-for: [policing]\n", StringComparison.Ordinal)
            .Replace("  - agency: force-a\n    legal-bases: [basis, art6, art9, part3, consent, told]\n", "  - agency: force-a\n    legal-bases: [basis, art6, art9, part3, consent, told]\n    law-enforcement-for: [policing]\n", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var errors = Errors();

        var notCompetent = errors.Where(e => e.Code == "part-3-recipient-not-competent").ToList();
        Assert.Equal(2, notCompetent.Count);
        Assert.Contains("to 'council-x', which is not a competent authority for every purpose of the rule", notCompetent[0].Message, StringComparison.Ordinal);
        Assert.Contains("to 'council-y', which is not a competent authority.", notCompetent[1].Message, StringComparison.Ordinal);
        Assert.Contains("'law-enforcement-for'", notCompetent[1].Fix, StringComparison.Ordinal);
        var already = Assert.Single(errors, e => e.Code == "already-law-enforcement");
        Assert.Equal(LineOf(text, "law-enforcement-for: [policing]\n  - agency: force-b"), already.Line);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Retention_per_category_caps_the_review_date_of_items_the_protocol_could_share()
    {
        var text = PolicyFiles.Part3(PolicyFiles.Protocol("p", PolicyFiles.Permit("le"), personalData: "[criminal-offence, children]"))
            .Replace("rules:\n", "retention:\n  information: P3Y\n  personal-data:\n    children: P1Y\n    criminal-offence: P2Y\nrules:\n", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);
        var snapshot = _files.Snapshot();

        var child = snapshot.LatestReviewDate("force-a", ItemKind.Information, PersonalDataCategories.Children | PersonalDataCategories.CriminalOffence, PolicyFiles.Day);
        var offence = snapshot.LatestReviewDate("force-a", ItemKind.Information, PersonalDataCategories.CriminalOffence, PolicyFiles.Day);
        var plain = snapshot.LatestReviewDate("force-a", ItemKind.Information, PersonalDataCategories.None, PolicyFiles.Day);
        var notShared = snapshot.LatestReviewDate("force-a", ItemKind.Information, PersonalDataCategories.SpecialCategory, PolicyFiles.Day);

        Assert.Equal((new DateOnly(2027, 6, 1), "children"), (child!.Latest, child.For));
        Assert.Equal((new DateOnly(2028, 6, 1), "criminal-offence"), (offence!.Latest, offence.For));
        Assert.Equal((new DateOnly(2029, 6, 1), "information"), (plain!.Latest, plain.For));
        Assert.Null(notShared);
        Assert.Equal(PersonalDataCategories.Children | PersonalDataCategories.SpecialCategory, PolicySnapshot.CategoriesOf(["health", "identifiers"], aboutMinors: true));

        _files.Write("protocols/p.yaml", text.Replace("personal-data: [criminal-offence, children]", "personal-data: [criminal-offence]", StringComparison.Ordinal));
        var uncovered = Single("category-not-covered");
        Assert.Equal(LineOf(text, "children: P1Y"), uncovered.Line);
    }

    [Fact]
    public void A_misspelt_purpose_declaration_is_reported_first_and_its_uses_follow_from_it()
    {
        var text = PolicyFiles.Protocol("p", Rules(
                PolicyFiles.Permit("a", extra: "    purposes: [safeguarding]"),
                PolicyFiles.Permit("b", from: "[force-a]", to: "[council-x]", view: "sanitised", extra: "    purposes: [safeguarding]")))
            .Replace("  - id: safeguarding\n", "  - id: safegaurding\n", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var diagnostics = _files.Load().Diagnostics;

        var root = diagnostics[0];
        Assert.Equal(("misspelt-declaration", LineOf(text, "safegaurding")), (root.Code, root.Line));
        Assert.Equal("The purpose 'safegaurding' is declared here but never used, while 'safeguarding' is used 2 times but never declared: one of the two is misspelt.", root.Message);
        Assert.Equal(3, diagnostics.Count);
        Assert.All(diagnostics.Skip(1), d =>
        {
            Assert.Equal(("unknown-reference", root.Position), (d.Code, d.Cause));
            Assert.EndsWith($"This follows from the error at {root.Position}.", d.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_misspelt_party_comes_before_the_approver_and_rule_errors_it_causes_though_they_are_written_earlier()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("to-x", from: "[force-a]", to: "[council-x]", view: "sanitised"))
            .Replace("approvers: [riu]", "approvers: [riu, council-x]", StringComparison.Ordinal)
            .Replace("  - agency: council-x\n", "  - agency: councl-x\n", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var diagnostics = _files.Load().Diagnostics;

        Assert.Equal(
            [("unknown-agency", LineOf(text, "councl-x")), ("approver-not-party", LineOf(text, "approvers:")), ("not-a-party", LineOf(text, "to: [council-x]"))],
            diagnostics.Select(d => (d.Code, d.Line)));
        Assert.All(diagnostics.Skip(1), d => Assert.Equal(diagnostics[0].Position, d.Cause));
    }

    [Fact]
    public void A_misspelt_key_is_the_root_of_the_missing_key_it_causes()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le")).Replace("    legal-basis: basis", "    legal-bassis: basis", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var diagnostics = _files.Load().Diagnostics;

        Assert.Equal([("unknown-key", LineOf(text, "legal-bassis")), ("permit-without-legal-basis", LineOf(text, "- id: le"))], diagnostics.Select(d => (d.Code, d.Line)));
        Assert.Equal(diagnostics[0].Position, diagnostics[1].Cause);
        Assert.StartsWith($"Correct the error at {diagnostics[0].Position} first", diagnostics[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agency_dropped_for_a_bad_kind_is_the_root_of_every_unknown_reference_to_it()
    {
        var agencies = PolicyFiles.Agencies.Replace("name: Council Y\n    kind: local-authority", "name: Council Y\n    kind: local-authorty", StringComparison.Ordinal);
        _files.Write("agencies.yaml", agencies);
        _files.WriteProtocol("p", PolicyFiles.Permit("to-y", from: "[force-a]", to: "[council-y]", view: "sanitised"));

        var diagnostics = _files.Load().Diagnostics;

        Assert.Equal(("policies/agencies.yaml", "unknown-value", LineOf(agencies, "local-authorty")), (diagnostics[0].File, diagnostics[0].Code, diagnostics[0].Line));
        Assert.True(diagnostics.Count >= 3);
        Assert.All(diagnostics.Skip(1), d => Assert.Equal(diagnostics[0].Position, d.Cause));
    }

    [Fact]
    public void Hostile_team_lists_are_bounded_by_the_yaml_reader_and_long_ones_are_checked_name_by_name()
    {
        var nested = PolicyFiles.Agencies.Replace("areas: [town-x]\n", $"areas: [town-x]\n    teams: {new string('[', 200)}x{new string(']', 200)}\n", StringComparison.Ordinal);
        _files.Write("agencies.yaml", nested);
        Assert.Equal("too-large", Assert.Single(_files.Load().Diagnostics).Code);

        var laughs = "    teams: &a0 [t, t, t, t, t, t, t, t, t, t]\n" + string.Concat(Enumerable.Range(1, 7).Select(i => $"    x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"));
        _files.Write("agencies.yaml", PolicyFiles.Agencies.Replace("areas: [town-x]\n", "areas: [town-x]\n" + laughs, StringComparison.Ordinal));
        Assert.Contains(_files.Load().Diagnostics, d => d.Code == "too-large");

        TeamsForCouncils();
        var many = string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"team-{i}"));
        _files.WriteProtocol("p", PolicyFiles.Permit("many", from: "[force-a]", to: "[council-x]", view: "sanitised", extra: $"    teams: [{many}]"));
        var result = _files.Load();
        Assert.Null(result.Snapshot);
        Assert.Equal(20_000, result.Diagnostics.Count(d => d.Code == "unknown-reference"));
    }
}
