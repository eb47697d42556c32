using System.Data.Common;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    private static readonly string InboxColumns = SubmissionTable.Inbox.Columns;

    public Task<SubmissionOutcome> SubmitAsync(Submission submission, CancellationToken cancellationToken)
    {
        SubmissionRules.Check(submission);
        for (var i = 0; i < submission.AuditEntries.Count; i++)
        {
            if (submission.AuditEntries[i].IsEmpty)
                throw new ArgumentException($"Audit entry {i} of item {submission.Item.ItemId} is empty; every audit entry must carry its canonical bytes.", nameof(submission));
        }
        return _submissions.SubmitAsync(submission, cancellationToken);
    }

    /// <summary>
    /// Stores a batch of submissions in one transaction and answers each caller after the commit, so a reply still
    /// means durable. The batch is written set-based (<see cref="StoreBatchTogetherAsync"/>); if that fails because of
    /// one submission (an item id already stored, a key another process wrote meanwhile), it is undone and the batch
    /// is written one submission at a time, each in a savepoint, so the failing caller gets its own answer and the
    /// others commit. The SQL runs without the callers' tokens: a submission taken into a batch is written whole or,
    /// if the batch fails, not at all.
    /// </summary>
    private async Task WriteSubmissionBatchAsync(Func<IReadOnlyList<SubmissionGroupCommit.Pending>> takeBatch)
    {
        IReadOnlyList<SubmissionGroupCommit.Pending> batch;
        SubmissionResult[] results;
        await using (var write = await BeginWriteAsync(CancellationToken.None))
        {
            await LockForSubmissionBatchAsync(write);
            batch = takeBatch();
            if (batch.Count == 0) return;
            var submissions = batch.Select(p => p.Submission).ToList();
            results = await TryStoreBatchTogetherAsync(write, submissions) ?? await StoreOneByOneAsync(write, submissions);
            await write.CommitAsync();
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i].Outcome is { } outcome) batch[i].Outcome.TrySetResult(outcome);
            else batch[i].Outcome.TrySetException(results[i].Failure!);
        }
    }

    /// <summary>One caller's answer: its outcome, or the failure that refused its submission alone.</summary>
    private readonly record struct SubmissionResult(SubmissionOutcome? Outcome, Exception? Failure);

    private const string BatchSavepoint = "batch";

    private const string SubmissionSavepoint = "submission";

    /// <summary>The batch written set-based inside a savepoint, or null when the database refused it (then nothing of it is left).</summary>
    private async Task<SubmissionResult[]?> TryStoreBatchTogetherAsync(WriteTransaction write, IReadOnlyList<Submission> batch)
    {
        await write.Transaction.SaveAsync(BatchSavepoint);
        try
        {
            var results = await StoreBatchTogetherAsync(write, batch, CancellationToken.None);
            await write.Transaction.ReleaseAsync(BatchSavepoint);
            return results;
        }
        catch (DbException failure)
        {
            await RollBackToSavepointOrFailBatchAsync(write, BatchSavepoint, failure);
            await write.Transaction.ReleaseAsync(BatchSavepoint);
            return null;
        }
    }

    /// <summary>
    /// One query finds which of the batch's idempotency keys are already stored; the new submissions (first use of
    /// their key, in batch order) are written together, then every repeat, stored earlier or earlier in this batch,
    /// gets the first submission's outcome, or a conflict when its request differs.
    /// </summary>
    private async Task<SubmissionResult[]> StoreBatchTogetherAsync(WriteTransaction write, IReadOnlyList<Submission> batch, CancellationToken cancellationToken)
    {
        var stored = await StoredKeysAsync(write, batch, cancellationToken);
        var claimed = new HashSet<(string, string)>();
        var fresh = new List<int>(batch.Count);
        var repeats = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var key = KeyOf(batch[i]);
            if (!stored.Contains(key) && claimed.Add(key)) fresh.Add(i);
            else repeats.Add(i);
        }

        var results = new SubmissionResult[batch.Count];
        if (fresh.Count > 0)
        {
            var outcomes = await StoreTogetherAsync(write, fresh.Select(i => batch[i]).ToList(), cancellationToken);
            for (var f = 0; f < fresh.Count; f++) results[fresh[f]] = new SubmissionResult(outcomes[f], null);
        }
        foreach (var i in repeats)
        {
            try
            {
                results[i] = new SubmissionResult(await RepeatedSubmissionAsync(write, batch[i], cancellationToken), null);
            }
            catch (StoreConflictException conflict)
            {
                results[i] = new SubmissionResult(null, conflict);
            }
        }
        return results;
    }

    private static (string Originator, string Key) KeyOf(Submission submission) => (submission.Item.OriginatorAgencyId, submission.IdempotencyKey);

    /// <summary>Which of the batch's (originator, idempotency key) pairs are stored already, in one query.</summary>
    private static async Task<HashSet<(string, string)>> StoredKeysAsync(WriteTransaction write, IReadOnlyList<Submission> batch, CancellationToken cancellationToken)
    {
        var keys = batch.Select(KeyOf).Distinct().ToList();
        var command = write.Command("");
        var where = new System.Text.StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            where.Append(i == 0 ? "" : " OR ").Append($"(originator_agency_id = @o{i} AND idempotency_key = @k{i})");
            command.With($"o{i}", keys[i].Originator).With($"k{i}", keys[i].Key);
        }
#pragma warning disable CA2100 // Constant SQL and generated parameter names only; the keys travel as parameters.
        command.CommandText = $"SELECT originator_agency_id, idempotency_key FROM idempotency_keys WHERE {where}";
#pragma warning restore CA2100
        return (await command.ListAsync(r => (r.GetString(0), r.GetString(1)), cancellationToken)).ToHashSet();
    }

    /// <summary>The batch one submission at a time, each in a savepoint: a submission that fails rolls back alone and its caller gets the failure.</summary>
    private async Task<SubmissionResult[]> StoreOneByOneAsync(WriteTransaction write, List<Submission> batch)
    {
        var results = new SubmissionResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            await write.Transaction.SaveAsync(SubmissionSavepoint);
            try
            {
                results[i] = new SubmissionResult(await StoreSubmissionAsync(write, batch[i], CancellationToken.None), null);
            }
            catch (Exception failure)
            {
                await RollBackToSavepointOrFailBatchAsync(write, SubmissionSavepoint, failure);
                results[i] = new SubmissionResult(null, failure);
            }
            await write.Transaction.ReleaseAsync(SubmissionSavepoint);
        }
        return results;
    }

    /// <summary>
    /// Undoes a failed write back to its savepoint. Some failures (SQLite's full disk or I/O errors) end the whole transaction, so
    /// the savepoint is gone: then the batch fails with the write's own failure, which says what went wrong.
    /// </summary>
    private static async Task RollBackToSavepointOrFailBatchAsync(WriteTransaction write, string savepoint, Exception failure)
    {
        try
        {
            await write.Transaction.RollbackAsync(savepoint);
        }
        catch (Exception gone) when (gone is DbException or InvalidOperationException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// Taken at the start of a submission batch, before any other lock: where several processes write (PostgreSQL),
    /// a batch holds many submissions' counter rows at once, and taking the audit counter first makes batches of
    /// different processes queue instead of each holding a counter the other waits for.
    /// </summary>
    private protected abstract Task LockForSubmissionBatchAsync(WriteTransaction write);

    /// <summary>One submission inside the caller's transaction; a repeat writes nothing and returns the first outcome.</summary>
    private async Task<SubmissionOutcome> StoreSubmissionAsync(WriteTransaction write, Submission submission, CancellationToken cancellationToken)
    {
        var item = submission.Item;

        // The key goes in first: of two identical submissions racing, the database's unique key lets one through
        // and makes the other wait for it, then find the winner's row.
        var claimed = await write.Command(
                "INSERT INTO idempotency_keys (originator_agency_id, idempotency_key, item_id, content_digest, " +
                "first_audit_sequence, audit_count, recorded_at) " +
                "VALUES (@originator, @key, @item_id, @digest, 0, 0, @now) " +
                "ON CONFLICT (originator_agency_id, idempotency_key) DO NOTHING")
            .With("originator", item.OriginatorAgencyId)
            .With("key", submission.IdempotencyKey)
            .With("item_id", item.ItemId)
            .With("digest", submission.RequestDigest ?? item.ContentDigest)
            .With("now", Timestamp(Now()))
            .ExecuteAsync(cancellationToken) == 1;
        if (!claimed) return await RepeatedSubmissionAsync(write, submission, cancellationToken);

        try
        {
            var rows = new SubmissionRows();
            rows.AddItem(item, Timestamp);
            rows.AddRouting(item, submission.Routing, Timestamp);
            await WriteRowsAsync(write, rows, cancellationToken);
            var delivered = await DeliverAsync(write, item.ItemId, submission.Routing, cancellationToken);
            var sequences = await AppendAuditAsync(write, submission.AuditEntries, cancellationToken);
            if (sequences.Count > 0)
            {
                await write.Command(
                        "UPDATE idempotency_keys SET first_audit_sequence = @first, audit_count = @count " +
                        "WHERE originator_agency_id = @originator AND idempotency_key = @key")
                    .With("first", sequences[0])
                    .With("count", (long)sequences.Count)
                    .With("originator", item.OriginatorAgencyId)
                    .With("key", submission.IdempotencyKey)
                    .ExecuteAsync(cancellationToken);
            }
            return new SubmissionOutcome(item.ItemId, Duplicate: false, delivered, sequences);
        }
        catch (DbException exception) when (IsUniqueViolation(exception))
        {
            throw new StoreConflictException(
                $"Item {item.ItemId} could not be stored: it conflicts with stored data ({exception.Message}). " +
                "Check that the item id is new and that no agency appears twice in the routing. Nothing was stored.", exception);
        }
    }

    /// <summary>The first submission's outcome, returned for a repeat, which writes nothing.</summary>
    private async Task<SubmissionOutcome> RepeatedSubmissionAsync(WriteTransaction write, Submission submission, CancellationToken cancellationToken)
    {
        var item = submission.Item;
        var first = await write.Command(
                "SELECT item_id, content_digest, first_audit_sequence, audit_count FROM idempotency_keys " +
                "WHERE originator_agency_id = @originator AND idempotency_key = @key")
            .With("originator", item.OriginatorAgencyId)
            .With("key", submission.IdempotencyKey)
            .ListAsync(r => (ItemId: r.GetString(0), Digest: r.GetString(1), FirstSequence: r.GetInt64(2), Count: r.GetInt64(3)), cancellationToken);
        var (itemId, digest, firstSequence, count) = first.Single();
        if (!await IsSameRequestAsync(write, submission, itemId, digest, cancellationToken))
        {
            throw new StoreConflictException(
                $"Idempotency key '{submission.IdempotencyKey}' of agency {item.OriginatorAgencyId} was already used for item {itemId} " +
                "with a different request (text, kind, marking, grading, handling, review date or subject). Use a new idempotency key for a new submission. Nothing was stored.");
        }
        var delivered = await write.Command($"SELECT {InboxColumns} FROM inbox_entries WHERE item_id = @item_id ORDER BY agency_id, position")
            .With("item_id", itemId)
            .ListAsync(ReadInboxEntry, cancellationToken);
        var sequences = new long[count];
        for (var i = 0; i < count; i++) sequences[i] = firstSequence + i;
        return new SubmissionOutcome(itemId, Duplicate: true, delivered, sequences);
    }

    /// <summary>
    /// Whether a repeat under the same key is the same request: by the digest of the whole request when the
    /// hub gave one; otherwise by the stored content, since content commitments are salted afresh per submission.
    /// </summary>
    private static async Task<bool> IsSameRequestAsync(WriteTransaction write, Submission submission, string itemId, string storedDigest, CancellationToken cancellationToken)
    {
        if (submission.RequestDigest is { } requestDigest) return string.Equals(storedDigest, requestDigest, StringComparison.Ordinal);
        var item = submission.Item;
        var firstContent = await write.Command("SELECT full_text, sanitised_text, subject_document FROM items WHERE item_id = @item_id")
            .With("item_id", itemId)
            .ListAsync(r => (FullText: r.NullableString(0), SanitisedText: r.NullableString(1), Subject: r.IsDBNull(2) ? null : r.GetFieldValue<byte[]>(2)), cancellationToken);
        var (fullText, sanitisedText, subject) = firstContent.Single();
        return string.Equals(fullText, item.FullText, StringComparison.Ordinal)
            && string.Equals(sanitisedText, item.SanitisedText, StringComparison.Ordinal)
            && (subject ?? []).AsSpan().SequenceEqual(item.SubjectDocument);
    }

    /// <summary>
    /// One inbox entry per permitted recipient. The position comes from the agency's counter row, updated in this
    /// transaction and held until commit: a later writer waits for it, so positions are gap-free and become visible
    /// in position order, and a reader resuming after N never misses an entry that commits later below N. The
    /// counters are taken in one statement, in agency order, so two submissions never wait on each other in a cycle.
    /// </summary>
    private async Task<IReadOnlyList<InboxEntry>> DeliverAsync(
        WriteTransaction write, string itemId, IReadOnlyList<RoutingRecord> routing, CancellationToken cancellationToken)
    {
        var recipients = SubmissionRows.Recipients(routing);
        if (recipients.Count == 0) return [];
        var positions = await AllocateInboxPositionsAsync(write, recipients.Select(r => (r.RecipientAgencyId, 1L)).ToList(), cancellationToken);
        var delivered = SubmissionRows.Deliveries(itemId, recipients, agency => positions[agency], Now());
        var rows = new SubmissionRows();
        rows.AddInbox(delivered, Timestamp);
        await WriteRowsAsync(write, rows, cancellationToken);
        return delivered;
    }

    /// <summary>
    /// Takes <c>Count</c> inbox positions for each agency from its counter row, in one statement in agency order (so two
    /// writers never wait on each other in a cycle), and returns the last position taken per agency.
    /// </summary>
    private static async Task<Dictionary<string, long>> AllocateInboxPositionsAsync(
        WriteTransaction write, IReadOnlyList<(string Agency, long Count)> counts, CancellationToken cancellationToken) =>
        (await write.Rows("INSERT INTO inbox_counters (agency_id, last_position)",
                [.. counts.OrderBy(c => c.Agency, StringComparer.Ordinal).Select(c => new object?[] { c.Agency, c.Count })],
                "ON CONFLICT (agency_id) DO UPDATE SET last_position = inbox_counters.last_position + excluded.last_position " +
                "RETURNING agency_id, last_position")
            .ListAsync(r => (Agency: r.GetString(0), Position: r.GetInt64(1)), cancellationToken))
        .ToDictionary(p => p.Agency, p => p.Position, StringComparer.Ordinal);

    /// <summary>Writes the rows table by table, the item's before those that refer to it.</summary>
    private async Task WriteRowsAsync(WriteTransaction write, SubmissionRows rows, CancellationToken cancellationToken)
    {
        foreach (var table in SubmissionTable.InWriteOrder)
        {
            if (rows[table].Count == 0) continue;
            if (table == SubmissionTable.Items) await InsertItemsAsync(write, rows[table], cancellationToken);
            else await write.InsertRowsAsync(table.InsertInto, rows[table], cancellationToken);
        }
    }

    /// <summary>Inserts items' rows; an engine that indexes their texts once a write rather than once a row (SQLite's FTS5) overrides it.</summary>
    private protected virtual Task InsertItemsAsync(WriteTransaction write, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        write.InsertRowsAsync(SubmissionTable.Items.InsertInto, rows, cancellationToken);

    private InboxEntry ReadInboxEntry(DbDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), reader.GetString(6), JsonList.Read(reader.GetString(7)), ReadTimestamp(reader, 8))
    {
        DisseminationId = reader.FieldCount > 9 ? reader.NullableString(9) : null,
    };
}
