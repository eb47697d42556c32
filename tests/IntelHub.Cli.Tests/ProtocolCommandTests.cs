using System.Text.RegularExpressions;

namespace IntelHub.Cli.Tests;

/// <summary>
/// <c>intelhub protocol ...</c> against the real hub seeded from the repository's protocols: reading them, proposing a
/// version, an approval, a refused publication, and the export that writes the versions in force back byte for byte.
/// </summary>
public sealed partial class ProtocolCommandTests(RunningHub hub) : IClassFixture<RunningHub>
{
    private const string Isp = "wales-anti-trafficking-isp";

    [GeneratedRegex(@"--digest (sha256:[0-9a-f]{64})")]
    private static partial Regex ApprovalDigest();

    [Fact]
    public async Task Export_writes_the_versions_in_force_byte_for_byte_as_the_policies_directory_seeded_them()
    {
        using var target = new TempDirectory();

        var exported = await Cli.SucceedsAsync(hub.As("wales-riu", "auditor", "protocol", "export", target.Path));

        var files = Directory.GetFiles(Path.Combine(target.Path, "protocols")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var seeds = Directory.GetFiles(Path.Combine(Repository.Policies, "protocols"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(seeds, files);
        foreach (var file in files)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Repository.Policies, "protocols", file!), TestContext.Current.CancellationToken),
                await File.ReadAllBytesAsync(Path.Combine(target.Path, "protocols", file!), TestContext.Current.CancellationToken));
        }
        Assert.Contains($"{Isp} v2.2 sha256:", exported.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_and_list_read_every_page_whatever_the_page_size()
    {
        using var target = new TempDirectory();

        // One version a page: export writes every protocol in force, each page after the first included
        var exported = await Cli.SucceedsAsync(hub.As("wales-riu", "auditor", "protocol", "export", target.Path, "--page-size", "1"));
        var byPage = await Cli.SucceedsAsync(hub.As("wales-riu", "auditor", "protocol", "list", "--all-versions", "--page-size", "1"));
        var whole = await Cli.SucceedsAsync(hub.As("wales-riu", "auditor", "protocol", "list", "--all-versions"));

        var seeds = Directory.GetFiles(Path.Combine(Repository.Policies, "protocols"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(seeds, Directory.GetFiles(Path.Combine(target.Path, "protocols")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in seeds)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Repository.Policies, "protocols", file!), TestContext.Current.CancellationToken),
                await File.ReadAllBytesAsync(Path.Combine(target.Path, "protocols", file!), TestContext.Current.CancellationToken));
        }
        Assert.Equal(seeds.Count, exported.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(whole.Output, byPage.Output);
        Assert.True(byPage.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= seeds.Count);
    }

    [Theory]
    [InlineData("list", "0")]
    [InlineData("list", "101")]
    [InlineData("export", "-1")]
    public async Task A_page_size_outside_1_to_100_is_refused_before_the_hub_is_asked(string command, string size)
    {
        using var target = new TempDirectory();
        string[] args = command == "export" ? ["protocol", "export", target.Path, "--page-size", size] : ["protocol", "list", "--page-size", size];

        var refused = await Cli.RunAsync(hub.As("wales-riu", "auditor", args));

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"--page-size must be 1 to 100; it was {size}.", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(target.Path, "protocols")));
    }

    [Fact]
    public async Task An_owner_proposes_a_version_an_approver_approves_it_and_publishing_before_every_approval_is_refused_naming_who_is_missing()
    {
        var listed = await Cli.SucceedsAsync(hub.As("cardiff-council", "partner-practitioner", "protocol", "list"));
        Assert.Contains($"{Isp} v2.2  in force", listed.Output, StringComparison.Ordinal);

        var document = Path.Combine(hub.DataDirectory, "isp-2.3.yaml");
        var seed = await File.ReadAllTextAsync(Path.Combine(Repository.Policies, "protocols", Isp + ".yaml"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(document, seed.Replace("version: \"2.2\"", "version: \"2.3\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var proposed = await Cli.SucceedsAsync(hub.As("wales-riu", "protocol-owner", "protocol", "propose", document, "--note", "annual review: no change to the rules"));
        Assert.Contains($"{Isp} v2.3: proposed", proposed.Output, StringComparison.Ordinal);
        var digest = ApprovalDigest().Match(proposed.Output).Groups[1].Value;

        var approved = await Cli.SucceedsAsync(hub.As("wales-riu", "protocol-owner", "protocol", "approve", Isp, "2.3", "--digest", digest, "--comment", "RIU agrees"));
        Assert.Matches(@"(?m)^  approved by \S+ \(wales-riu\) at .+: RIU agrees$", approved.Output);
        Assert.Contains("approval outstanding: bawso", approved.Output, StringComparison.Ordinal);

        var refused = await Cli.RunAsync(hub.As("wales-riu", "protocol-owner", "protocol", "publish", Isp, "2.3"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FailedPrecondition", refused.Error, StringComparison.Ordinal);
        Assert.Contains("still needs the approval of south-wales-police, cardiff-council, cardiff-and-vale-uhb, bawso", refused.Error, StringComparison.Ordinal);

        var all = await Cli.SucceedsAsync(hub.As("wales-riu", "auditor", "protocol", "list", "--all-versions"));
        Assert.Contains($"{Isp} v2.3  proposed", all.Output, StringComparison.Ordinal);
        var shown = await Cli.SucceedsAsync(hub.As("wales-riu", "auditor", "protocol", "show", Isp));
        Assert.StartsWith($"{Isp} v2.2: in force", shown.Output, StringComparison.Ordinal);
        Assert.EndsWith(seed, shown.Output, StringComparison.Ordinal);
    }
}
