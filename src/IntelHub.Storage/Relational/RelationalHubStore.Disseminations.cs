using System.Data.Common;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    private const string DisseminationColumns =
        "dissemination_id, item_id, originator_agency_id, requester_agency_id, requested_by, requester_role, idempotency_key, " +
        "request_digest, purpose_id, case_reference, justification, requested_view, requested_at, status, decided_by, decided_at, " +
        "granted_view, conditions, expires_at, refusal_reason, delivery_position, audit_sequence";

    /// <summary>A decided request as an inbox entry, in the columns of <see cref="InboxColumns"/> and the request's id.</summary>
    private const string DisseminationInboxSelect =
        "SELECT requester_agency_id, delivery_position, item_id, COALESCE(granted_view, 'existence-only'), '', '', '', '[]', decided_at, " +
        "dissemination_id FROM disseminations";

    public async Task<(DisseminationRecord Request, bool Duplicate)> RequestDisseminationAsync(
        DisseminationRecord request, ReadOnlyMemory<byte> auditEntry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        SubmissionRules.Required(request.DisseminationId, nameof(request));
        await using var write = await BeginWriteAsync(cancellationToken);
        // The key goes in first: of two retries racing, the unique key lets one through and the other finds its row.
        var claimed = await write.Command(
                $"INSERT INTO disseminations ({DisseminationColumns}) VALUES (@id, @item, @originator, @requester, @by, @role, @key, @digest, " +
                "@purpose, @case, @justification, @view, @at, @status, NULL, NULL, NULL, '[]', NULL, NULL, NULL, 0) " +
                "ON CONFLICT (requester_agency_id, idempotency_key) DO NOTHING")
            .With("id", request.DisseminationId).With("item", request.ItemId).With("originator", request.OriginatorAgencyId)
            .With("requester", request.RequesterAgencyId).With("by", request.RequestedBy).With("role", request.RequesterRole)
            .With("key", request.IdempotencyKey).With("digest", request.RequestDigest).With("purpose", request.PurposeId)
            .With("case", request.CaseReference).With("justification", request.Justification).With("view", request.RequestedView)
            .With("at", Timestamp(request.RequestedAt)).With("status", DisseminationRecord.Pending)
            .ExecuteAsync(cancellationToken) == 1;
        if (!claimed)
        {
            var first = (await write.Command($"SELECT {DisseminationColumns} FROM disseminations WHERE requester_agency_id = @requester AND idempotency_key = @key")
                .With("requester", request.RequesterAgencyId).With("key", request.IdempotencyKey)
                .ListAsync(ReadDissemination, cancellationToken)).Single();
            if (!string.Equals(first.RequestDigest, request.RequestDigest, StringComparison.Ordinal))
            {
                throw new StoreConflictException(
                    $"Idempotency key '{request.IdempotencyKey}' of agency {request.RequesterAgencyId} was already used for dissemination request " +
                    $"{first.DisseminationId} with a different item, purpose or view. Use a new idempotency key for a new request. Nothing was stored.");
            }
            return (first, true);
        }

        var sequence = (await AppendAuditAsync(write, [auditEntry], cancellationToken))[0];
        await write.Command("UPDATE disseminations SET audit_sequence = @sequence WHERE dissemination_id = @id")
            .With("sequence", sequence).With("id", request.DisseminationId)
            .ExecuteAsync(cancellationToken);
        await write.CommitAsync();
        return (request with { Status = DisseminationRecord.Pending, AuditSequence = sequence }, false);
    }

    public Task<DisseminationRecord?> GetDisseminationAsync(string disseminationId, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(disseminationId, nameof(disseminationId));
        return ReadAsync(
            async connection => (await connection.Command($"SELECT {DisseminationColumns} FROM disseminations WHERE dissemination_id = @id")
                .With("id", disseminationId)
                .ListAsync(ReadDissemination, cancellationToken)).SingleOrDefault(),
            cancellationToken);
    }

    public Task<IReadOnlyList<DisseminationRecord>> ListDisseminationsAsync(DisseminationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        SubmissionRules.Required(query.AgencyId, nameof(query));
        RequireLimit(query.Limit, 1000);
        var statuses = query.Statuses.Distinct(StringComparer.Ordinal).ToList();
        var sql = $"SELECT {DisseminationColumns} FROM disseminations WHERE {(query.AsOriginator ? "originator_agency_id" : "requester_agency_id")} = @agency";
        if (statuses.Count > 0) sql += $" AND status IN ({string.Join(", ", statuses.Select((_, i) => "@status" + i))})";
        if (query.Before is not null) sql += " AND (requested_at, dissemination_id) < (@before_at, @before_id)";
        sql += " ORDER BY requested_at DESC, dissemination_id DESC LIMIT @limit";
        return ReadAsync<IReadOnlyList<DisseminationRecord>>(
            async connection =>
            {
#pragma warning disable CA2100 // Built from constant SQL and generated parameter names only.
                var command = connection.Command(sql).With("agency", query.AgencyId).With("limit", query.Limit);
#pragma warning restore CA2100
                for (var i = 0; i < statuses.Count; i++) command.With("status" + i, statuses[i]);
                if (query.Before is { } before) command.With("before_at", Timestamp(before.RequestedAt)).With("before_id", before.DisseminationId);
                return await command.ListAsync(ReadDissemination, cancellationToken);
            },
            cancellationToken);
    }

    public async Task<(DisseminationRecord Request, bool Recorded)> DecideDisseminationAsync(
        string disseminationId, DisseminationDecision decision, ReadOnlyMemory<byte> auditEntry, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(disseminationId, nameof(disseminationId));
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Status is not (DisseminationRecord.Granted or DisseminationRecord.Refused))
            throw new ArgumentException($"A decision grants or refuses; '{decision.Status}' is neither.", nameof(decision));
        await using var write = await BeginWriteAsync(cancellationToken);
        // Locks the row where the engine locks rows: a concurrent decision waits, then finds the request decided.
        var stored = (await write.Command($"UPDATE disseminations SET status = status WHERE dissemination_id = @id RETURNING {DisseminationColumns}")
                .With("id", disseminationId)
                .ListAsync(ReadDissemination, cancellationToken)).SingleOrDefault()
            ?? throw new KeyNotFoundException($"No dissemination request {disseminationId} is stored.");
        if (stored.Status != DisseminationRecord.Pending) return (stored, false);

        // Lock order as every write: the inbox counter, then the audit counter last.
        var position = (await AllocateInboxPositionsAsync(write, [(stored.RequesterAgencyId, 1L)], cancellationToken))[stored.RequesterAgencyId];
        var sequence = (await AppendAuditAsync(write, [auditEntry], cancellationToken))[0];
        await write.Command(
                "UPDATE disseminations SET status = @status, decided_by = @by, decided_at = @at, granted_view = @view, conditions = @conditions, " +
                "expires_at = @expires, refusal_reason = @reason, delivery_position = @position, audit_sequence = @sequence WHERE dissemination_id = @id")
            .With("status", decision.Status).With("by", decision.DecidedBy).With("at", Timestamp(decision.DecidedAt))
            .With("view", decision.GrantedView).With("conditions", JsonList.Write(decision.Conditions)).With("expires", Timestamp(decision.ExpiresAt))
            .With("reason", decision.RefusalReason).With("position", position).With("sequence", sequence).With("id", disseminationId)
            .ExecuteAsync(cancellationToken);
        await write.CommitAsync();
        return (stored with
        {
            Status = decision.Status, DecidedBy = decision.DecidedBy, DecidedAt = ToStoredPrecision(decision.DecidedAt), GrantedView = decision.GrantedView,
            Conditions = decision.Conditions, ExpiresAt = decision.ExpiresAt is { } expires ? ToStoredPrecision(expires) : null,
            RefusalReason = decision.RefusalReason, DeliveryPosition = position, AuditSequence = sequence,
        }, true);
    }

    public Task<IReadOnlyList<DisseminationRecord>> GrantsInForceAsync(string itemId, string agencyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(itemId, nameof(itemId));
        SubmissionRules.Required(agencyId, nameof(agencyId));
        return ReadAsync<IReadOnlyList<DisseminationRecord>>(
            async connection => await connection.Command(
                    $"SELECT {DisseminationColumns} FROM disseminations WHERE item_id = @item AND requester_agency_id = @agency " +
                    "AND status = 'granted' AND expires_at > @at ORDER BY expires_at DESC, dissemination_id")
                .With("item", itemId).With("agency", agencyId).With("at", Timestamp(at))
                .ListAsync(ReadDissemination, cancellationToken),
            cancellationToken);
    }

    public Task<IReadOnlyList<DisseminationRecord>> DeliveredDisseminationsAsync(string agencyId, IReadOnlyList<long> positions, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(agencyId, nameof(agencyId));
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count == 0) return Task.FromResult<IReadOnlyList<DisseminationRecord>>([]);
        return ReadAsync<IReadOnlyList<DisseminationRecord>>(
            async connection =>
            {
                var (first, last) = (positions.Min(), positions.Max());
                var found = await connection.Command(
                        $"SELECT {DisseminationColumns} FROM disseminations WHERE requester_agency_id = @agency AND delivery_position BETWEEN @first AND @last")
                    .With("agency", agencyId).With("first", first).With("last", last)
                    .ListAsync(ReadDissemination, cancellationToken);
                return found.Where(d => positions.Contains(d.DeliveryPosition!.Value)).ToList();
            },
            cancellationToken);
    }

    private DisseminationRecord ReadDissemination(DbDataReader r) => new()
    {
        DisseminationId = r.GetString(0), ItemId = r.GetString(1), OriginatorAgencyId = r.GetString(2), RequesterAgencyId = r.GetString(3),
        RequestedBy = r.GetString(4), RequesterRole = r.GetString(5), IdempotencyKey = r.GetString(6), RequestDigest = r.GetString(7),
        PurposeId = r.GetString(8), CaseReference = r.GetString(9), Justification = r.GetString(10), RequestedView = r.GetString(11),
        RequestedAt = ReadTimestamp(r, 12), Status = r.GetString(13), DecidedBy = r.NullableString(14), DecidedAt = ReadNullableTimestamp(r, 15),
        GrantedView = r.NullableString(16), Conditions = JsonList.Read(r.GetString(17)), ExpiresAt = ReadNullableTimestamp(r, 18),
        RefusalReason = r.NullableString(19), DeliveryPosition = r.IsDBNull(20) ? null : r.GetInt64(20), AuditSequence = r.GetInt64(21),
    };
}
