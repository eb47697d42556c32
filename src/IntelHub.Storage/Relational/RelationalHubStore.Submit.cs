using System.Data.Common;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    private static readonly string InboxColumns = SubmissionTable.Inbox.Columns;

    public Task<SubmissionOutcome> SubmitAsync(Submission submission, CancellationToken cancellationToken)
    {
        SubmissionRules.Check(submission);
        return _submissions.SubmitAsync(submission, cancellationToken);
    }

    /// <summary>
    /// Stores a batch of submissions in one transaction, each in a savepoint: a submission that fails rolls back to
    /// its savepoint and its caller gets the failure; the others commit together. The callers are answered after the
    /// commit, so a reply still means durable. The SQL runs without the callers' tokens: a submission taken into a
    /// batch is written whole or, if the batch fails, not at all.
    /// </summary>
    private async Task WriteSubmissionBatchAsync(Func<IReadOnlyList<SubmissionGroupCommit.Pending>> takeBatch)
    {
        IReadOnlyList<SubmissionGroupCommit.Pending> batch;
        (SubmissionOutcome? Outcome, Exception? Failure)[] results;
        await using (var write = await BeginWriteAsync(CancellationToken.None))
        {
            await LockForSubmissionBatchAsync(write);
            batch = takeBatch();
            if (batch.Count == 0) return;
            results = new (SubmissionOutcome?, Exception?)[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                await write.Transaction.SaveAsync(SubmissionSavepoint);
                try
                {
                    results[i] = (await StoreSubmissionAsync(write, batch[i].Submission, CancellationToken.None), null);
                }
                catch (Exception failure)
                {
                    await RollBackToSavepointOrFailBatchAsync(write, failure);
                    results[i] = (null, failure);
                }
                await write.Transaction.ReleaseAsync(SubmissionSavepoint);
            }
            await write.CommitAsync();
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i].Outcome is { } outcome) batch[i].Outcome.TrySetResult(outcome);
            else batch[i].Outcome.TrySetException(results[i].Failure!);
        }
    }

    private const string SubmissionSavepoint = "submission";

    /// <summary>
    /// Undoes one failed submission. Some failures (SQLite's full disk or I/O errors) end the whole transaction, so
    /// the savepoint is gone: then the batch fails with the submission's own failure, which says what went wrong.
    /// </summary>
    private static async Task RollBackToSavepointOrFailBatchAsync(WriteTransaction write, Exception failure)
    {
        try
        {
            await write.Transaction.RollbackAsync(SubmissionSavepoint);
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
            rows.AddRouting(item.ItemId, submission.Routing);
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
    private static async Task WriteRowsAsync(WriteTransaction write, SubmissionRows rows, CancellationToken cancellationToken)
    {
        foreach (var table in SubmissionTable.InWriteOrder)
        {
            if (rows[table].Count > 0) await write.InsertRowsAsync(table.InsertInto, rows[table], cancellationToken);
        }
    }

    private InboxEntry ReadInboxEntry(DbDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), reader.GetString(6), JsonList.Read(reader.GetString(7)), ReadTimestamp(reader, 8))
    {
        DisseminationId = reader.FieldCount > 9 ? reader.NullableString(9) : null,
    };
}
