using System.Text.Json;
using System.Text.Json.Nodes;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Server.Sharing;
using IntelHub.Storage;

namespace IntelHub.Cli.Tests;

/// <summary>
/// <c>intelhub policy decide --lines</c>: many requests on standard input, one decision a line, agreeing with one
/// request at a time (<c>--request</c>) and with the hub's own decision on the same item; a bad line is reported on its
/// own output line and the rest are still decided.
/// </summary>
public sealed class PolicyDecideLinesTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);
    private static readonly string[] Agencies =
        ["south-wales-police", "gwent-police", "wales-riu", "nca", "gla", "cardiff-council", "newport-council", "cardiff-and-vale-uhb", "bawso", "barnardos"];
    private static readonly string[] Areas = ["W06000015", "W06000022", "W06000006", "W15000003", "W15000001"];
    private static readonly string[] Roles = ["submitter", "analyst", "riu-analyst", "partner-practitioner"];
    private static readonly string[] Purposes = ["safeguarding-victims", "disrupt-trafficking", "policing", "safeguarding-adults"];
    private static readonly string[] Exploitation = ["sexual", "labour", "criminal", "domestic-servitude"];
    private static readonly SharingAction[] Actions = [SharingAction.View, SharingAction.Search, SharingAction.Compile, SharingAction.Disseminate];

    [Fact]
    public async Task Many_lines_agree_with_one_request_at_a_time_and_with_the_hub()
    {
        // Given 400 requests of many shapes, one a line
        var random = new Random(611);
        var cases = Enumerable.Range(0, 400).Select(_ => Case(random)).ToList();

        // When they are decided together
        var result = await RunLinesAsync(string.Join("\n", cases.Select(c => c.Line)));

        // Then there is one decision a line, in order, each agreeing with the hub's decision on the same item
        Assert.True(result.ExitCode == 0, result.ToString());
        var decisions = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(cases.Count, decisions.Count);
        var hub = Hub();
        var outcomes = new HashSet<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(i + 1, (int)decisions[i]["line"]!);
            var (agency, role, purpose, action, item) = cases[i].Question;
            var live = hub.Decide(agency, role, purpose, action, item);
            var expected = (live.Permitted, live.Permitted ? Words.Views.WordFor(live.View) : null, Words.Reasons.WordFor(live.Reason), live.RuleId);
            var got = ((string?)decisions[i]["effect"] == "permit", (string?)decisions[i]["view"], (string?)decisions[i]["reason"], (string?)decisions[i]["decided-by"]?["rule"] ?? "");
            Assert.True(expected == got, $"line {i + 1}: the hub decided {expected}, policy decide --lines {got}\n{cases[i].Line}");
            outcomes.Add(got.ToString());
        }
        Assert.True(outcomes.Count >= 6, "the cases reach too few distinct decisions to compare: " + string.Join(", ", outcomes));

        // And each of a sample is exactly what deciding that request alone prints
        using var temp = new TempFiles();
        foreach (var i in Enumerable.Range(0, 12).Select(n => n * 33))
        {
            var file = temp.Write($"request-{i}.json", cases[i].Line);
            var single = await Cli.SucceedsAsync("policy", "decide", "--policies", Repository.Policies, "--request", file);
            var line = decisions[i].DeepClone().AsObject();
            line.Remove("line");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(single.Output), line), $"line {i + 1} differs from its single decision:\n{single.Output}\n{decisions[i]}");
        }
    }

    [Fact]
    public async Task A_bad_line_is_reported_on_its_own_line_and_the_others_are_still_decided()
    {
        var random = new Random(7);
        var good = Case(random).Line;
        var unknownAction = good.Replace("\"action\":\"", "\"action\":\"x", StringComparison.Ordinal);

        var result = await RunLinesAsync($"{good}\n{{\"at\": \"2026-06-01\", \"requester\": {{\n\n{unknownAction}\n{good}\n");

        Assert.Equal(1, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal([1, 2, 4, 5], lines.Select(l => (int)l["line"]!));
        Assert.NotNull(lines[0]["effect"]);
        Assert.Null(lines[1]["effect"]);
        Assert.Contains("column", (string?)lines[1]["errors"]![0], StringComparison.Ordinal);
        Assert.Null(lines[2]["effect"]);
        Assert.Contains("action", (string?)lines[2]["errors"]![0], StringComparison.Ordinal);
        Assert.Equal(lines[0]["effect"]!.ToJsonString(), lines[3]["effect"]!.ToJsonString());
    }

    [Fact]
    public async Task Empty_input_decides_nothing_and_succeeds()
    {
        var result = await RunLinesAsync("");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Lines_and_a_request_file_together_or_neither_are_refused()
    {
        var neither = await Cli.RunAsync("policy", "decide", "--policies", Repository.Policies);
        var both = await Cli.RunAsync("policy", "decide", "--policies", Repository.Policies, "--lines", "--request", "x.json");

        Assert.All([neither, both], r =>
        {
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("--request FILE", r.Error, StringComparison.Ordinal);
        });
    }

    private static async Task<CliResult> RunLinesAsync(string input)
    {
        using var reader = new StringReader(input);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(["policy", "decide", "--policies", Repository.Policies, "--lines"], reader, output, error, TestContext.Current.CancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    private static SharingPolicy Hub()
    {
        var policies = new PolicySet();
        Assert.True(policies.Reload(Repository.Policies, Day).Succeeded);
        return new SharingPolicy(policies, new FixedClock(new DateTimeOffset(Day, new TimeOnly(9, 30), TimeSpan.Zero)));
    }

    /// <summary>A request as one JSON line, and the same question as the hub asks it of a stored item.</summary>
    private static (string Line, (string Agency, string Role, string Purpose, SharingAction Action, StoredItem Item) Question) Case(Random random)
    {
        var intelligence = random.Next(2) == 0;
        var originator = Pick(random, Agencies);
        var official = random.Next(3) == 0;
        var exploitation = Pick(random, Exploitation);
        var victims = random.Next(3) == 0 ? "minor" : "adult";
        var area = Pick(random, Areas);
        var grading = random.Next(2) == 0 ? "1AP" : "2BC";
        var conditions = intelligence && grading == "2BC" ? new[] { "no-onward-dissemination" } : [];
        var sanitised = random.Next(3) > 0;
        var personal = random.Next(2) == 0 ? new[] { "criminal-offence" } : new[] { "health", "identifiers" };
        var item = new Dictionary<string, object>
        {
            ["kind"] = intelligence ? "intelligence" : "information", ["originator"] = originator, ["classification"] = official ? "official" : "official-sensitive",
            ["themes"] = new[] { new Dictionary<string, string> { ["exploitation"] = exploitation, ["victims"] = victims } },
            ["areas"] = new[] { area }, ["personal-data"] = personal, ["has-sanitised-text"] = sanitised,
        };
        if (intelligence)
        {
            item["grading"] = grading;
            item["handling-conditions"] = conditions;
        }
        var (agency, role, purpose, action) = (Pick(random, Agencies), Pick(random, Roles), Pick(random, Purposes), Actions[random.Next(Actions.Length)]);
        var line = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["at"] = "2026-06-01T09:30:00Z",
            ["requester"] = new Dictionary<string, string> { ["agency"] = agency, ["role"] = role, ["purpose"] = purpose },
            ["action"] = Words.Actions.WordFor(action),
            ["item"] = item,
        });
        var stored = new StoredItem
        {
            ItemId = "", Kind = intelligence ? "intelligence" : "information", OriginatorAgencyId = originator, SubmittedBy = "",
            Classification = official ? "OFFICIAL" : "OFFICIAL-SENSITIVE", Grading = intelligence ? grading : null, HandlingConditions = intelligence ? conditions : [],
            Themes = [$"{exploitation}/{victims}"], Areas = [area], PersonalDataCategories = personal, ReviewDate = DateOnly.MaxValue,
            CreatedAt = DateTimeOffset.UnixEpoch, SanitisedText = sanitised ? "(sanitised)" : null, ContentDigest = "",
        };
        return (line, (agency, role, purpose, action, stored));
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class TempFiles : IDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("intelhub-decide-lines-");

        public string Write(string name, string text)
        {
            var path = Path.Combine(_directory.FullName, name);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => _directory.Delete(recursive: true);
    }
}
