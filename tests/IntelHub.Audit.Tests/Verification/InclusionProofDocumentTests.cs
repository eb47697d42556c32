using IntelHub.Audit.Entries;
using IntelHub.Audit.Verification;

namespace IntelHub.Audit.Tests.Verification;

public sealed class InclusionProofDocumentTests
{
    [Fact]
    public async Task A_proof_verifies_with_the_public_key_alone_after_the_log_is_gone()
    {
        // Given a proof of entry 13 against the latest checkpoint, and the log then deleted
        using var log = await new AuditLogFixture().WriteAsync(35);
        var proof = AuditLogProver.Prove(log.LogDirectory, 13);
        var keys = log.Keys();
        Directory.Delete(log.LogDirectory, recursive: true);

        // When it is checked offline
        var result = InclusionProofDocument.Verify(proof, keys);

        // Then it proves the entry, which is shown in full
        Assert.True(result.IsValid, result.Failure?.Message);
        Assert.Equal("item-13", result.Entry!.ItemId);
        Assert.Equal(35, result.Checkpoint!.Size);
    }

    [Fact]
    public async Task A_proof_is_in_the_tlog_proof_format()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var entry = AuditEntryEncoding.Encode(log.Entries()[13]);

        var lines = AuditLogProver.Prove(log.LogDirectory, 13, size: 20).Split('\n');

        Assert.Equal("c2sp.org/tlog-proof@v1", lines[0]);
        Assert.Equal("extra " + Convert.ToBase64String(entry), lines[1]);
        Assert.Equal("index 13", lines[2]);
        Assert.Equal(5, lines.TakeWhile(l => l.Length > 0).Count() - 3);
        Assert.Equal(log.CheckpointNotes()[1], string.Join('\n', lines[9..]));
    }

    [Fact]
    public async Task A_proof_missing_a_hash_says_how_many_it_needs()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var lines = AuditLogProver.Prove(log.LogDirectory, 13, size: 20).Split('\n').ToList();
        lines.RemoveAt(4);

        var result = InclusionProofDocument.Verify(string.Join('\n', lines), log.Keys());

        Assert.Equal(VerificationProblem.MalformedProof, result.Failure!.Problem);
        Assert.Contains("The audit path has 4 hashes; a proof for leaf 13 in a tree of 20 leaves has exactly 5", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proof_with_a_corrupt_hash_line_names_the_line()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var lines = AuditLogProver.Prove(log.LogDirectory, 13).Split('\n');
        lines[5] = "not base64!";

        var result = InclusionProofDocument.Verify(string.Join('\n', lines), log.Keys());

        Assert.Equal("Malformed proof: line 6: audit path hash 3 is not 32 bytes in base64.", result.Failure!.Message);
    }

    [Fact]
    public async Task A_proof_for_an_altered_entry_does_not_verify()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var lines = AuditLogProver.Prove(log.LogDirectory, 13).Split('\n');
        var forged = log.Entries()[13] with { Counterparty = "someone-else" };
        lines[1] = "extra " + Convert.ToBase64String(AuditEntryEncoding.Encode(forged));

        var result = InclusionProofDocument.Verify(string.Join('\n', lines), log.Keys());

        Assert.Equal(VerificationProblem.RewrittenEntries, result.Failure!.Problem);
        Assert.StartsWith("Entry 13 is not proved: The audit path for leaf 13 leads to root", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proof_without_the_header_is_malformed_at_line_1()
    {
        using var log = await new AuditLogFixture().WriteAsync(12);

        var result = InclusionProofDocument.Verify("index 3\n", log.Keys());

        Assert.Equal("Malformed proof: line 1: a proof starts with 'c2sp.org/tlog-proof@v1'.", result.Failure!.Message);
    }

    [Fact]
    public async Task A_proof_missing_the_blank_line_before_its_checkpoint_names_no_origin_and_is_malformed()
    {
        using var log = await new AuditLogFixture().WriteAsync(12);
        var document = AuditLogProver.Prove(log.LogDirectory, 3, null);
        var withoutBlank = document.Replace("\n\n" + AuditLogFixture.Origin + "\n", "\n" + AuditLogFixture.Origin + "\n", StringComparison.Ordinal);

        Assert.Null(VerifierKeys.OriginOfProof(withoutBlank));
        var result = InclusionProofDocument.Verify(withoutBlank, log.Keys());
        Assert.Equal(VerificationProblem.MalformedProof, result.Failure!.Problem);
    }

    [Fact]
    public async Task Proving_against_a_size_with_no_checkpoint_lists_the_sizes_there_are()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);

        var error = Assert.Throws<ArgumentException>(() => AuditLogProver.Prove(log.LogDirectory, 3, size: 25));

        Assert.StartsWith("No signed checkpoint has size 25; recent checkpoint sizes are 10, 20, 30, 35.", error.Message, StringComparison.Ordinal);
    }
}
