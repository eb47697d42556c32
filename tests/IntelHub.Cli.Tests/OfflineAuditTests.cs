using System.Text;
using System.Text.RegularExpressions;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Log;
using IntelHub.Audit.Sequencing;
using IntelHub.Audit.Signing;

namespace IntelHub.Cli.Tests;

/// <summary>
/// The offline <c>intelhub audit</c> tools an oversight body runs with the public key alone, on real
/// files: the hub's own proofs checked after it has stopped, and a log directory exported and verified.
/// </summary>
public sealed partial class OfflineAuditTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^  size:      (\d+) entries$", RegexOptions.Multiline)]
    private static partial Regex CheckpointSize();

    [Fact]
    public async Task The_hubs_proofs_verify_offline_with_its_public_key_after_it_has_stopped_and_a_changed_entry_is_named()
    {
        // Given an auditor who kept a checkpoint, and the hub's proofs that its log extends it and holds a later submission
        using var evidence = new TempDirectory();
        long leaf;
        await using (var hub = new RunningHub())
        {
            await hub.InitializeAsync();
            await hub.SubmitInformationAsync();
            var kept = await Cli.SucceedsAsync(hub.As("nca", "auditor", "audit", "checkpoint", "--out", evidence["kept.txt"]));
            var keptSize = CheckpointSize().Match(kept.Output).Groups[1].Value;
            leaf = (await hub.SubmitInformationAsync(agency: "bawso")).Leaf;
            await Cli.SucceedsAsync(hub.As("nca", "auditor", "audit", "consistency", "--since", evidence["kept.txt"], "--out", evidence["consistency.txt"]));
            await Cli.SucceedsAsync(hub.As("nca", "auditor", "audit", "prove", "--leaf", $"{leaf}", "--out", evidence["proof.txt"]));
            Assert.StartsWith($"old {keptSize}\n", await File.ReadAllTextAsync(evidence["consistency.txt"], Token), StringComparison.Ordinal);

            // And the hub has stopped; its operators give out the public key of its local signing key
            await hub.StopAsync();
            var publicKey = await Cli.SucceedsAsync("audit", "public-key", "--signing-key", hub.SigningKey);
            using (var signer = LocalKeySigner.OpenOrCreate(hub.SigningKey))
            {
                Assert.Equal(signer.PublicKeyPem() + "\n", publicKey.Output.ReplaceLineEndings("\n"));
            }

            await File.WriteAllTextAsync(evidence["hub.pem"], publicKey.Output, Token);
        }

        // When the auditor checks the proofs with that key, without the hub
        var included = await Cli.RunAsync("audit", "verify", "--proof", evidence["proof.txt"], "--key", evidence["hub.pem"]);
        var extends = await Cli.RunAsync("audit", "verify", "--consistency", evidence["consistency.txt"], "--checkpoint", evidence["kept.txt"], "--key", evidence["hub.pem"]);

        // Then both verify, and the proof shows the entry it proves: Bawso's submission
        Assert.True(included.ExitCode == 0, included.ToString());
        Assert.StartsWith($"OK: entry {leaf} is in the log 'intelhub.local/audit' of ", included.Output, StringComparison.Ordinal);
        Assert.Matches(@$"(?m)^  \S+ {nameof(AuditAction.Submission)} by bawso/", included.Output);
        Assert.True(extends.ExitCode == 0, extends.ToString());
        Assert.Matches(@"^OK: the log's checkpoint of \d+ entries extends your checkpoint of \d+ entries\.", extends.Output);

        // When one byte of the proved entry is changed in a copy of the proof
        var lines = (await File.ReadAllTextAsync(evidence["proof.txt"], Token)).Split('\n');
        Assert.StartsWith("extra ", lines[1], StringComparison.Ordinal);
        var entry = Convert.FromBase64String(lines[1]["extra ".Length..]);
        ChangeOneByteOf(entry, "bawso");
        lines[1] = "extra " + Convert.ToBase64String(entry);
        await File.WriteAllTextAsync(evidence["altered-proof.txt"], string.Join('\n', lines), Token);
        var altered = await Cli.RunAsync("audit", "verify", "--proof", evidence["altered-proof.txt"], "--key", evidence["hub.pem"]);

        // Then verification fails and names the entry
        Assert.Equal(1, altered.ExitCode);
        Assert.StartsWith($"FAILED (RewrittenEntries): Entry {leaf} is not proved", altered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hubs_own_store_exports_and_verifies_with_its_public_key_and_an_entry_rewritten_in_the_store_fails_its_checkpoint()
    {
        // Given a hub that recorded two submissions and signed a checkpoint over them, then stopped
        using var evidence = new TempDirectory();
        string data;
        await using (var hub = new RunningHub())
        {
            await hub.InitializeAsync();
            await hub.SubmitInformationAsync();
            await hub.SubmitInformationAsync(agency: "bawso");
            await Cli.SucceedsAsync(hub.As("nca", "auditor", "audit", "checkpoint"));
            await hub.StopAsync();
            await File.WriteAllTextAsync(evidence["hub.pem"], (await Cli.SucceedsAsync("audit", "public-key", "--signing-key", hub.SigningKey)).Output, Token);
            data = evidence["data"];
            CopyDirectory(hub.DataDirectory, data);
        }

        // When its operators export the log from the store, and an auditor verifies the export and the store itself
        var exported = await Cli.SucceedsAsync("audit", "export", "--store", data, "--out", evidence["export"]);
        var fromExport = await Cli.RunAsync("audit", "verify", "--log", evidence["export"], "--key", evidence["hub.pem"]);
        var fromStore = await Cli.RunAsync("audit", "verify", "--store", data, "--key", evidence["hub.pem"]);

        // Then both verify, over every entry the export holds
        var count = Regex.Match(exported.Output, @"^Exported (\d+) entries").Groups[1].Value;
        Assert.True(fromExport.ExitCode == 0, fromExport.ToString());
        Assert.StartsWith($"OK: {count} entries, ", fromExport.Output, StringComparison.Ordinal);
        Assert.True(fromStore.ExitCode == 0, fromStore.ToString());
        Assert.StartsWith($"OK: {count} entries, ", fromStore.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(evidence["export"], LogFiles.LatestCheckpointFile)));

        // When someone with access to the database rewrites one byte of entry 2
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "intelhub.db")};Pooling=False"))
        {
            await connection.OpenAsync(Token);
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT entry FROM audit_records WHERE sequence = 2";
            var entry = (byte[])(await read.ExecuteScalarAsync(Token))!;
            entry[20] ^= 0x01;
            await using var rewrite = connection.CreateCommand();
            rewrite.CommandText = "UPDATE audit_records SET entry = @entry WHERE sequence = 2";
            rewrite.Parameters.AddWithValue("@entry", entry);
            Assert.Equal(1, await rewrite.ExecuteNonQueryAsync(Token));
        }

        var tampered = await Cli.RunAsync("audit", "verify", "--store", data, "--key", evidence["hub.pem"]);

        // Then verification fails and names the signed range that holds it (the store keeps no leaf hashes of its
        // own, so the rewritten entry is found to within the checkpoints that cover it)
        Assert.Equal(1, tampered.ExitCode);
        Assert.StartsWith("FAILED (RewrittenEntries): Entries 0 to ", tampered.Error, StringComparison.Ordinal);
        Assert.Contains("was rewritten", tampered.Error, StringComparison.Ordinal);

        // And a store that is not there is refused without creating one
        var missing = await Cli.RunAsync("audit", "export", "--store", evidence["no-such-hub"], "--out", evidence["export-2"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No hub store at", missing.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(evidence["no-such-hub"]));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exported_log_verifies_with_its_public_key_and_a_copy_with_one_changed_byte_names_the_entry()
    {
        // Given a log directory of twelve entries, signed with a local key
        using var temp = new TempDirectory();
        await WriteLogAsync(temp["log"], temp["audit-key.pem"], 12);
        var publicKey = await Cli.SucceedsAsync("audit", "public-key", "--signing-key", temp["audit-key.pem"]);
        await File.WriteAllTextAsync(temp["audit-public.pem"], publicKey.Output, Token);

        // When it is exported for an oversight body
        var exported = await Cli.RunAsync("audit", "export", "--log", temp["log"], "--out", temp["export"]);

        // Then the export holds every entry and the latest checkpoint as text
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.StartsWith($"Exported 12 entries to {temp["export"]}.", exported.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp["export"], LogFiles.LatestCheckpointFile)));

        // And the oversight body verifies it with the public key, the export's checkpoint as the one it keeps
        var verified = await Cli.RunAsync("audit", "verify", "--log", temp["export"], "--key", temp["audit-public.pem"],
            "--checkpoint", Path.Combine(temp["export"], LogFiles.LatestCheckpointFile));
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Matches(@"^OK: 12 entries, [1-9]\d* checkpoints verified; the latest covers 12 entries\.", verified.Output);

        // And proves one entry from the export, a proof checked on its own
        await Cli.SucceedsAsync("audit", "prove", "--log", temp["export"], "--entry", "5", "--out", temp["proof-5.txt"]);
        var proof = await Cli.RunAsync("audit", "verify", "--proof", temp["proof-5.txt"], "--key", temp["audit-public.pem"]);
        Assert.True(proof.ExitCode == 0, proof.ToString());
        Assert.StartsWith($"OK: entry 5 is in the log '{Origin}' of 12 entries", proof.Output, StringComparison.Ordinal);
        Assert.Contains("by south-wales-police/analyst-0005 ", proof.Output, StringComparison.Ordinal);

        // When one byte of entry 7 is changed in a copy of the export
        var copy = temp["altered"];
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(temp["export"]))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var entries = Path.Combine(copy, LogFiles.EntriesFile);
        var bytes = await File.ReadAllBytesAsync(entries, Token);
        ChangeOneByteOf(bytes, "analyst-0007");
        await File.WriteAllBytesAsync(entries, bytes, Token);
        var altered = await Cli.RunAsync("audit", "verify", "--log", copy, "--key", temp["audit-public.pem"]);

        // Then verification fails and names entry 7; the entries before it were checked
        Assert.Equal(1, altered.ExitCode);
        Assert.StartsWith("FAILED (TamperedEntry): Entry 7 (record at byte ", altered.Error, StringComparison.Ordinal);
        Assert.StartsWith("Checked 7 entries", altered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_whose_checkpoint_txt_was_re_signed_over_another_root_fails_beside_its_untouched_log()
    {
        // Given an untouched export whose checkpoint.txt was replaced by one signed with the log's own key over another root
        using var temp = new TempDirectory();
        await WriteLogWithPublicKeyAsync(temp, 12);
        await Cli.SucceedsAsync("audit", "export", "--log", temp["log"], "--out", temp["export"]);
        using (var signer = LocalKeySigner.OpenOrCreate(temp["audit-key.pem"]))
        {
            var forged = Checkpoint.At(Origin, 12, MerkleHash.FromBytes(Enumerable.Repeat((byte)7, MerkleHashing.HashSize).ToArray()), DateTimeOffset.UtcNow);
            var note = await CheckpointSigning.SignAsync(forged, signer, Token);
            await File.WriteAllTextAsync(Path.Combine(temp["export"], LogFiles.LatestCheckpointFile), note.ToText(), Token);
        }

        // When the oversight body verifies the export
        var verified = await Cli.RunAsync("audit", "verify", "--log", temp["export"], "--key", temp["audit-public.pem"]);

        // Then the re-signed checkpoint.txt contradicts the log's own checkpoint of the same size
        Assert.Equal(1, verified.ExitCode);
        Assert.StartsWith("FAILED (Forked): The tree has forked at size 12: checkpoint.txt commits to root ", verified.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proof_missing_its_blank_line_fails_as_a_malformed_proof_not_as_a_bad_key_file()
    {
        // Given a proof whose blank line before the checkpoint was lost
        using var temp = new TempDirectory();
        await WriteLogWithPublicKeyAsync(temp, 12);
        await Cli.SucceedsAsync("audit", "prove", "--log", temp["log"], "--entry", "5", "--out", temp["proof.txt"]);
        var proof = await File.ReadAllTextAsync(temp["proof.txt"], Token);
        await File.WriteAllTextAsync(temp["proof.txt"], proof.Replace("\n\n" + Origin + "\n", "\n" + Origin + "\n", StringComparison.Ordinal), Token);

        // When it is verified with the right key
        var verified = await Cli.RunAsync("audit", "verify", "--proof", temp["proof.txt"], "--key", temp["audit-public.pem"]);

        // Then the proof is named as the problem (exit 1), not the key file (exit 2)
        Assert.True(verified.ExitCode == 1, verified.ToString());
        Assert.StartsWith("FAILED (MalformedProof): Malformed proof: ", verified.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("public key", verified.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_court_opens_a_proved_entrys_commitment_with_the_salt_and_content_and_a_guess_without_the_salt_fails()
    {
        // Given a proved entry committing to a disclosure, and the salt and content the hub hands a court
        using var temp = new TempDirectory();
        var salt = ContentCommitment.NewSalt();
        var content = Encoding.UTF8.GetBytes("Workers at a Cardiff car wash are housed above the premises.");
        await WriteLogWithPublicKeyAsync(temp, 6, ContentCommitment.Commit(ContentCommitment.Disclosure, salt, content));
        await Cli.SucceedsAsync("audit", "prove", "--log", temp["log"], "--entry", "2", "--out", temp["proof.txt"]);
        await File.WriteAllBytesAsync(temp["content.bin"], content, Token);

        // When the court opens it
        var opened = await Cli.RunAsync("audit", "open", "--proof", temp["proof.txt"], "--key", temp["audit-public.pem"],
            "--salt", Convert.ToHexString(salt), "--content", temp["content.bin"], "--disclosure");

        // Then it opens
        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.StartsWith($"OK: the {content.Length} bytes of content are what entry 2 (DisclosureByView of item 'item-0002' by south-wales-police) committed to", opened.Output, StringComparison.Ordinal);

        // And the right content under any other salt does not
        var guessed = await Cli.RunAsync("audit", "open", "--proof", temp["proof.txt"], "--key", temp["audit-public.pem"],
            "--salt", new string('0', 64), "--content", temp["content.bin"], "--disclosure");
        Assert.Equal(1, guessed.ExitCode);
        Assert.StartsWith("FAILED (NotOpened): ", guessed.Error, StringComparison.Ordinal);
    }

    private const string Origin = "intelhub.test/audit";

    /// <summary>Writes a real log into temp["log"] signed with temp["audit-key.pem"], and its public key into temp["audit-public.pem"].</summary>
    private static async Task WriteLogWithPublicKeyAsync(TempDirectory temp, int count, ContentDigest? commitment = null)
    {
        await WriteLogAsync(temp["log"], temp["audit-key.pem"], count, commitment);
        var publicKey = await Cli.SucceedsAsync("audit", "public-key", "--signing-key", temp["audit-key.pem"]);
        await File.WriteAllTextAsync(temp["audit-public.pem"], publicKey.Output, Token);
    }

    /// <summary>Writes a real log: entries through the sequencer into a file store, checkpoints signed every five and at the end.</summary>
    private static async Task WriteLogAsync(string directory, string keyFile, int count, ContentDigest? commitment = null)
    {
        using var store = FileAuditLogStore.Open(directory);
        using var signer = LocalKeySigner.OpenOrCreate(keyFile);
        var options = new AuditSequencerOptions { Origin = Origin, CheckpointEveryEntries = 5, CheckpointInterval = TimeSpan.FromHours(1) };
        await using var sequencer = await AuditSequencer.StartAsync(store, signer, options, null, Token);
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            await sequencer.AppendAsync(new AuditEntry
            {
                Time = start.AddMinutes(i),
                Action = AuditAction.DisclosureByView,
                Agency = "south-wales-police",
                User = $"analyst-{i:D4}",
                Counterparty = "cardiff-council",
                ItemId = $"item-{i:D4}",
                View = "full",
                Decision = "permit",
                ProtocolId = "wales-anti-trafficking-isp",
                ProtocolVersion = "2.1",
                Rule = "partner-information-to-police",
                Purpose = "disrupt-trafficking",
                ContentDigest = commitment,
            }, Token);
        }
    }

    /// <summary>Changes the last letter of the one occurrence of <paramref name="text"/>, keeping the entry well formed.</summary>
    private static void ChangeOneByteOf(byte[] bytes, string text)
    {
        var marker = Encoding.UTF8.GetBytes(text);
        var at = bytes.AsSpan().IndexOf(marker);
        Assert.True(at >= 0 && bytes.AsSpan(at + 1).IndexOf(marker) < 0, $"'{text}' should occur exactly once");
        bytes[at + marker.Length - 1] ^= 0x01;
    }
}
