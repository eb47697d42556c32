namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    public async Task<IReadOnlyList<long>> AppendAuditAsync(IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEntries);
        if (auditEntries.Count == 0) return [];
        await using var write = await BeginWriteAsync(cancellationToken);
        var sequences = await AppendAuditAsync(write, auditEntries, cancellationToken);
        await write.CommitAsync();
        return sequences;
    }

    /// <summary>
    /// Gives the entries the next sequence numbers from the single counter row and stores them. The counter row stays
    /// locked until commit (on SQLite the write lock already serialises writers), so numbers are handed out in commit
    /// order, and a rolled-back transaction returns its numbers instead of leaving a gap. Every write that audits comes
    /// here last, so the lock is held as briefly as possible.
    /// </summary>
    private static async Task<IReadOnlyList<long>> AppendAuditAsync(
        WriteTransaction write, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken)
    {
        if (auditEntries.Count == 0) return [];
        for (var i = 0; i < auditEntries.Count; i++)
        {
            if (auditEntries[i].IsEmpty) throw new ArgumentException($"Audit entry {i} is empty; every audit entry must carry its canonical bytes.", nameof(auditEntries));
        }

        var first = await AllocateAuditSequencesAsync(write, auditEntries.Count, cancellationToken);
        var rows = new SubmissionRows();
        rows.AddAudit(first, auditEntries);
        await write.InsertRowsAsync(SubmissionTable.Audit.InsertInto, rows[SubmissionTable.Audit], cancellationToken);

        var sequences = new long[auditEntries.Count];
        for (var i = 0; i < sequences.Length; i++) sequences[i] = first + i;
        return sequences;
    }

    /// <summary>Takes the next <paramref name="count"/> sequence numbers from the counter row (locked until commit) and returns the first.</summary>
    private static async Task<long> AllocateAuditSequencesAsync(WriteTransaction write, long count, CancellationToken cancellationToken) =>
        await write.Command(
                "UPDATE audit_counter SET next_sequence = next_sequence + @count WHERE id = 1 RETURNING next_sequence - @count")
            .With("count", count)
            .Int64OrNullAsync(cancellationToken)
        ?? throw new InvalidOperationException("The audit counter row is missing; the schema is damaged. Restore the database from a backup.");

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        RequireLimit(limit);
        return ReadAsync<IReadOnlyList<AuditRecord>>(
            async connection => await connection.Command(
                    "SELECT sequence, entry FROM audit_records WHERE sequence >= @from ORDER BY sequence LIMIT @limit")
                .With("from", fromSequence)
                .With("limit", limit)
                .ListAsync(r => new AuditRecord(r.GetInt64(0), r.GetFieldValue<byte[]>(1)), cancellationToken),
            cancellationToken);
    }

    public Task<long> AuditCountAsync(CancellationToken cancellationToken) => ReadAsync(
        async connection => await connection.Command("SELECT next_sequence FROM audit_counter WHERE id = 1")
            .Int64OrNullAsync(cancellationToken) ?? 0,
        cancellationToken);

    public async Task SaveCheckpointAsync(long treeSize, string signedNote, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        SubmissionRules.Required(signedNote, nameof(signedNote));
        await using var write = await BeginWriteAsync(cancellationToken);
        var stored = await write.Command("SELECT next_sequence FROM audit_counter WHERE id = 1").Int64OrNullAsync(cancellationToken) ?? 0;
        if (treeSize > stored)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize,
                $"A checkpoint for tree size {treeSize} cannot be stored: only {stored} audit records exist.");
        }
        var inserted = await write.Command(
                "INSERT INTO audit_checkpoints (tree_size, signed_note, recorded_at) VALUES (@tree_size, @note, @now) " +
                "ON CONFLICT (tree_size) DO NOTHING")
            .With("tree_size", treeSize)
            .With("note", signedNote)
            .With("now", Timestamp(Now()))
            .ExecuteAsync(cancellationToken);
        if (inserted == 0)
        {
            var existing = await write.Command("SELECT signed_note FROM audit_checkpoints WHERE tree_size = @tree_size")
                .With("tree_size", treeSize)
                .StringOrNullAsync(cancellationToken);
            if (!string.Equals(existing, signedNote, StringComparison.Ordinal))
            {
                throw new StoreConflictException(
                    $"A different checkpoint is already stored for tree size {treeSize}. Two signers are at work, or the log was " +
                    "rewritten; stop the sequencers and compare the two notes before going on.");
            }
            return;
        }
        await write.CommitAsync();
    }

    public Task<IReadOnlyList<(long TreeSize, string SignedNote)>> ListCheckpointsAsync(CancellationToken cancellationToken) =>
        ListCheckpointsAfterAsync(0, cancellationToken);

    public Task<IReadOnlyList<(long TreeSize, string SignedNote)>> ListCheckpointsAfterAsync(long treeSize, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<(long, string)>>(
            async connection => await connection.Command("SELECT tree_size, signed_note FROM audit_checkpoints WHERE tree_size > @after ORDER BY tree_size")
                .With("after", treeSize)
                .ListAsync(r => (r.GetInt64(0), r.GetString(1)), cancellationToken),
            cancellationToken);
}
