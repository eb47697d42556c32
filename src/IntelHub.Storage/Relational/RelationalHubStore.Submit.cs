using System.Data.Common;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    private const string InboxColumns =
        "agency_id, position, item_id, view, protocol_id, protocol_version, rule_id, obligations, queued_at";

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
            await InsertItemAsync(write, item, cancellationToken);
            await InsertIndexedMetadataAsync(write, item, cancellationToken);
            await InsertRoutingAsync(write, item.ItemId, submission.Routing, cancellationToken);
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

    private async Task InsertItemAsync(WriteTransaction write, StoredItem item, CancellationToken cancellationToken)
    {
        await write.Command(
                "INSERT INTO items (item_id, kind, originator_agency_id, submitted_by, classification, grading, legacy_grading, " +
                "handling_conditions, originator_reference, personal_data_categories, occurred_from, occurred_to, " +
                "review_date, created_at, title, full_text, sanitised_text, subject_document, content_digest, content_salt, disposed_at) VALUES " +
                "(@item_id, @kind, @originator, @submitted_by, @classification, @grading, @legacy_grading, @handling_conditions, " +
                "@originator_reference, @personal_data_categories, @occurred_from, @occurred_to, @review_date, " +
                "@created_at, @title, @full_text, @sanitised_text, @subject_document, @content_digest, @content_salt, NULL)")
            .With("item_id", item.ItemId)
            .With("kind", item.Kind)
            .With("originator", item.OriginatorAgencyId)
            .With("submitted_by", item.SubmittedBy)
            .With("classification", item.Classification)
            .With("grading", item.Grading)
            .With("legacy_grading", item.LegacyGrading)
            .With("handling_conditions", JsonList.Write(item.HandlingConditions))
            .With("originator_reference", item.OriginatorReference)
            .With("personal_data_categories", JsonList.Write(item.PersonalDataCategories))
            .With("occurred_from", Timestamp(item.OccurredFrom))
            .With("occurred_to", Timestamp(item.OccurredTo))
            .With("review_date", item.ReviewDate)
            .With("created_at", Timestamp(item.CreatedAt))
            .With("title", item.Title)
            .With("full_text", item.FullText)
            .With("sanitised_text", item.SanitisedText)
            .With("subject_document", item.SubjectDocument)
            .With("content_digest", item.ContentDigest)
            .With("content_salt", item.ContentSalt)
            .ExecuteAsync(cancellationToken);
    }

    /// <summary>
    /// The item's entity keys, themes and areas, one row each in the tables that index them for search. A value
    /// given twice in one item is one row (for an entity, the first spelling as typed is kept).
    /// </summary>
    private static async Task InsertIndexedMetadataAsync(WriteTransaction write, StoredItem item, CancellationToken cancellationToken)
    {
        await write.InsertRowsAsync("INSERT INTO item_entities (kind, match_key, item_id, ordinal, as_typed)",
            [.. item.Entities.DistinctBy(e => (e.Kind, e.MatchKey)).Select((e, i) => new object?[] { e.Kind, e.MatchKey, item.ItemId, i, e.AsTyped })],
            cancellationToken);
        await write.InsertRowsAsync("INSERT INTO item_themes (theme, exploitation_type, item_id, ordinal)",
            [.. item.Themes.Distinct(StringComparer.Ordinal).Select((t, i) => new object?[] { t, Themes.ExploitationType(t), item.ItemId, i })],
            cancellationToken);
        await write.InsertRowsAsync("INSERT INTO item_areas (area, item_id, ordinal)",
            [.. item.Areas.Distinct(StringComparer.Ordinal).Select((a, i) => new object?[] { a, item.ItemId, i })],
            cancellationToken);
    }

    private static Task InsertRoutingAsync(WriteTransaction write, string itemId, IReadOnlyList<RoutingRecord> routing, CancellationToken cancellationToken) =>
        write.InsertRowsAsync(
            "INSERT INTO routing_decisions (item_id, recipient_agency_id, permitted, view, protocol_id, protocol_version, rule_id, obligations, reasons)",
            [.. routing.Select(r => new object?[] { itemId, r.RecipientAgencyId, r.Permitted, r.View, r.ProtocolId, r.ProtocolVersion, r.RuleId, JsonList.Write(r.Obligations), r.Reasons })],
            cancellationToken);

    /// <summary>
    /// One inbox entry per permitted recipient. The position comes from the agency's counter row, updated in this
    /// transaction and held until commit: a later writer waits for it, so positions are gap-free and become visible
    /// in position order, and a reader resuming after N never misses an entry that commits later below N. The
    /// counters are taken in one statement, in agency order, so two submissions never wait on each other in a cycle.
    /// </summary>
    private async Task<IReadOnlyList<InboxEntry>> DeliverAsync(
        WriteTransaction write, string itemId, IReadOnlyList<RoutingRecord> routing, CancellationToken cancellationToken)
    {
        var recipients = routing.Where(r => r.Permitted).OrderBy(r => r.RecipientAgencyId, StringComparer.Ordinal).ToList();
        if (recipients.Count == 0) return [];
        var positions = (await write.Rows("INSERT INTO inbox_counters (agency_id, last_position)",
                    [.. recipients.Select(r => new object?[] { r.RecipientAgencyId, 1L })],
                    "ON CONFLICT (agency_id) DO UPDATE SET last_position = inbox_counters.last_position + 1 RETURNING agency_id, last_position")
                .ListAsync(r => (Agency: r.GetString(0), Position: r.GetInt64(1)), cancellationToken))
            .ToDictionary(p => p.Agency, p => p.Position, StringComparer.Ordinal);
        var queuedAt = Now();
        var delivered = recipients.Select(route => new InboxEntry(route.RecipientAgencyId, positions[route.RecipientAgencyId], itemId, route.View!,
            route.ProtocolId!, route.ProtocolVersion!, route.RuleId!, route.Obligations, queuedAt)).ToList();
        await write.InsertRowsAsync($"INSERT INTO inbox_entries ({InboxColumns})",
            [.. delivered.Select(e => new object?[] { e.AgencyId, e.Position, e.ItemId, e.View, e.ProtocolId, e.ProtocolVersion, e.RuleId, JsonList.Write(e.Obligations), Timestamp(e.QueuedAt) })],
            cancellationToken);
        return delivered;
    }

    private InboxEntry ReadInboxEntry(DbDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), reader.GetString(6), JsonList.Read(reader.GetString(7)), ReadTimestamp(reader, 8));
}
