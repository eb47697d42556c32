using System.Text.Json;
using System.Text.RegularExpressions;

namespace IntelHub.Cli.Tests;

/// <summary>
/// <c>intelhub policy lint | test | decide | diff</c> on the repository's real protocols and on copies
/// of them changed the way a protocol owner's mistake or amendment would change them.
/// </summary>
public sealed partial class PolicyCommandTests
{
    private const string Dda = "dda-2026-014-cardiff-nail-bars";

    // A day the whole Wales set is in force, so that review dates passing never change what is checked.
    private const string InForce = "2026-11-02";

    [GeneratedRegex(@"^(\d+) passed, (\d+) failed, (\d+) rule\(s\) not covered\.$", RegexOptions.Multiline)]
    private static partial Regex TestSummary();

    [GeneratedRegex(@"^(\d+) decision\(s\) change out of (\d+) compared on ([0-9-]+)\.$", RegexOptions.Multiline)]
    private static partial Regex DiffSummary();

    [Fact]
    public async Task Lint_accepts_the_repositorys_policies()
    {
        // Given the repository's policies/
        // When the protocol owner lints them
        var result = await Cli.RunAsync("policy", "lint", "--policies", Repository.Policies, "--as-of", InForce);

        // Then there is nothing to fix
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"0 error(s), 0 warning(s) in {Repository.Policies}", result.Output, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData("  - agency: cardiff-council\n    legal-bases: [dpa-2018-part-3, cda-1998-s115]", "cardiff-council", "cardiff-councl", "unknown-agency")]
    [InlineData("effective: 2026-10-01", "2026-10-01", "01/10/2026", "invalid-date")]
    public async Task Lint_names_the_file_line_and_column_of_a_mistake_in_a_protocol(string context, string value, string mistake, string code)
    {
        // Given a copy of policies/ with one value of one protocol written wrongly
        using var temp = new TempDirectory();
        var policies = temp.CopyOfPolicies();
        var protocol = Path.Combine(policies, "protocols", $"{Dda}.yaml");
        var (line, column) = PositionOf(File.ReadAllText(protocol), context, value);
        TempDirectory.Edit(protocol, context, context.Replace(value, mistake, StringComparison.Ordinal));

        // When it is linted
        var result = await Cli.RunAsync("policy", "lint", "--policies", policies, "--as-of", InForce);

        // Then lint fails and points at the file, line and column of the mistake with its code
        Assert.Equal(1, result.ExitCode);
        var diagnostic = Assert.Single(result.Output.Split('\n'), l => l.Contains($" error {code}: ", StringComparison.Ordinal));
        Assert.Contains($"{Path.Combine("protocols", $"{Dda}.yaml")}:{line}:{column}: error {code}: ", diagnostic, StringComparison.Ordinal);
        Assert.Contains($"'{mistake}'", diagnostic, StringComparison.Ordinal);
        Assert.Matches(@"^[1-9]\d* error\(s\)", result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);

        // And the mistake is listed first: the errors it causes elsewhere (a misspelt party is then "not a party" of the
        // rules and approvals that name the agency) follow it and say so
        var errors = result.Output.Split('\n').Where(l => l.Contains(" error ", StringComparison.Ordinal)).ToList();
        Assert.Equal(diagnostic, errors[0]);
        Assert.All(errors.Skip(1).Where(l => l.Contains("-not-party", StringComparison.Ordinal)), l => Assert.Matches($@"This follows from the error at \S*{System.Text.RegularExpressions.Regex.Escape(Path.Combine("protocols", $"{Dda}.yaml"))}:{line}:{column}\.", l));
    }

    [Fact]
    public async Task Test_passes_every_policy_test_of_the_repository_and_covers_every_rule()
    {
        // Given the repository's policies/ and their tests
        // When the protocol owner runs the policy tests
        var result = await Cli.RunAsync("policy", "test", "--policies", Repository.Policies);

        // Then every test passes, each is listed, and no rule is left uncovered
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = TestSummary().Match(result.Output);
        Assert.True(summary.Success, result.ToString());
        var passed = int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(passed > 0);
        Assert.Equal(("0", "0"), (summary.Groups[2].Value, summary.Groups[3].Value));
        Assert.Equal(passed, result.Output.Split('\n').Count(l => l.StartsWith("pass  ", StringComparison.Ordinal)));
        Assert.Contains("pass  trading-standards-sees-nail-bar-information-during-the-dda", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_fails_and_names_a_test_whose_expectation_is_flipped()
    {
        // Given a copy of policies/ where one test expects a deny the protocol does not give
        using var temp = new TempDirectory();
        var policies = temp.CopyOfPolicies();
        TempDirectory.Edit(Path.Combine(policies, "tests", "dda.yaml"), "expect: {effect: permit, view: full, protocol: " + Dda, "expect: {effect: deny, view: full, protocol: " + Dda);

        // When the policy tests run
        var result = await Cli.RunAsync("policy", "test", "--policies", policies);

        // Then the run fails, naming that test, where it is written, and what the protocol decided instead
        Assert.Equal(1, result.ExitCode);
        var failure = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("FAIL  ", StringComparison.Ordinal));
        Assert.StartsWith("FAIL  trading-standards-sees-nail-bar-information-during-the-dda  (", failure, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine("tests", "dda.yaml")}:", failure, StringComparison.Ordinal);
        Assert.Contains("expected deny, got permit", failure, StringComparison.Ordinal);
        Assert.Equal("1", TestSummary().Match(result.Output).Groups[2].Value);
    }

    [Fact]
    public async Task Decide_gives_the_decision_the_readme_documents_for_the_example_request()
    {
        // Given the example request of policies/README.md: a Cardiff Council practitioner viewing South Wales Police intelligence
        var request = Path.Combine(Repository.Policies, "examples", "partner-views-intelligence.json");

        // When it is decided
        var result = await Cli.RunAsync("policy", "decide", "--policies", Repository.Policies, "--request", request);

        // Then the JSON decision is the documented one: the sanitised text under the anti-trafficking ISP, with its obligations
        Assert.True(result.ExitCode == 0, result.ToString());
        using var decision = JsonDocument.Parse(result.Output);
        var root = decision.RootElement;
        Assert.Equal("permit", root.GetProperty("effect").GetString());
        Assert.Equal("sanitised", root.GetProperty("view").GetString());
        Assert.Equal("permitted", root.GetProperty("reason").GetString());
        Assert.Equal(["no-onward-dissemination", "not-for-evidential-use"], root.GetProperty("obligations").EnumerateArray().Select(o => o.GetString()));
        var decidedBy = root.GetProperty("decided-by");
        Assert.Equal("wales-anti-trafficking-isp", decidedBy.GetProperty("protocol").GetString());
        Assert.Equal("sanitised-intelligence-to-partners", decidedBy.GetProperty("rule").GetString());
        Assert.StartsWith("UK GDPR Article 6(1)(e)", decidedBy.GetProperty("legal-basis").GetString(), StringComparison.Ordinal);
        var explanation = root.GetProperty("explanation");
        Assert.StartsWith("Permitted by wales-anti-trafficking-isp", explanation.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Empty(explanation.GetProperty("unknown-names").EnumerateArray());
    }

    [Fact]
    public async Task Decide_takes_an_item_as_the_hub_does_and_denies_an_area_it_does_not_know()
    {
        // Given requests in the hub's terms: GSS codes, several themes, the API's personal-data categories
        using var temp = new TempDirectory();
        const string Item = """
            "kind": "information", "originator": "south-wales-police", "classification": "official-sensitive",
            "themes": [{"exploitation": "labour", "victims": "adult"}, {"exploitation": "sexual", "victims": "adult"}],
            "personal-data": ["health", "identifiers"], "has-sanitised-text": true
            """;
        static string Request(string areas) =>
            "{\"at\": \"2026-06-01\", \"requester\": {\"agency\": \"cardiff-council\", \"role\": \"partner-practitioner\", \"purpose\": \"safeguarding-victims\"}, \"action\": \"view\", "
            + "\"item\": {" + Item + ", \"areas\": [" + areas + "]}}";
        File.WriteAllText(temp["known.json"], Request("\"W06000015\", \"W15000003\""));
        File.WriteAllText(temp["unknown.json"], Request("\"W06000015\", \"W06999999\""));

        // When both are decided
        var known = await Cli.RunAsync("policy", "decide", "--policies", Repository.Policies, "--request", temp["known.json"]);
        var unknown = await Cli.RunAsync("policy", "decide", "--policies", Repository.Policies, "--request", temp["unknown.json"]);

        // Then the one the hub would accept is decided, and an area the policy does not know denies and is named
        Assert.True(known.ExitCode == 0, known.ToString());
        Assert.Equal("permit", JsonDocument.Parse(known.Output).RootElement.GetProperty("effect").GetString());
        Assert.True(unknown.ExitCode == 0, unknown.ToString());
        using var denied = JsonDocument.Parse(unknown.Output);
        Assert.Equal("unknown-name", denied.RootElement.GetProperty("reason").GetString());
        Assert.Equal(["area 'W06999999'"], denied.RootElement.GetProperty("explanation").GetProperty("unknown-names").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Decide_says_which_request_file_is_missing_on_the_error_writer()
    {
        // Given a request path that does not exist
        using var temp = new TempDirectory();

        // When it is decided
        var result = await Cli.RunAsync("policy", "decide", "--policies", Repository.Policies, "--request", temp["missing.json"]);

        // Then the command could not run, and says why where errors go
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains($"{temp["missing.json"]}: no such file.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_shows_the_decisions_that_change_when_a_rules_view_is_narrowed()
    {
        // Given a copy of policies/ where the nail-bar DDA gives the trading standards team existence only instead of the full text
        using var temp = new TempDirectory();
        var policies = temp.CopyOfPolicies();
        var amended = Path.Combine(policies, "protocols", $"{Dda}.yaml");
        TempDirectory.Edit(amended, "    view: full\n", "    view: existence-only\n");

        // When the two directories are compared on a day the DDA is in force
        var result = await Cli.RunAsync("policy", "diff", Repository.Policies, policies, "--at", InForce);

        // Then the council's views under that rule are listed as changing from full to existence only, with a count
        Assert.True(result.ExitCode == 0, result.ToString());
        var view = Assert.Single(result.Output.Split('\n'), l => l.EndsWith(" x cardiff-council: view", StringComparison.Ordinal));
        var lines = result.Output.Split('\n').ToList();
        var at = lines.IndexOf(view);
        Assert.Equal($"    was: permit full [not-for-evidential-use, notify-originator] by {Dda} v1 rule swp-information-for-joint-inspections", lines[at + 1]);
        Assert.StartsWith($"    now: permit existence-only [not-for-evidential-use, notify-originator, refer-to-originator] by {Dda} v1 rule swp-information-for-joint-inspections", lines[at + 2], StringComparison.Ordinal);
        var summary = DiffSummary().Match(result.Output);
        Assert.True(summary.Success, result.ToString());
        Assert.True(int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(InForce, summary.Groups[3].Value);

        // And one protocol file against its amended copy, decision by decision, shows the same change for a single item shape
        var detail = await Cli.RunAsync("policy", "diff", Path.Combine(Repository.Policies, "protocols", $"{Dda}.yaml"), amended,
            "--policies", Repository.Policies, "--at", InForce, "--detail", "--limit", "100000");
        Assert.True(detail.ExitCode == 0, detail.ToString());
        Assert.Contains("cardiff-council as partner-practitioner of team trading-standards for joint-nail-bar-inspections: view information, from south-wales-police", detail.Output, StringComparison.Ordinal);
        Assert.Equal(summary.Groups[1].Value, DiffSummary().Match(detail.Output).Groups[1].Value);
    }

    [Fact]
    public async Task Diff_of_a_directory_with_itself_changes_nothing()
    {
        // Given the repository's policies/ compared with an unchanged copy
        using var temp = new TempDirectory();
        var policies = temp.CopyOfPolicies();

        // When they are compared
        var result = await Cli.RunAsync("policy", "diff", Repository.Policies, policies, "--at", InForce);

        // Then no decision changes
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = DiffSummary().Match(result.Output);
        Assert.Equal("0", summary.Groups[1].Value);
        Assert.NotEqual("0", summary.Groups[2].Value);
    }

    /// <summary>The 1-based line and column of <paramref name="value"/> inside the one occurrence of <paramref name="context"/>.</summary>
    private static (int Line, int Column) PositionOf(string text, string context, string value)
    {
        var at = text.IndexOf(context, StringComparison.Ordinal) + context.IndexOf(value, StringComparison.Ordinal);
        var lineStart = text.LastIndexOf('\n', at - 1) + 1;
        return (text.AsSpan(0, at).Count('\n') + 1, at - lineStart + 1);
    }
}
