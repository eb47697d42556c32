using System.Text.Json;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Publishing;
using IntelHub.Policy.Tooling;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;
using IntelHub.Storage;

namespace IntelHub.Server.Tests;

/// <summary>
/// Differential test: the live hub's decision on a stored item (SharingPolicy.Decide) and <c>intelhub policy decide</c>'s
/// decision on the same item written as a request file agree, over many item shapes and requesters of the Wales set.
/// </summary>
public sealed class DecisionAgreementTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);

    private static readonly string[] Agencies =
        ["south-wales-police", "gwent-police", "north-wales-police", "wales-riu", "nca", "gla", "immigration-enforcement", "cps-wales", "cardiff-council", "newport-council", "wrexham-council", "cardiff-and-vale-uhb", "bawso", "salvation-army", "barnardos", "welsh-government"];

    // Council areas (W06) under their force areas (W15), and force areas themselves.
    private static readonly string[] AreaCodes = ["W06000015", "W06000022", "W06000006", "W06000011", "W15000003", "W15000002", "W15000001"];

    private static readonly string[] Roles = ["submitter", "analyst", "riu-analyst", "partner-practitioner", "protocol-owner", "auditor"];
    private static readonly string[] Purposes = ["safeguarding-victims", "disrupt-trafficking", "policing", "safeguarding-adults"];
    private static readonly string[] Categories = ["health", "criminal-offence", "identifiers", "racial-or-ethnic-origin", "financial", "nationality-and-immigration"];
    private static readonly string[] Conditions = [StoredNames.NoOnwardDissemination, StoredNames.NotForEvidentialUse, StoredNames.ContactOriginatorBeforeAction];
    private static readonly string[] Kinds = ["information", "intelligence", "product"];
    private static readonly string[] LegacyGrades = ["B21", "B22", "B23", "B24", "B25", "A11", "E43"];

    [Fact]
    public void The_hub_and_policy_decide_agree_on_every_item_shape()
    {
        var policies = new PolicySet();
        Assert.True(policies.Reload(PolicyLoader.FindPolicyDirectory(AppContext.BaseDirectory)!, Day).Succeeded);
        var hub = new SharingPolicy(policies, new FixedClock(new DateTimeOffset(Day, new TimeOnly(9, 30), TimeSpan.Zero)));
        var snapshot = policies.Current!;
        var random = new Random(20260601);
        var disagreements = new List<string>();
        var outcomes = new HashSet<string>();

        for (var i = 0; i < 1500; i++)
        {
            var (item, json) = Shape(random);
            var agency = Pick(random, Agencies);
            var action = (SharingAction)random.Next(5);
            var role = action == SharingAction.Receive ? null : Pick(random, Roles);
            var purpose = action == SharingAction.Receive ? null : Pick(random, Purposes);

            var live = hub.Decide(agency, role, purpose, action, item);
            var request = RequestFile(agency, role ?? "analyst", purpose ?? "policing", action, json);
            var diagnostics = new DiagnosticBag();
            var document = RequestDocument.Parse("request.json", request, diagnostics);
            Assert.False(diagnostics.HasErrors, string.Join(Environment.NewLine, diagnostics.Items) + Environment.NewLine + request);
            var question = action == SharingAction.Receive ? document!.Question with { Role = null, Purpose = null } : document!.Question;
            var offline = snapshot.Decide(question);

            outcomes.Add($"{live.Permitted}:{live.View}:{live.Reason}");
            if ((live.Permitted, live.View, live.Obligations, live.Reason, live.RuleId) != (offline.IsPermit, offline.View, offline.Obligations, offline.Reason, offline.Rule?.Id ?? ""))
                disagreements.Add($"{agency} {role} {purpose} {action}: hub {live.Reason}/{live.View}/{live.RuleId}, policy decide {offline.Reason}/{offline.View}/{offline.Rule?.Id}{Environment.NewLine}{request}");
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements, e.g.:{Environment.NewLine}{string.Join(Environment.NewLine, disagreements.Take(3))}");
        Assert.True(outcomes.Count >= 8, "the shapes reach too few distinct outcomes to compare: " + string.Join(", ", outcomes));
    }

    [Fact]
    public void Routing_an_item_once_for_every_agency_decides_as_deciding_it_for_each_agency_alone()
    {
        // Given the Wales set and many item shapes, some naming what the policy does not know
        var policies = new PolicySet();
        Assert.True(policies.Reload(PolicyLoader.FindPolicyDirectory(AppContext.BaseDirectory)!, Day).Succeeded);
        var hub = new SharingPolicy(policies, new FixedClock(new DateTimeOffset(Day, new TimeOnly(9, 30), TimeSpan.Zero)));
        var random = new Random(20261206);
        var disagreements = new List<string>();
        var outcomes = new HashSet<string>();

        for (var i = 0; i < 300; i++)
        {
            var (item, _) = Shape(random);
            if (i % 10 == 0) item = item with { Areas = [.. item.Areas, "W99999999"] };

            // When the item is routed (read once) and decided for each agency on its own
            var routing = hub.Route(item);
            foreach (var agency in Agencies.Append("no-such-agency"))
            {
                var routed = routing.Decide(agency);
                var alone = hub.Decide(agency, role: null, purpose: null, SharingAction.Receive, item);

                // Then both give the same decision, view, obligations, reason and rule
                outcomes.Add($"{alone.Permitted}:{alone.View}:{alone.Reason}");
                if (routed != alone) disagreements.Add($"{agency}: routed {routed}, alone {alone}");
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements, e.g.:{Environment.NewLine}{string.Join(Environment.NewLine, disagreements.Take(3))}");
        Assert.True(outcomes.Count >= 6, "the shapes reach too few distinct outcomes to compare: " + string.Join(", ", outcomes));
    }

    /// <summary>An item as the hub stores it, and the same item as a request file's "item" writes it.</summary>
    private static (StoredItem Item, Dictionary<string, object> Json) Shape(Random random)
    {
        var kind = Pick(random, Kinds);
        var originator = Pick(random, Agencies);
        var official = random.Next(2) == 0;
        var themes = Enumerable.Range(0, 1 + random.Next(2))
            .Select(_ => Theme.Of((ExploitationType)(1 + random.Next(5)), (AgeGroup)(1 + random.Next(2)))).Distinct().ToList();
        var areas = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Pick(random, AreaCodes)).Distinct().ToList();
        var categories = Categories.Where(_ => random.Next(4) == 0).ToList();
        var sanitised = random.Next(3) > 0;
        var json = new Dictionary<string, object>
        {
            ["kind"] = kind, ["originator"] = originator, ["classification"] = official ? "official" : "official-sensitive",
            ["themes"] = themes.Select(t => new Dictionary<string, string> { ["exploitation"] = t.ToString().Split('/')[0], ["victims"] = t.ToString().Split('/')[1] }).ToList(),
            ["areas"] = areas, ["personal-data"] = categories, ["has-sanitised-text"] = sanitised,
        };

        string? grading = null, legacy = null;
        IReadOnlyList<string> conditions = [];
        if (kind == "intelligence" && random.Next(3) == 0)
        {
            // As on submission: a legacy grade is stored with the 3x5x2 grade and conditions derived from it; the
            // request file gives only the legacy grade, as the API does.
            var read = LegacyGrade.Parse(Pick(random, LegacyGrades));
            var derived = ItemGrading.FromLegacy(read);
            (grading, legacy, conditions) = (derived.Current.ToString(), read.ToString(), StoredNames.Conditions(derived.Conditions));
            json["legacy-grading"] = legacy;
        }
        else if (kind == "intelligence")
        {
            var handlingC = random.Next(2) == 0;
            grading = handlingC ? "2BC" : "1AP";
            conditions = handlingC ? Conditions.Where(_ => random.Next(2) == 0).DefaultIfEmpty(StoredNames.NoOnwardDissemination).ToList() : [];
            json["grading"] = grading;
            json["handling-conditions"] = conditions;
        }

        var item = new StoredItem
        {
            ItemId = "",
            Kind = kind,
            OriginatorAgencyId = originator,
            SubmittedBy = "",
            Classification = official ? "OFFICIAL" : "OFFICIAL-SENSITIVE",
            Grading = grading,
            LegacyGrading = legacy,
            HandlingConditions = conditions,
            Themes = [.. themes.Select(t => t.ToString())],
            Areas = areas,
            PersonalDataCategories = categories,
            ReviewDate = DateOnly.MaxValue,
            CreatedAt = DateTimeOffset.UnixEpoch,
            SanitisedText = sanitised ? "(sanitised)" : null,
            ContentDigest = "",
        };
        return (item, json);
    }

    private static string RequestFile(string agency, string role, string purpose, SharingAction action, Dictionary<string, object> item) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["at"] = "2026-06-01T09:30:00Z",
            ["requester"] = new Dictionary<string, string> { ["agency"] = agency, ["role"] = role, ["purpose"] = purpose },
            ["action"] = Words.Actions.WordFor(action),
            ["item"] = item,
        });

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
