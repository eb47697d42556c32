using System.Data.Common;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    private const string ProtocolColumns =
        "protocol_id, version, document_text, document_digest, status, proposed_by, approved_by, effective_at, recorded_at, " +
        "change_note, proposer_agency, idempotency_key, published_agency, published_by, published_at, ended_at, ended_reason";

    public async Task SaveProtocolVersionAsync(ProtocolVersionRecord version, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken)
    {
        SubmissionRules.Check(version);
        ArgumentNullException.ThrowIfNull(auditEntries);
        await using var write = await BeginWriteAsync(cancellationToken);
        await write.Command("UPDATE protocol_generation SET generation = generation + 1 WHERE id = 1").ExecuteAsync(cancellationToken);
        await UpsertProtocolVersionAsync(write, version, cancellationToken);
        await AppendAuditAsync(write, auditEntries, cancellationToken);
        await write.CommitAsync();
    }

    public async Task<long> ChangeProtocolAsync(ProtocolChange change, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(auditEntries);
        foreach (var version in change.Versions) SubmissionRules.Check(version);
        await using var write = await BeginWriteAsync(cancellationToken);
        // The guard row is updated first: on PostgreSQL a second writer waits on its lock and then finds the
        // generation moved on, so two hub processes cannot both change a protocol from the same state.
        var guarded = await write.Command("UPDATE protocol_generation SET generation = generation + 1 WHERE id = 1 AND generation = @expected")
            .With("expected", change.ExpectedGeneration)
            .ExecuteAsync(cancellationToken);
        if (guarded == 0)
            throw new StoreConflictException("The protocols were changed by another request since they were read; read them again and retry. Nothing was stored.");
        try
        {
            foreach (var version in change.Versions) await UpsertProtocolVersionAsync(write, version, cancellationToken);
            if (change.Approval is { } approval)
            {
                await write.Command(
                        "INSERT INTO protocol_approvals (protocol_id, version, agency_id, user_id, approved_at, comment, document_digest) " +
                        "VALUES (@protocol_id, @version, @agency_id, @user_id, @approved_at, @comment, @document_digest)")
                    .With("protocol_id", change.ApprovedProtocolId ?? throw new ArgumentException("An approval names its protocol.", nameof(change)))
                    .With("version", change.ApprovedVersion ?? throw new ArgumentException("An approval names its version.", nameof(change)))
                    .With("agency_id", approval.AgencyId)
                    .With("user_id", approval.UserId)
                    .With("approved_at", Timestamp(approval.ApprovedAt))
                    .With("comment", approval.Comment)
                    .With("document_digest", approval.DocumentDigest)
                    .ExecuteAsync(cancellationToken);
            }
        }
        catch (DbException failure) when (IsUniqueViolation(failure))
        {
            throw new StoreConflictException("That approval or proposal is already stored (the same agency cannot approve a version twice, nor reuse an idempotency key). Nothing was stored.");
        }
        await AppendAuditAsync(write, auditEntries, cancellationToken);
        var generation = await write.Command("SELECT generation FROM protocol_generation WHERE id = 1").Int64OrNullAsync(cancellationToken) ?? 0;
        await write.CommitAsync();
        return generation;
    }

    /// <summary>
    /// Inserts a version, or updates a stored one's place in its life cycle. A stored version's document is fixed: the
    /// digest guard makes a changed document under an old version number a conflict rather than a silent rewrite.
    /// </summary>
    private async Task UpsertProtocolVersionAsync(WriteTransaction write, ProtocolVersionRecord version, CancellationToken cancellationToken)
    {
        var saved = await write.Command(
                $"INSERT INTO protocol_versions ({ProtocolColumns}) VALUES (@protocol_id, @version, @document_text, @document_digest, @status, " +
                "@proposed_by, @approved_by, @effective_at, @recorded_at, @change_note, @proposer_agency, @idempotency_key, @published_agency, " +
                "@published_by, @published_at, @ended_at, @ended_reason) ON CONFLICT (protocol_id, version) DO UPDATE SET status = excluded.status, " +
                "approved_by = excluded.approved_by, effective_at = excluded.effective_at, published_agency = excluded.published_agency, " +
                "published_by = excluded.published_by, published_at = excluded.published_at, ended_at = excluded.ended_at, " +
                "ended_reason = excluded.ended_reason WHERE protocol_versions.document_digest = excluded.document_digest")
            .With("protocol_id", version.ProtocolId)
            .With("version", version.Version)
            .With("document_text", version.DocumentText)
            .With("document_digest", version.DocumentDigest)
            .With("status", version.Status)
            .With("proposed_by", version.ProposedBy)
            .With("approved_by", JsonList.Write(version.ApprovedBy))
            .With("effective_at", Timestamp(version.EffectiveAt))
            .With("recorded_at", Timestamp(version.RecordedAt))
            .With("change_note", version.ChangeNote)
            .With("proposer_agency", version.ProposerAgency)
            .With("idempotency_key", version.IdempotencyKey)
            .With("published_agency", version.PublishedAgency)
            .With("published_by", version.PublishedBy)
            .With("published_at", Timestamp(version.PublishedAt))
            .With("ended_at", Timestamp(version.EndedAt))
            .With("ended_reason", version.EndedReason)
            .ExecuteAsync(cancellationToken);
        if (saved == 0)
        {
            throw new StoreConflictException(
                $"Protocol {version.ProtocolId} version {version.Version} is already stored with a different document. " +
                "A changed document needs a new version number. Nothing was stored.");
        }
    }

    public async Task<IReadOnlyList<ProtocolVersionRecord>> ListProtocolVersionsAsync(CancellationToken cancellationToken) =>
        (await ReadProtocolHistoryAsync(cancellationToken)).Versions;

    public Task<long> ProtocolGenerationAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection => await connection.Command("SELECT generation FROM protocol_generation WHERE id = 1").Int64OrNullAsync(cancellationToken) ?? 0,
            cancellationToken);

    public Task<ProtocolHistory> ReadProtocolHistoryAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            // The generation is read first: a change committed between the reads makes it stale, never ahead of the rows.
            var generation = await connection.Command("SELECT generation FROM protocol_generation WHERE id = 1").Int64OrNullAsync(cancellationToken) ?? 0;
            var approvals = (await connection.Command(
                        "SELECT protocol_id, version, agency_id, user_id, approved_at, comment, document_digest FROM protocol_approvals " +
                        "ORDER BY protocol_id, version, approved_at, agency_id")
                    .ListAsync(r => (Key: (r.GetString(0), r.GetString(1)), Approval: new ProtocolApprovalRecord(r.GetString(2), r.GetString(3),
                        ReadTimestamp(r, 4), r.GetString(5), r.GetString(6))), cancellationToken))
                .ToLookup(a => a.Key, a => a.Approval);
            var versions = await connection.Command($"SELECT {ProtocolColumns} FROM protocol_versions ORDER BY protocol_id, recorded_at DESC, version DESC")
                .ListAsync(r => new ProtocolVersionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    r.GetString(5), JsonList.Read(r.GetString(6)), ReadNullableTimestamp(r, 7), ReadTimestamp(r, 8))
                {
                    ChangeNote = r.GetString(9),
                    ProposerAgency = r.GetString(10),
                    IdempotencyKey = r.GetString(11),
                    PublishedAgency = r.GetString(12),
                    PublishedBy = r.GetString(13),
                    PublishedAt = ReadNullableTimestamp(r, 14),
                    EndedAt = ReadNullableTimestamp(r, 15),
                    EndedReason = r.GetString(16),
                }, cancellationToken);
            return new ProtocolHistory(generation,
                [.. versions.Select(v => approvals[(v.ProtocolId, v.Version)] is var given && given.Any() ? v with { Approvals = [.. given] } : v)]);
        }, cancellationToken);
}
