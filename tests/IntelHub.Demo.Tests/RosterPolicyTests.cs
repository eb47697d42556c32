using IntelHub.Demo.Roster;
using IntelHub.Policy.Publishing;

namespace IntelHub.Demo.Tests;

/// <summary>The demo speaks for agencies the sharing protocols know: an unknown agency would be refused at the door.</summary>
public sealed class RosterPolicyTests
{
    [Fact]
    public void Every_agency_of_the_Wales_roster_is_in_the_published_agency_register()
    {
        var loaded = PolicyLoader.Load(PoliciesDirectory(), DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Diagnostics));
        var known = loaded.Snapshot!.AgencyIds.ToHashSet(StringComparer.Ordinal);

        var unknown = ScenarioRoster.Wales.AllAgencyIds.Where(id => !known.Contains(id)).ToList();

        Assert.Empty(unknown);
        Assert.All(ScenarioRoster.Wales.LawEnforcementAgencyIds, id => Assert.True(loaded.Snapshot.IsLawEnforcement(loaded.Snapshot.Agency(id)), id));
    }

    private static string PoliciesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IntelHub.sln")))
            {
                return Path.Combine(dir.FullName, "policies");
            }
        }

        throw new InvalidOperationException("The repository root (IntelHub.sln) was not found above the test binaries.");
    }
}
