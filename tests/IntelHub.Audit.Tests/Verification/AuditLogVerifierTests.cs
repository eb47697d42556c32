using System.Buffers.Binary;
using IntelHub.Audit.Log;
using IntelHub.Audit.Verification;

namespace IntelHub.Audit.Tests.Verification;

/// <summary>Each test damages a real 35-entry log (checkpoints at 10, 20, 30, 35) the way an attacker or a crash would.</summary>
public sealed class AuditLogVerifierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_intact_log_verifies_end_to_end()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.True(report.IsValid, report.Failure?.Message);
        Assert.Equal(35, report.Entries);
        Assert.Equal(4, report.CheckpointsVerified);
        Assert.Equal(0, report.UncoveredEntries);
    }

    [Fact]
    public async Task A_tampered_entry_is_reported_at_its_index_and_byte()
    {
        // Given entry 17's user name changed in place (still a well-formed entry)
        using var log = await new AuditLogFixture().WriteAsync(35);
        var (offset, _) = log.Record(17);
        await log.AlterEntryAsync(17, AuditLogFixture.UserFieldAt, (byte)'A', rehash: false);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.TamperedEntry, report.Failure!.Problem);
        Assert.Equal(17, report.Failure.EntryIndex);
        Assert.Equal(offset, report.Failure.ByteOffset);
        Assert.StartsWith($"Entry 17 (record at byte {offset} of entries.log) was altered", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_rewritten_with_its_leaf_hash_is_caught_by_the_next_signed_checkpoint()
    {
        // Given entry 17 changed and its recorded leaf hash recomputed to match
        using var log = await new AuditLogFixture().WriteAsync(35);
        await log.AlterEntryAsync(17, AuditLogFixture.UserFieldAt, (byte)'A', rehash: true);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.RewrittenEntries, report.Failure!.Problem);
        Assert.Equal(2, report.Failure.CheckpointNumber);
        Assert.Contains("between index 10 (the last size that matched a checkpoint) and 19", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_entry_is_reported_with_the_bad_byte()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        await log.AlterEntryAsync(4, 9, 99, rehash: true);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.MalformedEntry, report.Failure!.Problem);
        Assert.Equal(4, report.Failure.EntryIndex);
        Assert.Contains("byte 9: action code 99 is not a known audit action", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_cut_inside_a_record_is_reported_as_truncated_at_that_entry()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var (offset, _) = log.Record(33);
        Truncate(log.EntriesPath, offset + 20);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.TruncatedLog, report.Failure!.Problem);
        Assert.Equal(33, report.Failure.EntryIndex);
        Assert.Contains($"truncated inside entry 33: its record at byte {offset}", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_cut_between_records_is_reported_with_the_missing_range()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        Truncate(log.EntriesPath, log.Record(30).Offset);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.TruncatedLog, report.Failure!.Problem);
        Assert.Equal(30, report.Failure.EntryIndex);
        Assert.Contains("holds 30 entries but checkpoint 4", report.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("entries 30 to 34 are missing", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_rolled_back_with_its_checkpoints_is_caught_by_a_checkpoint_the_verifier_kept()
    {
        // Given an oversight body that kept the checkpoint of size 35, and a log rolled back to 20 entries and its first two checkpoints
        using var log = await new AuditLogFixture().WriteAsync(35);
        var kept = log.CheckpointNotes()[^1];
        Truncate(log.EntriesPath, log.Record(20).Offset);
        var checkpoints = LogFiles.ReadCheckpoints(log.CheckpointsPath, out _);
        Truncate(log.CheckpointsPath, checkpoints[2].Offset);

        // Then the log alone looks fine, but against the kept checkpoint it is a rollback
        Assert.True(AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct).IsValid);
        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), [kept], Ct);
        Assert.Equal(VerificationProblem.RolledBack, report.Failure!.Problem);
        Assert.Contains("holds 20 entries but trusted checkpoint 1 covers 35", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_smaller_than_the_one_before_it_is_a_rollback()
    {
        // Given the checkpoint file replayed with an older checkpoint after the newest one
        using var log = await new AuditLogFixture().WriteAsync(35);
        var notes = log.CheckpointNotes();
        await AppendCheckpointRecordAsync(log.CheckpointsPath, notes[1]);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.RolledBack, report.Failure!.Problem);
        Assert.Equal(5, report.Failure.CheckpointNumber);
        Assert.Contains("covers 20 entries, fewer than the 35", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forked_tree_signed_with_the_same_key_is_reported_as_a_fork_with_the_range()
    {
        // Given a second history written with the same key: the first 15 entries agree, then they differ
        using var log = await new AuditLogFixture().WriteAsync(35);
        using var fork = new AuditLogFixture { KeyPath = log.KeyPath };
        await fork.WriteAsync(15);
        await fork.WriteAsync(5, from: 100);
        var forkAt20 = fork.CheckpointNotes().First(n => log.Keys().Verify(n).Checkpoint!.Size == 20);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), [forkAt20], Ct);

        Assert.Equal(VerificationProblem.Forked, report.Failure!.Problem);
        Assert.Contains("forked at size 20", report.Failure.Message, StringComparison.Ordinal);
        // No earlier trusted checkpoint bounds it: the log's own checkpoint at 10 vouches only for the log's history.
        Assert.Contains("between index 0 and 19", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fork_against_a_trusted_checkpoint_is_bounded_by_trusted_checkpoints_not_by_the_logs_own()
    {
        // Given a verifier that kept the genuine checkpoint of size 30, and a log rewritten from entry 5 on and re-signed with the same key
        using var genuine = await new AuditLogFixture().WriteAsync(35);
        var kept = genuine.CheckpointNotes().First(n => genuine.Keys().Verify(n).Checkpoint!.Size == 30);
        using var rewritten = new AuditLogFixture { KeyPath = genuine.KeyPath };
        await rewritten.WriteAsync(5);
        await rewritten.WriteAsync(30, from: 100);

        // When the rewritten log is verified against the kept checkpoint
        var report = AuditLogVerifier.Verify(rewritten.LogDirectory, genuine.Keys(), [kept], Ct);

        // Then the fork is placed anywhere before 30: the rewritten log's checkpoints at 5, 15 and 25 vouch for nothing
        Assert.Equal(VerificationProblem.Forked, report.Failure!.Problem);
        Assert.Contains("forked at size 30", report.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("between index 0 and 29", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exports_checkpoint_txt_re_signed_over_another_history_fails_beside_an_untouched_log()
    {
        // Given an untouched export whose checkpoint.txt was replaced by one signed with the same key over other entries
        using var genuine = await new AuditLogFixture().WriteAsync(35);
        using var other = new AuditLogFixture { KeyPath = genuine.KeyPath };
        await other.WriteAsync(35, from: 100);
        var export = await ExportWithCheckpointTxtAsync(genuine, other.CheckpointNotes()[^1]);

        // When the export is verified
        var report = AuditLogVerifier.Verify(export, genuine.Keys(), cancellationToken: Ct);

        // Then checkpoint.txt is checked like every other checkpoint, and contradicts the log
        Assert.Equal(VerificationProblem.Forked, report.Failure!.Problem);
        Assert.Contains("forked at size 35: checkpoint.txt commits to root", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exports_checkpoint_txt_signed_by_an_unknown_key_fails()
    {
        using var genuine = await new AuditLogFixture().WriteAsync(12);
        using var stranger = await new AuditLogFixture().WriteAsync(12);
        var export = await ExportWithCheckpointTxtAsync(genuine, stranger.CheckpointNotes()[^1]);

        var report = AuditLogVerifier.Verify(export, genuine.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.UnknownKey, report.Failure!.Problem);
        Assert.StartsWith("Checkpoint.txt (size 12): ", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_signed_by_an_unknown_key_is_named()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        using var stranger = new AuditLogFixture();

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(stranger.KeyPath), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.UnknownKey, report.Failure!.Problem);
        Assert.Equal(1, report.Failure.CheckpointNumber);
        Assert.StartsWith("Checkpoint 1 (record at byte 0 of checkpoints.log) (size 10): signed only by unknown key(s)", report.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_whose_text_was_edited_fails_its_signature()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var notes = log.CheckpointNotes();
        File.Delete(log.CheckpointsPath);
        foreach (var note in notes)
        {
            await AppendCheckpointRecordAsync(log.CheckpointsPath, note.Replace("\n30\n", "\n31\n", StringComparison.Ordinal));
        }

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.BadSignature, report.Failure!.Problem);
        Assert.Equal(3, report.Failure.CheckpointNumber);
    }

    [Fact]
    public async Task Entries_with_no_checkpoint_at_all_are_not_vouched_for()
    {
        using var log = await new AuditLogFixture().WriteAsync(5);
        File.Delete(log.CheckpointsPath);

        var report = AuditLogVerifier.Verify(log.LogDirectory, log.Keys(), cancellationToken: Ct);

        Assert.Equal(VerificationProblem.NoCheckpoint, report.Failure!.Problem);
    }

    [Fact]
    public async Task An_export_verifies_and_a_second_export_will_not_overwrite_it()
    {
        using var log = await new AuditLogFixture().WriteAsync(35);
        var export = Path.Combine(log.Scratch, "export");

        Assert.Equal(35, AuditLogExport.Export(log.LogDirectory, export));

        Assert.True(AuditLogVerifier.Verify(export, log.Keys(), cancellationToken: Ct).IsValid);
        Assert.Equal(log.CheckpointNotes()[^1], await File.ReadAllTextAsync(Path.Combine(export, LogFiles.LatestCheckpointFile), Ct));
        Assert.Throws<IOException>(() => AuditLogExport.Export(log.LogDirectory, export));
    }

    /// <summary>Exports the log, then replaces the export's checkpoint.txt with <paramref name="note"/>.</summary>
    private static async Task<string> ExportWithCheckpointTxtAsync(AuditLogFixture log, string note)
    {
        var export = Path.Combine(log.Scratch, "export");
        AuditLogExport.Export(log.LogDirectory, export);
        await File.WriteAllTextAsync(Path.Combine(export, LogFiles.LatestCheckpointFile), note, Ct);
        return export;
    }

    private static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open);
        file.SetLength(length);
    }

    private static async Task AppendCheckpointRecordAsync(string path, string note)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(note);
        var record = new byte[4 + text.Length];
        BinaryPrimitives.WriteUInt32BigEndian(record, (uint)text.Length);
        text.CopyTo(record, 4);
        await File.AppendAllBytesAsync(path, record, Ct);
    }
}
