using IntelHub.Audit.Verification;

namespace IntelHub.Audit.Tests.Verification;

public sealed class ConsistencyProofDocumentTests
{
    [Fact]
    public async Task A_grown_log_proves_it_extends_a_checkpoint_kept_from_before()
    {
        // Given a checkpoint kept at 12 entries, and the log grown to 35 since
        using var log = await new AuditLogFixture().WriteAsync(12);
        var kept = log.CheckpointNotes()[^1];
        await log.WriteAsync(23, from: 12);

        // When the hub proves consistency and the holder of the kept checkpoint checks it with the key alone
        var proof = AuditLogProver.ProveConsistency(log.LogDirectory, kept);
        var result = ConsistencyProofDocument.Verify(proof, kept, log.Keys());

        // Then the new tree extends the kept one
        Assert.True(result.IsValid, result.Failure?.Message);
        Assert.Equal(12, result.Kept!.Size);
        Assert.Equal(35, result.Current!.Size);
        Assert.StartsWith("old 12\n", proof, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_that_forked_after_the_kept_checkpoint_fails_as_a_fork()
    {
        // Given a kept checkpoint at 20 entries from one history, and a log with another history signed by the same key
        using var log = await new AuditLogFixture().WriteAsync(35);
        using var other = new AuditLogFixture { KeyPath = log.KeyPath };
        await other.WriteAsync(15);
        await other.WriteAsync(5, from: 100);
        var keptFromOtherHistory = other.CheckpointNotes()[^1];

        var proof = AuditLogProver.ProveConsistency(log.LogDirectory, keptFromOtherHistory);
        var result = ConsistencyProofDocument.Verify(proof, keptFromOtherHistory, log.Keys());

        Assert.Equal(VerificationProblem.Forked, result.Failure!.Problem);
        Assert.StartsWith("The checkpoint of size 35 does not extend the kept checkpoint of size 20", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_smaller_than_the_kept_one_is_a_rollback()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var notes = log.CheckpointNotes();
        var rolledBack = "old 35\n\n" + notes[1];

        var result = ConsistencyProofDocument.Verify(rolledBack, notes[^1], log.Keys());

        Assert.Equal(VerificationProblem.RolledBack, result.Failure!.Problem);
        Assert.Contains("covers 20 entries, fewer than the 35", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consistency_proof_missing_a_hash_says_how_many_it_needs()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var kept = log.CheckpointNotes()[0];
        var lines = AuditLogProver.ProveConsistency(log.LogDirectory, kept).Split('\n').ToList();
        lines.RemoveAt(1);

        var result = ConsistencyProofDocument.Verify(string.Join('\n', lines), kept, log.Keys());

        Assert.Equal(VerificationProblem.MalformedProof, result.Failure!.Problem);
        Assert.Contains("a proof from size 10 to size 35 has exactly", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consistency_proof_whose_first_line_is_not_old_is_malformed_at_line_1()
    {
        using var log = await new AuditLogFixture().WriteAsync(12);
        var kept = log.CheckpointNotes()[0];

        var result = ConsistencyProofDocument.Verify("index 3\n\n" + kept, kept, log.Keys());

        Assert.Equal("Malformed consistency proof: line 1: expected 'old <tree size>'.", result.Failure!.Message);
    }
}
