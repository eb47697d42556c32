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
        await using var write = await BeginWriteAsync(cancellationToken);

        var last = await write.Command("SELECT last_position FROM inbox_counters WHERE agency_id = @agency_id")
            .With("agency_id", agencyId)
            .Int64OrNullAsync(cancellationToken) ?? 0;
        if (upToPosition > last)
        {
            // Acknowledging what was never delivered would make the agency skip entries still to come.
            throw new ArgumentOutOfRangeException(nameof(upToPosition), upToPosition,
                $"Agency {agencyId} has inbox entries up to position {last} only; it cannot acknowledge position {upToPosition}.");
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
        await AppendAuditAsync(write, auditEntries, cancellationToken);
        await write.CommitAsync();
        return acknowledged;
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
