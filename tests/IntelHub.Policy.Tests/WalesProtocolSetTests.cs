using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Policy.Tooling;

namespace IntelHub.Policy.Tests;

/// <summary>The repository's policies/: the Wales protocol set, its policy tests, and the engine over it.</summary>
public sealed class WalesProtocolSetTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);

    private static readonly string[] OtherWelshAgencies =
        ["wales-riu", "nca", "immigration-enforcement", "gla", "hmrc", "cps-wales", "bawso", "new-pathways", "salvation-army", "barnardos", "welsh-government", "dwp"];

    private static PolicySnapshot Wales()
    {
        var result = PolicyLoader.Load(Repository.Policies, Day);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Snapshot!;
    }

    [Fact]
    public void The_Wales_set_lints_without_errors_or_warnings()
    {
        var report = PolicyLint.Run(Repository.Policies, Day);

        Assert.Empty(report.Diagnostics);
    }

    [Fact]
    public void Every_Wales_ISP_permit_under_UK_GDPR_cites_its_Article_10_condition_and_Part_3_permits_cite_none()
    {
        var permits = Wales().Rules.Where(r => r.Protocol.Id == "wales-anti-trafficking-isp" && r.Effect == DecisionEffect.Permit).ToList();

        Assert.Equal(6, permits.Count);
        Assert.All(permits, r => Assert.Contains("UK GDPR Article 10, with DPA 2018 Schedule 1 paragraph ", r.LegalBasis, StringComparison.Ordinal));
        var toNgos = Assert.Single(permits, r => r.Id == "police-information-to-ngos");
        Assert.EndsWith("paragraph 29 (consent of the victim)", toNgos.LegalBasis, StringComparison.Ordinal);
        Assert.Equal(Obligations.ConsentRecorded, toNgos.Obligations & Obligations.ConsentRecorded);
        Assert.All(Wales().Rules.Where(r => r.Protocol.Id is "gain-wales" or "wales-police-riu-intelligence" && r.Effect == DecisionEffect.Permit), r => Assert.DoesNotContain("Article 10", r.LegalBasis, StringComparison.Ordinal));
    }

    [Fact]
    public void A_council_area_named_by_GSS_code_is_decided_as_its_slug_and_lies_within_its_force_area()
    {
        var snapshot = Wales();
        ItemRequest Item(params string[] areas) => new("cardiff-council", "partner-practitioner", "safeguarding-victims", SharingAction.View, new ItemDescription
        {
            Kind = ItemKind.Information, Originator = "south-wales-police", Classification = Domain.Classification.ClassificationLevel.OfficialSensitive,
            Themes = [new ItemTheme(ExploitationType.Labour, AgeGroup.Adult)], Areas = areas, HasSanitisedText = true,
        }, Day);

        var byCode = snapshot.Decide(Item("W06000015"));
        var bySlug = snapshot.Decide(Item("cardiff"));

        Assert.True(byCode.IsPermit);
        Assert.Equal(bySlug, byCode);
        Assert.Equal(DecisionReason.UnknownName, snapshot.Decide(Item("W06999999")).Reason);
        Assert.Contains("south-wales", snapshot.Areas.Containing(snapshot.Areas.Find("W06000015")!).Select(a => a.Id));
    }

    [Theory]
    [InlineData("cardiff-council")]
    [InlineData("bawso")]
    [InlineData("cardiff-and-vale-uhb")]
    public void Sanitised_police_intelligence_with_legacy_handling_3_reaches_no_partner(string partner)
    {
        var snapshot = Wales();
        foreach (var action in Enum.GetValues<SharingAction>())
        {
            var decision = snapshot.Decide(new ItemRequest(partner, "partner-practitioner", "safeguarding-victims", action, new ItemDescription
            {
                Kind = ItemKind.Intelligence, Originator = "south-wales-police", Classification = Domain.Classification.ClassificationLevel.OfficialSensitive,
                LegacyGrading = "B23", Themes = [new ItemTheme(ExploitationType.Labour, AgeGroup.Adult)], Areas = ["W06000015"], HasSanitisedText = true,
            }, Day));

            Assert.False(decision.IsPermit, $"{partner} {action}: {decision.Reason} by {decision.Rule}");
        }
    }

    [Fact]
    public void Oversight_roles_are_held_by_named_agencies_only()
    {
        var snapshot = Wales();

        Assert.True(snapshot.MayHold(snapshot.Agency("nca"), snapshot.Role("auditor")));
        Assert.False(snapshot.MayHold(snapshot.Agency("bawso"), snapshot.Role("auditor")));
        Assert.False(snapshot.MayHold(snapshot.Agency("new-pathways"), snapshot.Role("protocol-owner")));
        Assert.True(snapshot.MayHold(snapshot.Agency("gwent-police"), snapshot.Role("analyst")));
        Assert.False(snapshot.MayHold(snapshot.Agency("cardiff-council"), snapshot.Role("analyst")));
    }

    [Fact]
    public void Every_approver_a_protocol_names_may_hold_the_protocol_owner_role_to_approve_from_its_own_agency()
    {
        var snapshot = Wales();

        var unable = snapshot.Protocols
            .SelectMany(p => p.Approvers.Select(a => (Protocol: p.Id, Approver: a)))
            .Where(x => !snapshot.MayHold(snapshot.Agency(x.Approver), snapshot.Role("protocol-owner")))
            .ToList();

        Assert.NotEmpty(snapshot.Protocols.SelectMany(p => p.Approvers));
        Assert.Empty(unable);
    }

    [Fact]
    public void Every_policy_test_in_policies_tests_passes()
    {
        var report = PolicyTests.Run(Wales(), Repository.Policies);

        Assert.Empty(report.Diagnostics);
        Assert.True(report.Results.Count >= 30, $"only {report.Results.Count} policy tests were read");
        Assert.All(report.Results, r => Assert.True(r.Passed, $"{r.Test.Name}: {r.Message}"));
    }

    [Fact]
    public void The_policy_tests_cover_every_rule_of_the_Wales_set()
    {
        var report = PolicyTests.Run(Wales(), Repository.Policies);

        Assert.Empty(report.UncoveredRules.Select(r => r.ToString()));
    }

    [Fact]
    public void Every_Welsh_agency_of_the_domain_is_registered()
    {
        var snapshot = Wales();

        Assert.Equal(4, snapshot.AgencyKinds.Count(k => k == Domain.Agencies.AgencyKind.PoliceForce));
        Assert.Equal(22, snapshot.AgencyKinds.Count(k => k == Domain.Agencies.AgencyKind.LocalAuthority));
        Assert.Equal(7, snapshot.AgencyKinds.Count(k => k == Domain.Agencies.AgencyKind.HealthBoard));
        Assert.All(OtherWelshAgencies, id => Assert.True(snapshot.Agency(id).IsKnown, id));
    }

    [Fact]
    public void The_fast_decision_agrees_with_the_explained_decision_on_sampled_requests()
    {
        // Differential test: Decide walks the compiled index, Explain walks every rule; they must never disagree.
        var snapshot = Wales();
        var random = new Random(20260601);
        for (var i = 0; i < 20_000; i++)
        {
            var request = Sample(snapshot, random);

            var fast = snapshot.Decide(in request);
            var explained = snapshot.Explain(in request).Decision;

            Assert.Equal(explained, fast);
        }
    }

    [Fact]
    public void Deciding_allocates_nothing()
    {
        var snapshot = Wales();
        var random = new Random(7);
        var requests = Enumerable.Range(0, 1_000).Select(_ => Sample(snapshot, random)).ToArray();
        var permits = 0;
        foreach (var request in requests)
        {
            permits += snapshot.Decide(in request).IsPermit ? 1 : 0;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var request in requests)
        {
            permits += snapshot.Decide(in request).IsPermit ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(permits > 0);
    }

    internal static DecisionRequest Sample(PolicySnapshot snapshot, Random random)
    {
        var agencies = snapshot.AgencyIds.Count;
        var conditions = random.Next(4) == 0 ? (OriginatorConditions)random.Next(64) : OriginatorConditions.None;
        return new DecisionRequest
        {
            Requester = new AgencyRef(random.Next(agencies)),
            Role = new RoleRef(random.Next(snapshot.RoleIds.Count)),
            Purpose = new PurposeRef(random.Next(snapshot.PurposeIds.Count)),
            Action = (SharingAction)random.Next(5),
            On = new DateOnly(2025, 1, 1).AddDays(random.Next(900)),
            Item = new ItemFacts
            {
                Kind = (ItemKind)random.Next(1, 4),
                Originator = new AgencyRef(random.Next(agencies)),
                Classification = (Domain.Classification.ClassificationLevel)random.Next(1, 3),
                Handling = (HandlingCode)random.Next(0, 3),
                Conditions = conditions,
                LegacyHandling = random.Next(3) == 0 ? (LegacyHandling)random.Next(1, 6) : 0,
                Exploitation = (ExploitationType)random.Next(0, 6),
                Victims = (AgeGroup)random.Next(0, 3),
                Area = new AreaRef(random.Next(snapshot.AreaIds.Count)),
                PersonalData = (PersonalDataCategories)random.Next(8),
                HasSanitisedText = random.Next(2) == 0,
            },
        };
    }
}
