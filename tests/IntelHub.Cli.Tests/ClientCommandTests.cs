using System.Text.RegularExpressions;

namespace IntelHub.Cli.Tests;

/// <summary>
/// <c>intelhub submit | search | get | inbox</c> and the online <c>audit</c> commands against the real
/// hub, each as the agency and role a real user would act in.
/// </summary>
public sealed partial class ClientCommandTests(RunningHub hub) : IClassFixture<RunningHub>
{
    private const string Cardiff = "W06000015";

    [GeneratedRegex(@"^  size:      (\d+) entries$", RegexOptions.Multiline)]
    private static partial Regex CheckpointSize();

    [Fact]
    public async Task A_partners_report_is_routed_to_the_force_which_finds_reads_and_receives_it()
    {
        // Given a Cardiff Council practitioner with the documented example report
        // When they submit it
        var submitted = await Cli.RunAsync(hub.As("cardiff-council", "partner-practitioner", "submit", "information", Repository.PathOf("docs", "examples", "information.json")));

        // Then the hub stores it, gives its id and audit leaf, and says where it was routed and under which rule
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var receipt = Receipt.Of(submitted);
        Assert.False(receipt.Replayed);
        var itemId = receipt.ItemId;
        Assert.Matches(@"(?m)^  routed to South Wales Police \(south-wales-police\): full under \S+ v\S+ rule \S+$", submitted.Output);

        // When a South Wales Police analyst searches Cardiff for a trafficking investigation
        var found = await Cli.SucceedsAsync(hub.As("south-wales-police", "analyst",
            "search", "--purpose", "disrupt-trafficking", "--justification", "Op Example: car wash on Penarth Road", "--area", Cardiff));

        // Then the report is among the results, in full, from the council
        var listed = Assert.Single(found.Output.Split('\n'), l => l.StartsWith(itemId, StringComparison.Ordinal));
        Assert.Contains("from Cardiff Council (cardiff-council)", listed, StringComparison.Ordinal);
        Assert.Contains("Example Hand Car Wash", found.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^[1-9]\d* item\(s\)\.$", found.Output);

        // When the analyst searches by words of its text, typed in another case and with punctuation
        var byWords = await Cli.SucceedsAsync(hub.As("south-wales-police", "analyst",
            "search", "--purpose", "disrupt-trafficking", "--justification", "Op Example: car wash on Penarth Road", "--text", "FOUR young-men!"));

        // Then the report is found by them too
        Assert.Single(byWords.Output.Split('\n'), l => l.StartsWith(itemId, StringComparison.Ordinal));

        // When the analyst opens it by id
        var opened = await Cli.SucceedsAsync(hub.As("south-wales-police", "analyst",
            "get", itemId, "--purpose", "disrupt-trafficking", "--justification", "Op Example: car wash on Penarth Road"));

        // Then they read the full text, and the audit leaf that records this disclosure
        Assert.StartsWith(itemId + "  information from Cardiff Council (cardiff-council)", opened.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  view: full   under \S+ v\S+ rule \S+   audit leaf \d+$", opened.Output);
        Assert.Contains("  text: A neighbour reports that four young men", opened.Output, StringComparison.Ordinal);

        // And the force's inbox lists it
        var inbox = await Cli.SucceedsAsync(hub.As("south-wales-police", "analyst", "inbox", "--purpose", "disrupt-trafficking", "--justification", "Op Example: new referrals"));
        Assert.Contains(inbox.Output.Split('\n'), l => l.StartsWith(itemId, StringComparison.Ordinal));
        Assert.Matches(@"(?m)^#\d+ \(.+\)$", inbox.Output);
        Assert.Matches(@"(?m)^[1-9]\d* deliveries\.$", inbox.Output);
    }

    [Fact]
    public async Task Submitting_the_same_report_again_stores_nothing_new()
    {
        // Given a report the council has already submitted
        var key = $"cardiff-council-retry-{Guid.NewGuid():N}";
        var first = await hub.SubmitInformationAsync(idempotencyKey: key);

        // When the same request is submitted again (a retry)
        var again = await hub.SubmitInformationAsync(idempotencyKey: key);

        // Then the receipt names the same item and audit leaf, and says nothing new was stored
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal((first.ItemId, first.Leaf), (again.ItemId, again.Leaf));
    }

    [Fact]
    public async Task An_auditor_keeps_a_checkpoint_and_the_hub_proves_its_log_extends_it_and_holds_a_submission()
    {
        // Given a submission, and the hub's public key read from its signing key
        await hub.SubmitInformationAsync();
        using var temp = new TempDirectory();
        var publicKey = await Cli.SucceedsAsync("audit", "public-key", "--signing-key", hub.SigningKey);
        await File.WriteAllTextAsync(temp["hub.pem"], publicKey.Output, TestContext.Current.CancellationToken);

        // When the NCA's auditor asks for the latest checkpoint
        var checkpoint = await Cli.SucceedsAsync(hub.As("nca", "auditor", "audit", "checkpoint"));

        // Then it is printed with its size, unchecked without a key
        Assert.StartsWith("The hub's latest checkpoint:\n  origin:    intelhub.local/audit\n", checkpoint.Output, StringComparison.Ordinal);
        Assert.True(long.Parse(CheckpointSize().Match(checkpoint.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, checkpoint.ToString());
        Assert.Contains("  signature: not checked (pass --log-key HUB-PUBLIC-KEY.pem)", checkpoint.Output, StringComparison.Ordinal);

        // When the auditor keeps it, checking its signature
        var kept = await Cli.SucceedsAsync(hub.As("nca", "auditor", "audit", "checkpoint", "--log-key", temp["hub.pem"], "--out", temp["kept.txt"]));
        Assert.Contains("  signature: verified with key 'intelhub.local/audit'", kept.Output, StringComparison.Ordinal);
        Assert.Contains($"Kept the signed checkpoint in {temp["kept.txt"]}.", kept.Output, StringComparison.Ordinal);
        var keptSize = long.Parse(CheckpointSize().Match(kept.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // And the log grows by another submission
        var leaf = (await hub.SubmitInformationAsync()).Leaf;
        Assert.True(leaf >= keptSize);

        // Then the hub proves its newer checkpoint extends the kept one; the proof goes to the output, the verdict to the error writer
        var consistency = await Cli.SucceedsAsync(hub.As("nca", "auditor", "audit", "consistency", "--since", temp["kept.txt"], "--log-key", temp["hub.pem"]));
        Assert.StartsWith($"old {keptSize}\n", consistency.Output, StringComparison.Ordinal);
        Assert.Matches($@"^OK: the hub's checkpoint of (\d+) entries \(.+\) extends your kept checkpoint of {keptSize} entries \(.+\); both signatures verified\.", consistency.Error);

        // And it proves the new submission's leaf is in its log
        var proved = await Cli.SucceedsAsync(hub.As("nca", "auditor", "audit", "prove", "--leaf", $"{leaf}", "--log-key", temp["hub.pem"], "--out", temp["proof.txt"]));
        Assert.Contains($"Wrote the hub's proof to {temp["proof.txt"]}.", proved.Output, StringComparison.Ordinal);
        Assert.Contains($"OK: leaf {leaf} is in the hub's checkpoint of ", proved.Output, StringComparison.Ordinal);
        Assert.StartsWith("c2sp.org/tlog-proof@v1\n", await File.ReadAllTextAsync(temp["proof.txt"], TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_proves_its_own_receipts_leaf_without_an_auditor_and_cannot_read_another_agencys()
    {
        // Given a council's submission and an NGO's, and the hub's public key
        var own = (await hub.SubmitInformationAsync()).Leaf;
        var others = (await hub.SubmitInformationAsync(agency: "bawso")).Leaf;
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp["hub.pem"], (await Cli.SucceedsAsync("audit", "public-key", "--signing-key", hub.SigningKey)).Output, TestContext.Current.CancellationToken);

        // When the council's practitioner proves its own receipt's leaf
        var proved = await Cli.SucceedsAsync(hub.As("cardiff-council", "partner-practitioner", "audit", "prove", "--leaf", $"{own}", "--log-key", temp["hub.pem"], "--out", temp["proof.txt"]));

        // Then the proof is written and verifies offline, showing the council's own submission
        Assert.Contains($"OK: leaf {own} is in the hub's checkpoint of ", proved.Output, StringComparison.Ordinal);
        var verified = await Cli.SucceedsAsync("audit", "verify", "--proof", temp["proof.txt"], "--key", temp["hub.pem"]);
        Assert.Contains(" Submission by cardiff-council/", verified.Output, StringComparison.Ordinal);

        // And the NGO's leaf gives no entry to prove: that needs an auditor
        var refused = await Cli.RunAsync(hub.As("cardiff-council", "partner-practitioner", "audit", "prove", "--leaf", $"{others}", "--out", temp["others.txt"]));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("it records another agency's action, which only the auditor role may read", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp["others.txt"]));
    }

    [Fact]
    public async Task A_role_the_hub_does_not_admit_is_refused_with_the_hubs_message_on_the_error_writer()
    {
        // Given an auditor, whose role may read the audit log but not search items
        // When they search
        var result = await Cli.RunAsync(hub.As("nca", "auditor", "search", "--purpose", "disrupt-trafficking", "--justification", "curiosity", "--area", Cardiff));

        // Then the hub refuses, and the CLI passes on its reason where errors go
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith("The hub refused: PermissionDenied: The role 'auditor' may not call SearchItems; it is open to: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_role_is_asked_for_before_the_hub_is_called()
    {
        // Given a command line with an agency but no role
        // When it is run
        var result = await Cli.RunAsync("inbox", "--hub", hub.Address, "--data", hub.DataDirectory, "--agency", "south-wales-police",
            "--purpose", "disrupt-trafficking", "--justification", "daily review");

        // Then the CLI says which option to add
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Say which role you act in: --role ", result.Error, StringComparison.Ordinal);
    }
}
