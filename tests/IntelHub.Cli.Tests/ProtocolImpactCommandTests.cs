namespace IntelHub.Cli.Tests;

/// <summary><c>intelhub protocol impact</c> against the real hub: the changes grouped by originator and recipient, with stored items.</summary>
public sealed class ProtocolImpactCommandTests(RunningHub hub) : IClassFixture<RunningHub>
{
    private const string PartnerInformationToPolice = "    view: full\n\n  - id: police-information-to-councils-and-health-boards";

    [Fact]
    public async Task Impact_of_a_document_lists_the_changes_by_agency_pair_with_the_stored_items_each_affects()
    {
        // Given one Cardiff Council report stored, and a version of the Wales ISP that shows partners' information to the police as existence only
        await hub.SubmitInformationAsync();
        using var temp = new TempDirectory();
        var proposal = Path.Combine(temp.Path, "isp-2.3.yaml");
        var isp = await File.ReadAllTextAsync(Repository.PathOf("policies", "protocols", "wales-anti-trafficking-isp.yaml"), TestContext.Current.CancellationToken);
        Assert.Contains(PartnerInformationToPolice, isp, StringComparison.Ordinal);
        await File.WriteAllTextAsync(proposal, isp
            .Replace(PartnerInformationToPolice, PartnerInformationToPolice.Replace("view: full", "view: existence-only", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("version: \"2.2\"", "version: \"2.3\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        // When a protocol owner asks the hub for its impact
        var impact = await Cli.SucceedsAsync(hub.As("wales-riu", "protocol-owner", "protocol", "impact", "--file", proposal, "--limit", "1000"));

        // Then the totals lead, and the force's views of the council's information change, counting the stored report
        var lines = impact.Output.Split('\n');
        Assert.Matches(@"^Version 2\.3 against version 2\.2 in force: [1-9]\d* change\(s\) in \d+ decisions compared; 1 stored item\(s\) affected\.$", lines[0]);
        var pair = Array.IndexOf(lines, "cardiff-council -> south-wales-police");
        Assert.True(pair > 0, impact.ToString());
        Assert.Contains("  view information as analyst for disrupt-trafficking: full -> existence-only   1 stored item(s)", lines[pair..]);
        Assert.Contains("  receive information routed to its inbox: full -> existence-only   1 stored item(s)", lines[pair..]);
        Assert.Contains("      was wales-anti-trafficking-isp v2.2 rule partner-information-to-police; now wales-anti-trafficking-isp v2.3 rule partner-information-to-police", lines);
    }

    [Fact]
    public async Task An_invalid_document_prints_its_diagnostics_and_fails()
    {
        using var temp = new TempDirectory();
        var proposal = Path.Combine(temp.Path, "broken.yaml");
        await File.WriteAllTextAsync(proposal, "id: wales-anti-trafficking-isp\nversion: \"9\"\n", TestContext.Current.CancellationToken);

        var result = await Cli.RunAsync(hub.As("wales-riu", "protocol-owner", "protocol", "impact", "--file", proposal));

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"(?m)^proposal\.yaml:\d+:\d+: error ", result.Output);
        Assert.Contains("no impact was assessed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_is_refused()
    {
        var result = await Cli.RunAsync(hub.As("cardiff-council", "partner-practitioner", "protocol", "impact", "wales-anti-trafficking-isp", "2.2"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The hub refused: PermissionDenied", result.Error, StringComparison.Ordinal);
    }
}
