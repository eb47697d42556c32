using System.Text.RegularExpressions;
using IntelHub.Demo.Summary;
using IntelHub.Domain.Entities;

namespace IntelHub.Demo.Tests;

/// <summary>The scenario's README tells newcomers what to search for; this holds it to the default scenario.</summary>
public sealed partial class ReadmeTests
{
    [GeneratedRegex(@"^\| (phone|address|vehicle|business|person) \| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TryTheseRow();

    private static string Readme()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IntelHub.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory.FullName, "src", "IntelHub.Demo", "README.md"));
    }

    [Fact]
    public void Every_identifier_the_readme_suggests_links_reports_across_force_areas_in_the_default_scenario()
    {
        // Given the README's "Try these" table
        var rows = TryTheseRow().Matches(Readme()).Select(m => (Type: m.Groups[1].Value, Value: m.Groups[2].Value)).ToList();
        Assert.True(rows.Count >= 8, $"the README suggests only {rows.Count} identifiers");

        // When each is matched the way the hub matches it
        var links = ScenarioSummary.Of(Scenarios.Default).CrossForceLinks.Select(l => l.MatchKey).ToHashSet(StringComparer.Ordinal);

        // Then each is a link across force areas in the default scenario
        Assert.All(rows, row =>
        {
            var kind = row.Type switch
            {
                "phone" => EntityKind.PhoneNumber,
                "address" => EntityKind.Location,
                "vehicle" => EntityKind.Vehicle,
                "business" => EntityKind.Business,
                _ => EntityKind.Person,
            };
            Assert.True(links.Contains(Entity.Create(kind, row.Value).MatchKey), $"README suggests {row.Type} '{row.Value}', which links nothing across forces in the default scenario");
        });
    }

    [Fact]
    public void The_readme_names_every_network_of_the_scenario()
    {
        var readme = Readme();

        Assert.All(
            WalesScenario.Networks().Where(n => n.Name != "Unlinked reports across Wales"),
            n => Assert.Contains(n.Name, readme, StringComparison.Ordinal));
    }
}
