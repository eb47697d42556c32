using System.Data.Common;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    public async Task<IReadOnlyList<SubmissionOutcome>> BulkLoadAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        foreach (var submission in submissions)
        {
            SubmissionRules.Check(submission);
            if (submission.AuditEntries.Count == 0 || submission.AuditEntries.Any(e => e.IsEmpty))
            {
                throw new ArgumentException($"Submission of item {submission.Item.ItemId} carries no audit entry or an empty one; every stored submission is audited.", nameof(submissions));
            }
        }
        if (submissions.Count == 0) return [];

        await using var write = await BeginWriteAsync(cancellationToken);
        try
        {
            var outcomes = await StoreTogetherAsync(write, submissions, cancellationToken);
            // Routed under protocols the hub may not hold: its next start decides every item again (EntitlementCoverage).
            await write.Command(ForgetEntitlementCoverage).ExecuteAsync(cancellationToken);
            await write.CommitAsync();
            return outcomes;
        }
        catch (DbException exception) when (IsUniqueViolation(exception))
        {
            throw new StoreConflictException(
                $"A batch of {submissions.Count} submissions could not be loaded: it conflicts with stored data ({exception.Message}). " +
                "A bulk load takes new items only: load into a fresh store, or give every item a new id and idempotency key. Nothing of the batch was stored.", exception);
        }
    }

    public async Task FinishBulkLoadAsync(CancellationToken cancellationToken)
    {
        await using var write = await BeginWriteAsync(cancellationToken);
        foreach (var sql in AfterBulkLoadSql) await write.Command(sql).ExecuteAsync(cancellationToken);
        await write.CommitAsync();
    }

    /// <summary>The statements that ready the engine's search indexes after a bulk load (<see cref="FinishBulkLoadAsync"/>).</summary>
    private protected abstract IReadOnlyList<string> AfterBulkLoadSql { get; }

    /// <summary>
    /// Writes new submissions (none of whose idempotency keys is stored) set-based: each table's rows of all of them
    /// together, the inbox counters of all recipients in one statement, the audit sequences in one. Positions and
    /// sequences are handed out in list order, as one submission after another would take them. Shared by the bulk
    /// loader and the submission group commit, so both store exactly the rows one submission would. A conflict with
    /// stored data (an item id, a key written meanwhile) throws the engine's unique violation and the caller decides.
    /// </summary>
    private async Task<IReadOnlyList<SubmissionOutcome>> StoreTogetherAsync(
        WriteTransaction write, IReadOnlyList<Submission> submissions, CancellationToken cancellationToken)
    {
        var recordedAt = Now();

        // The lock order of a single submission: the items' rows first, then the inbox counters, the audit counter last.
        var itemRows = new SubmissionRows();
        foreach (var submission in submissions)
        {
            itemRows.AddItem(submission.Item, Timestamp);
            itemRows.AddRouting(submission.Item, submission.Routing, Timestamp);
        }
        await WriteBulkRowsAsync(write, itemRows, cancellationToken);

        var recipients = submissions.Select(s => SubmissionRows.Recipients(s.Routing)).ToList();
        var counts = recipients.SelectMany(r => r).GroupBy(r => r.RecipientAgencyId, StringComparer.Ordinal)
            .Select(g => (Agency: g.Key, Count: (long)g.Count())).ToList();
        var nextPosition = new Dictionary<string, long>(StringComparer.Ordinal);
        if (counts.Count > 0)
        {
            var last = await AllocateInboxPositionsAsync(write, counts, cancellationToken);
            foreach (var (agency, count) in counts) nextPosition[agency] = last[agency] - count + 1;
        }
        var auditCount = submissions.Sum(s => (long)s.AuditEntries.Count);
        var sequence = auditCount > 0 ? await AllocateAuditSequencesAsync(write, auditCount, cancellationToken) : 0;

        var outcomes = new List<SubmissionOutcome>(submissions.Count);
        var deliveryRows = new SubmissionRows();
        for (var i = 0; i < submissions.Count; i++)
        {
            var submission = submissions[i];
            var delivered = SubmissionRows.Deliveries(submission.Item.ItemId, recipients[i], agency => nextPosition[agency]++, recordedAt);
            deliveryRows.AddIdempotencyKey(submission, submission.AuditEntries.Count > 0 ? sequence : 0, Timestamp(recordedAt));
            deliveryRows.AddInbox(delivered, Timestamp);
            deliveryRows.AddAudit(sequence, submission.AuditEntries);
            var sequences = new long[submission.AuditEntries.Count];
            for (var s = 0; s < sequences.Length; s++) sequences[s] = sequence + s;
            outcomes.Add(new SubmissionOutcome(submission.Item.ItemId, Duplicate: false, delivered, sequences));
            sequence += sequences.Length;
        }
        await WriteBulkRowsAsync(write, deliveryRows, cancellationToken);
        return outcomes;
    }

    /// <summary>Writes many submissions' rows table by table; an engine with a faster path for many rows (COPY) overrides it.</summary>
    private protected virtual Task WriteBulkRowsAsync(WriteTransaction write, SubmissionRows rows, CancellationToken cancellationToken) =>
        WriteRowsAsync(write, rows, cancellationToken);
}
