namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    public Task<IReadOnlyList<InboxEntry>> ReadInboxAsync(string agencyId, long afterPosition, int limit, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(agencyId, nameof(agencyId));
        RequireLimit(limit);
        return ReadAsync<IReadOnlyList<InboxEntry>>(
            // Routed items and decisions on the agency's dissemination requests share one position sequence.
            async connection => await connection.Command(
                    $"SELECT {InboxColumns}, CAST(NULL AS TEXT) FROM inbox_entries WHERE agency_id = @agency_id AND position > @after " +
                    $"UNION ALL {DisseminationInboxSelect} WHERE requester_agency_id = @agency_id AND delivery_position > @after " +
                    "ORDER BY 2 LIMIT @limit")
                .With("agency_id", agencyId)
                .With("after", afterPosition)
                .With("limit", limit)
                .ListAsync(ReadInboxEntry, cancellationToken),
            cancellationToken);
    }

    public async Task<long> AcknowledgeAsync(
        string agencyId, long upToPosition, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(agencyId, nameof(agencyId));
        ArgumentNullException.ThrowIfNull(auditEntries);
        ArgumentOutOfRangeException.ThrowIfNegative(upToPosition);
        // A shared audited write of one part: the same transaction, cursor move and refusal.
        var outcome = (await WriteAuditedAsync([new AuditedWrite(auditEntries, new InboxAcknowledgement(agencyId, upToPosition))], cancellationToken))[0];
        return outcome.Refusal is { } refusal
            ? throw new ArgumentOutOfRangeException(nameof(upToPosition), upToPosition, refusal)
            : outcome.AcknowledgedPosition!.Value;
    }

    public async Task<IReadOnlyList<AuditedWriteOutcome>> WriteAuditedAsync(IReadOnlyList<AuditedWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var part in writes)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(writes));
            ArgumentNullException.ThrowIfNull(part.AuditEntries, nameof(writes));
            if (part.Acknowledgement is { } acknowledgement)
            {
                SubmissionRules.Required(acknowledgement.AgencyId, nameof(writes));
                ArgumentOutOfRangeException.ThrowIfNegative(acknowledgement.UpToPosition, nameof(writes));
            }
        }
        if (writes.Count == 0) return [];
        await using var write = await BeginWriteAsync(cancellationToken);

        // Cursors first, as a single acknowledgement moves them; the audit counter row is locked last, as every audited
        // write does. Cursors are moved in agency order, so that two processes' shared writes lock them in the same
        // order and cannot deadlock (an agency's own acknowledgements keep their order).
        var acknowledged = new long?[writes.Count];
        var refusals = new string?[writes.Count];
        var byAgency = Enumerable.Range(0, writes.Count).Where(i => writes[i].Acknowledgement is not null)
            .OrderBy(i => writes[i].Acknowledgement!.AgencyId, StringComparer.Ordinal).ThenBy(i => i);
        foreach (var i in byAgency)
        {
            var acknowledgement = writes[i].Acknowledgement!;
            (acknowledged[i], refusals[i]) = await AcknowledgeAsync(write, acknowledgement.AgencyId, acknowledgement.UpToPosition, cancellationToken);
        }
        var entries = writes.Where((_, i) => refusals[i] is null).SelectMany(w => w.AuditEntries).ToList();
        var sequences = await AppendAuditAsync(write, entries, cancellationToken);
        await write.CommitAsync();

        var outcomes = new AuditedWriteOutcome[writes.Count];
        var next = 0;
        for (var i = 0; i < writes.Count; i++)
        {
            if (refusals[i] is { } refusal)
            {
                outcomes[i] = new AuditedWriteOutcome([], null, refusal);
                continue;
            }
            outcomes[i] = new AuditedWriteOutcome([.. sequences.Skip(next).Take(writes[i].AuditEntries.Count)], acknowledged[i]);
            next += writes[i].AuditEntries.Count;
        }
        return outcomes;
    }

    /// <summary>
    /// Moves the agency's cursor up to a position within the write (never backwards) and returns where it stands; or,
    /// for a position beyond the agency's last inbox entry, changes nothing and says why.
    /// </summary>
    private async Task<(long Acknowledged, string? Refusal)> AcknowledgeAsync(WriteTransaction write, string agencyId, long upToPosition, CancellationToken cancellationToken)
    {
        var last = await write.Command("SELECT last_position FROM inbox_counters WHERE agency_id = @agency_id")
            .With("agency_id", agencyId)
            .Int64OrNullAsync(cancellationToken) ?? 0;
        if (upToPosition > last)
        {
            // Acknowledging what was never delivered would make the agency skip entries still to come.
            return (0, $"Agency {agencyId} has inbox entries up to position {last} only; it cannot acknowledge position {upToPosition}.");
        }

        // The guarded upsert keeps the higher position: a late or repeated acknowledgement never moves it back.
        await write.Command(
                "INSERT INTO inbox_acknowledgements (agency_id, position, acknowledged_at) VALUES (@agency_id, @position, @now) " +
                "ON CONFLICT (agency_id) DO UPDATE SET position = excluded.position, acknowledged_at = excluded.acknowledged_at " +
                "WHERE inbox_acknowledgements.position < excluded.position")
            .With("agency_id", agencyId)
            .With("position", upToPosition)
            .With("now", Timestamp(Now()))
            .ExecuteAsync(cancellationToken);
        var acknowledged = await write.Command("SELECT position FROM inbox_acknowledgements WHERE agency_id = @agency_id")
            .With("agency_id", agencyId)
            .Int64OrNullAsync(cancellationToken) ?? 0;
        return (acknowledged, null);
    }

    public Task<long> AcknowledgedPositionAsync(string agencyId, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(agencyId, nameof(agencyId));
        return ReadAsync(
            async connection => await connection.Command("SELECT position FROM inbox_acknowledgements WHERE agency_id = @agency_id")
                .With("agency_id", agencyId)
                .Int64OrNullAsync(cancellationToken) ?? 0,
            cancellationToken);
    }
}
