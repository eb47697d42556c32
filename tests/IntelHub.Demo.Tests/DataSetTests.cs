using IntelHub.Contracts.V1;
using IntelHub.Demo.DataSet;
using IntelHub.Demo.Roster;

namespace IntelHub.Demo.Tests;

/// <summary>The data-set generator: deterministic from its seed, in the Wales mix, with a long tail of recurring identities.</summary>
public sealed class DataSetTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    private static List<DataSetReport> Generate(int items, int seed) =>
        [.. DataSetGenerator.Generate(ScenarioRoster.Wales, new DataSetOptions(items, seed, Start))];

    [Fact]
    public void The_same_seed_gives_the_same_reports_and_another_seed_others()
    {
        var first = Generate(1_000, seed: 5);
        var again = Generate(1_000, seed: 5);
        var other = Generate(1_000, seed: 6);

        Assert.Equal(first.Select(Fingerprint), again.Select(Fingerprint));
        Assert.Equal(first.SelectMany(r => r.Mentions), again.SelectMany(r => r.Mentions));
        Assert.True(first.Select(Fingerprint).Zip(other.Select(Fingerprint)).Count(p => p.First != p.Second) > 900, "another seed gives much the same reports");
    }

    [Fact]
    public void Every_kind_of_agency_theme_and_grading_appears_and_partners_submit_information_only()
    {
        var reports = Generate(3_000, seed: 1);
        var roster = ScenarioRoster.Wales;
        var submitters = reports.Select(r => r.Submission.SubmittingAgencyId).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(roster.LawEnforcementAgencyIds.ToHashSet(StringComparer.Ordinal), submitters);
        Assert.Contains(roster.Councils, c => submitters.Contains(c.AgencyId));
        Assert.Contains(roster.HealthBoards, h => submitters.Contains(h.AgencyId));
        Assert.Contains(roster.Ngos, n => submitters.Contains(n.AgencyId));
        var lawEnforcement = roster.LawEnforcementAgencyIds.ToHashSet(StringComparer.Ordinal);
        Assert.All(reports.Where(r => r.Submission.IsIntelligence), r => Assert.Contains(r.Submission.SubmittingAgencyId, lawEnforcement));
        Assert.InRange(reports.Count(r => r.Submission.IsIntelligence), reports.Count / 5, reports.Count * 3 / 5);
        Assert.Contains(reports, r => r.Submission.Intelligence?.LegacyGrade is not null);
        Assert.Equal(5, reports.SelectMany(r => r.Submission.Subject.Themes).Select(t => t.ExploitationType).Distinct().Count());
        Assert.True(reports.SelectMany(r => r.Submission.Subject.Areas).Select(a => a.GssCode).Distinct().Count() >= 22, "not every local authority appears");
    }

    [Fact]
    public void A_few_identities_recur_in_many_reports_across_agencies_and_most_appear_once()
    {
        var reports = Generate(20_000, seed: 3);
        var phones = reports.SelectMany(r => r.Mentions.Where(m => m.Kind == "phone").Select(m => (m.Number, r.Submission.SubmittingAgencyId)))
            .GroupBy(p => p.Number).ToList();

        var top = phones.MaxBy(g => g.Count())!;
        Assert.InRange(top.Count(), 8, 200);
        Assert.True(top.Select(p => p.SubmittingAgencyId).Distinct().Count() >= 5, "the most recurring phone is not reported across agencies");
        Assert.True(phones.Count(g => g.Count() == 1) > phones.Count * 0.8, "most phones should appear in one report only");
    }

    [Fact]
    public void The_truth_names_a_partner_near_five_percent_and_the_recurring_identities_with_their_items()
    {
        var reports = Generate(2_000, seed: 4);
        var truth = new DataSetTruth(seed: 4);
        var partners = ScenarioRoster.Wales.Councils.Select(c => c.AgencyId).ToList();
        // Routing here is a stand-in (every council receives the reports from its own area); the loader gives the hub's.
        foreach (var report in reports)
        {
            var areas = report.Submission.Subject.Areas.Select(a => a.GssCode).ToHashSet(StringComparer.Ordinal);
            truth.Add(report, $"item-{report.Index}", ScenarioRoster.Wales.Councils.Where(c => areas.Contains(c.GssCode)).Select(c => (c.AgencyId, "full")));
        }

        var document = truth.Document(ScenarioRoster.Wales.AllAgencyIds, partners, Start);

        Assert.Equal(2_000, document.Items);
        Assert.Equal(2_000, document.Originators.Values.Sum());
        Assert.Contains(document.SearchPartner, partners);
        Assert.Equal(partners.Min(p => Math.Abs(truth.ShareOf(p) - 0.05)), Math.Abs(truth.ShareOf(document.SearchPartner) - 0.05));
        var phone = document.Recurring["phone"][0];
        Assert.Equal(phone.Items, phone.ItemIds.Count);
        Assert.All(phone.ItemIds, id => Assert.Contains(reports[int.Parse(id["item-".Length..], System.Globalization.CultureInfo.InvariantCulture)].Mentions, m => m.Kind == "phone" && m.Number == phone.Number));
    }

    private static string Fingerprint(DataSetReport report) =>
        $"{report.Submission.SubmittingAgencyId}|{report.Submission.UserId}|{report.Submission.SubmittedAt:O}|{(object?)report.Submission.Information ?? report.Submission.Intelligence}";
}
