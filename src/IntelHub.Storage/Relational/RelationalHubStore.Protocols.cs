namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    public async Task SaveProtocolVersionAsync(ProtocolVersionRecord version, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken)
    {
        SubmissionRules.Check(version);
        ArgumentNullException.ThrowIfNull(auditEntries);
        await using var write = await BeginWriteAsync(cancellationToken);
        // A stored version's document is fixed; only its place in review moves on. The digest guard makes a
        // changed document under an old version number a conflict rather than a silent rewrite.
        var saved = await write.Command(
                "INSERT INTO protocol_versions (protocol_id, version, document_text, document_digest, status, proposed_by, approved_by, " +
                "effective_at, recorded_at) VALUES (@protocol_id, @version, @document_text, @document_digest, @status, @proposed_by, " +
                "@approved_by, @effective_at, @recorded_at) ON CONFLICT (protocol_id, version) DO UPDATE SET status = excluded.status, " +
                "approved_by = excluded.approved_by, effective_at = excluded.effective_at " +
                "WHERE protocol_versions.document_digest = excluded.document_digest")
            .With("protocol_id", version.ProtocolId)
            .With("version", version.Version)
            .With("document_text", version.DocumentText)
            .With("document_digest", version.DocumentDigest)
            .With("status", version.Status)
            .With("proposed_by", version.ProposedBy)
            .With("approved_by", JsonList.Write(version.ApprovedBy))
            .With("effective_at", Timestamp(version.EffectiveAt))
            .With("recorded_at", Timestamp(version.RecordedAt))
            .ExecuteAsync(cancellationToken);
        if (saved == 0)
        {
            throw new StoreConflictException(
                $"Protocol {version.ProtocolId} version {version.Version} is already stored with a different document. " +
                "A changed document needs a new version number. Nothing was stored.");
        }
        await AppendAuditAsync(write, auditEntries, cancellationToken);
        await write.CommitAsync();
    }

    public Task<IReadOnlyList<ProtocolVersionRecord>> ListProtocolVersionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ProtocolVersionRecord>>(
            async connection => await connection.Command(
                    "SELECT protocol_id, version, document_text, document_digest, status, proposed_by, approved_by, effective_at, recorded_at " +
                    "FROM protocol_versions ORDER BY protocol_id, recorded_at DESC, version DESC")
                .ListAsync(r => new ProtocolVersionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    r.GetString(5), JsonList.Read(r.GetString(6)), ReadNullableTimestamp(r, 7), ReadTimestamp(r, 8)), cancellationToken),
            cancellationToken);
}
