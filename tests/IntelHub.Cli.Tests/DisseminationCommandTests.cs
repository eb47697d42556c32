using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IntelHub.Cli.Tests;

/// <summary>
/// README's "Refer to the originator" block, run command by command against the real hub as written (only the hub's
/// address and data directory added, and the placeholders ITEM_ID and DISSEMINATION_ID filled from what earlier
/// commands printed), after South Wales Police has shared intelligence graded 5x5x5 handling 5.
/// </summary>
public sealed partial class DisseminationCommandTests(RunningHub hub) : IClassFixture<RunningHub>
{
    [GeneratedRegex(@"exists: refer to South Wales Police .* quoting (?<id>[0-9a-f-]{36})")]
    private static partial Regex ReferredItem();

    [GeneratedRegex(@"^(?<id>dsm-[0-9a-f]{32}): pending", RegexOptions.Multiline)]
    private static partial Regex PendingRequest();

    [Fact]
    public async Task The_READMEs_refer_to_originator_round_trip_works_as_written()
    {
        // Given South Wales Police intelligence Gwent Police may only know exists
        var itemId = await SubmitReferredIntelligenceAsync();
        var readme = ReadmeScript.Read(await File.ReadAllTextAsync(Repository.PathOf("README.md"), TestContext.Current.CancellationToken));
        var block = readme.BlockStartingWith("intelhub inbox --agency gwent-police");
        string? item = null, dissemination = null;
        var said = new List<string>();

        // When each command of README's block runs in turn
        foreach (var command in block)
        {
            var filled = command
                .Replace("ITEM_ID", command.Contains("ITEM_ID", StringComparison.Ordinal) ? item ?? throw new InvalidOperationException("README asks for ITEM_ID before any command showed one.") : "", StringComparison.Ordinal)
                .Replace("DISSEMINATION_ID", command.Contains("DISSEMINATION_ID", StringComparison.Ordinal) ? dissemination ?? throw new InvalidOperationException("README asks for DISSEMINATION_ID before any command showed one.") : "", StringComparison.Ordinal);
            var run = await Cli.SucceedsAsync([.. Words(filled).Skip(1), "--hub", hub.Address, "--data", hub.DataDirectory]);
            said.Add(run.Output);
            // The class's hub is shared: Gwent's inbox may also hold items another test referred, so look for this one.
            item ??= ReferredItem().Matches(run.Output).Select(m => m.Groups["id"].Value).FirstOrDefault(id => id == itemId);
            dissemination ??= PendingRequest().Match(run.Output) is { Success: true } pending ? pending.Groups["id"].Value : null;
        }

        // Then Gwent asked for the item it was shown as existence only, the originator granted it, and Gwent read it in full
        Assert.Equal(itemId, item);
        Assert.Contains(said, s => s.Contains($"{dissemination}: granted", StringComparison.Ordinal) && s.Contains("condition: not for evidential use", StringComparison.Ordinal));
        var read = said[^1];
        Assert.Contains("view: full", read, StringComparison.Ordinal);
        Assert.Contains("obligation: Not for evidential use.", read, StringComparison.Ordinal);
        Assert.DoesNotContain("exists: refer to", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_and_a_request_for_an_unknown_item_say_what_happened()
    {
        var itemId = await SubmitReferredIntelligenceAsync();
        var requested = await Cli.SucceedsAsync(hub.As("gwent-police", "analyst", "dissemination", "request", itemId,
            "--purpose", "disrupt-trafficking", "--justification", "Op Tarian: refusal test"));
        var id = PendingRequest().Match(requested.Output).Groups["id"].Value;

        var refused = await Cli.SucceedsAsync(hub.As("south-wales-police", "analyst", "dissemination", "refuse", id, "--reason", "Live operation: ask again in March"));
        Assert.Contains("refused: Live operation: ask again in March", refused.Output, StringComparison.Ordinal);

        var mine = await Cli.SucceedsAsync(hub.As("gwent-police", "analyst", "dissemination", "list", "--side", "requester", "--status", "refused"));
        Assert.Contains($"{id}: refused", mine.Output, StringComparison.Ordinal);

        var unknown = await Cli.RunAsync(hub.As("gwent-police", "analyst", "dissemination", "request", Guid.NewGuid().ToString(),
            "--purpose", "disrupt-trafficking", "--justification", "Op Tarian"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NotFound", unknown.Error, StringComparison.Ordinal);
        var badDate = await Cli.RunAsync(hub.As("south-wales-police", "analyst", "dissemination", "grant", id, "--view", "full", "--expires", "next week"));
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("not a date", badDate.Error, StringComparison.Ordinal);
    }

    /// <summary>The documented example report as South Wales Police intelligence graded 5x5x5 B2 handling 5 (refer to the originator).</summary>
    private async Task<string> SubmitReferredIntelligenceAsync()
    {
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("docs", "examples", "information.json"), TestContext.Current.CancellationToken))!.AsObject();
        report["idempotencyKey"] = $"swp-{Guid.NewGuid():N}";
        report["sanitisedText"] = "Workers at a hand car wash are believed to be housed on site.";
        report["legacyGrade"] = new JsonObject
        {
            ["sourceEvaluation"] = "LEGACY_SOURCE_EVALUATION_B_MOSTLY_RELIABLE",
            ["intelligenceEvaluation"] = "LEGACY_INTELLIGENCE_EVALUATION_2_KNOWN_TO_SOURCE",
            ["handlingCode"] = "LEGACY_HANDLING_CODE_5_REFER_TO_ORIGINATOR",
        };
        var file = Path.Combine(hub.DataDirectory, $"intelligence-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, report.ToJsonString(), TestContext.Current.CancellationToken);
        return Receipt.Of(await Cli.SucceedsAsync(hub.As("south-wales-police", "submitter", "submit", "intelligence", file))).ItemId;
    }

    /// <summary>A README command line split into words as bash would: on spaces, with double-quoted words kept whole.</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in command)
        {
            if (c == '"') { quoted = !quoted; continue; }
            if (c == ' ' && !quoted)
            {
                if (word.Length > 0) words.Add(word.ToString());
                word.Clear();
                continue;
            }
            word.Append(c);
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words;
    }
}
