namespace IntelHub.Storage;

/// <summary>
/// Everything the hub keeps, behind one contract with two implementations (embedded SQLite and
/// PostgreSQL) that pass the same contract tests. Records use plain values, not domain types:
/// the server validates and maps; the store makes it durable and finds it again.
/// Every write method is one transaction: it either happens whole or not at all.
/// </summary>
public interface IHubStore : IDisseminationStore, IAsyncDisposable
{
    /// <summary>
    /// Applies the versioned schema migrations not yet applied; safe to call at every start and from several processes.
    /// Throws <see cref="SchemaVersionException"/> when the database was migrated by a newer build than this one.
    /// </summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a submission in one transaction: the item, its entity keys, the routing decisions,
    /// one inbox entry per permitted recipient (positions allocated per agency, in commit order),
    /// and the audit records. Returns only once durable. Idempotent by (originator, idempotency
    /// key): a repeat returns the first submission's item id, inbox entries and audit sequences with
    /// <see cref="SubmissionOutcome.Duplicate"/> set and writes nothing; a repeat whose request digest (<see cref="Submission.RequestDigest"/>) differs from the
    /// first throws <see cref="StoreConflictException"/> (the key was reused for something else). When two identical
    /// submissions race, the database's unique key decides and the loser returns the winner's id.
    /// </summary>
    Task<SubmissionOutcome> SubmitAsync(Submission submission, CancellationToken cancellationToken);

    /// <summary>
    /// Loads many new submissions in one transaction (seeding a data set): the same rows <see cref="SubmitAsync"/> writes for
    /// each, with inbox positions and audit sequences handed out in list order, as if submitted one after another. No
    /// idempotent replay: an item id or idempotency key already stored throws <see cref="StoreConflictException"/> and
    /// stores nothing of the batch. Returns one outcome per submission, in order.
    /// </summary>
    Task<IReadOnlyList<SubmissionOutcome>> BulkLoadAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a bulk load: readies the search indexes once, rather than after every batch. SQLite merges each text index
    /// into one segment (FTS5 'optimize': a word's probe then reads one segment, not one per level of the batches'
    /// merges); PostgreSQL refreshes the planner's statistics of what was loaded (ANALYZE). Holds the writer while it
    /// runs (SQLite at 1,000,000 items: about 13 s). Changes no search's results.
    /// </summary>
    Task FinishBulkLoadAsync(CancellationToken cancellationToken);

    /// <summary>An item by id, or null. A disposed item comes back with its content removed.</summary>
    Task<StoredItem?> GetItemAsync(string itemId, CancellationToken cancellationToken);

    /// <summary>
    /// The items of these ids that the store holds, in no particular order, read in two round trips (an inbox batch's
    /// items); at most <see cref="MaxItemsPerRead"/> distinct ids. Disposed items come back as <see cref="GetItemAsync"/> gives them.
    /// </summary>
    Task<IReadOnlyList<StoredItem>> GetItemsAsync(IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken);

    /// <summary>The most distinct ids one <see cref="GetItemsAsync"/> reads (each is a bound parameter of its queries).</summary>
    const int MaxItemsPerRead = 1000;

    /// <summary>The routing decisions stored with an item, one per party, in recipient order (kept after disposal so a decision can still be explained).</summary>
    Task<IReadOnlyList<RoutingRecord>> GetRoutingAsync(string itemId, CancellationToken cancellationToken);

    /// <summary>Candidate items for a search, in (created, id) order after the cursor; the policy filters them afterwards.</summary>
    Task<IReadOnlyList<StoredItem>> FindItemsAsync(ItemQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Adds (agency, stored item with its created time) entries to the entitlement index (<see cref="ItemQuery.EntitledAgency"/>),
    /// e.g. what newly published protocols permit; entries already there are skipped. Routing fills the index itself.
    /// </summary>
    Task AddEntitlementsAsync(IReadOnlyList<(string AgencyId, DateTimeOffset CreatedAt, string ItemId)> entitlements, CancellationToken cancellationToken);

    /// <summary>
    /// The protocol set (an identity the hub computes) the entitlement index was last completed for, and the day it was:
    /// null when it never was, or a bulk load has written since (<see cref="EntitlementCoverage"/>).
    /// </summary>
    Task<EntitlementCoverage?> ReadEntitlementCoverageAsync(CancellationToken cancellationToken);

    /// <summary>Records that every stored item has been decided under <paramref name="coverage"/>'s set and its permits added to the index.</summary>
    Task RecordEntitlementCoverageAsync(EntitlementCoverage coverage, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the record of <see cref="RecordEntitlementCoverageAsync"/> unless it is for <paramref name="protocolSet"/>:
    /// items are about to be routed under that set, which a record of another set cannot vouch for.
    /// </summary>
    Task ForgetEntitlementCoverageOtherThanAsync(string protocolSet, CancellationToken cancellationToken);

    /// <summary>
    /// Streams every live item (not disposed of, its review date on or after <paramref name="liveOn"/>) whose events overlap
    /// [periodStart, periodEnd), with its themes, areas, entity keys and people, all read from one snapshot and holding no
    /// write lock (a problem profile's compile; <see cref="ProfileRow"/>). Rows come in no particular order: an engine may
    /// read slices of the table side by side.
    /// </summary>
    IAsyncEnumerable<ProfileRow> ReadProfileRowsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, DateOnly liveOn, CancellationToken cancellationToken);

    /// <summary>An agency's inbox entries after a position, in position order. Positions start at 1 and have no gaps.</summary>
    Task<IReadOnlyList<InboxEntry>> ReadInboxAsync(string agencyId, long afterPosition, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records that an agency has acknowledged its inbox up to a position (never moves backwards: an older position
    /// leaves it where it is), with the audit records of the acknowledgement, in one transaction. Returns the
    /// acknowledged position. A position beyond the agency's last inbox entry throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    Task<long> AcknowledgeAsync(string agencyId, long upToPosition, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken);

    /// <summary>The position up to which an agency has acknowledged its inbox (0 when nothing yet).</summary>
    Task<long> AcknowledgedPositionAsync(string agencyId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends audit entries (disclosures, deliveries, denials) durably, in one transaction, and
    /// returns the sequence numbers they were given. Sequence numbers are the audit log's leaf
    /// indices: 0, 1, 2, ... without gaps, in commit order, never given twice, however many
    /// threads or hub processes write at once (every write method that takes audit entries
    /// allocates them the same way).
    /// </summary>
    Task<IReadOnlyList<long>> AppendAuditAsync(IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken);

    /// <summary>
    /// Several callers' audited writes in one transaction (one commit): each part's acknowledgement, if any, is applied
    /// as <see cref="AcknowledgeAsync"/> applies it, then every accepted part's audit entries are appended, in the
    /// order of the parts, with consecutive sequence numbers as <see cref="AppendAuditAsync"/> allocates them. A part
    /// whose acknowledgement goes beyond its agency's last inbox entry is refused alone (its outcome says why; none of
    /// its entries are written) and the others commit. Outcomes are in the order of the parts.
    /// </summary>
    Task<IReadOnlyList<AuditedWriteOutcome>> WriteAuditedAsync(IReadOnlyList<AuditedWrite> writes, CancellationToken cancellationToken);

    /// <summary>Audit records from a sequence number on, in order (the audit log builds its Merkle tree from them).</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long fromSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The number of audit records (the next sequence number).</summary>
    Task<long> AuditCountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a signed checkpoint (a C2SP signed note) for a tree size; one per tree size. Saving the same note again
    /// is a no-op; a different note for a stored size throws <see cref="StoreConflictException"/>; a size beyond the
    /// audit records stored throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    Task SaveCheckpointAsync(long treeSize, string signedNote, CancellationToken cancellationToken);

    /// <summary>All stored checkpoints in tree-size order.</summary>
    Task<IReadOnlyList<(long TreeSize, string SignedNote)>> ListCheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>The stored checkpoints for tree sizes above <paramref name="treeSize"/>, in tree-size order.</summary>
    Task<IReadOnlyList<(long TreeSize, string SignedNote)>> ListCheckpointsAfterAsync(long treeSize, CancellationToken cancellationToken);

    /// <summary>Items whose review date is on or before the date and which are not disposed.</summary>
    Task<IReadOnlyList<string>> ItemsDueForReviewAsync(DateOnly asOf, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Disposal: removes an item's content (title, texts, subject document, entity keys; inbox entries hold no content,
    /// only the item id and view) and keeps its id, metadata, content digest, routing decisions and
    /// audit trail; appends the disposal's audit records in the same transaction. Returns false, and
    /// writes nothing, when the item was already disposed; throws <see cref="KeyNotFoundException"/> for an unknown item.
    /// </summary>
    Task<bool> DisposeItemContentAsync(string itemId, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a protocol version (document text and digest) with its status; the (protocol id, version) pair is unique.
    /// Saving a stored version again with the same digest updates its status, approvers and effective time (review
    /// moves on); with a different digest it throws <see cref="StoreConflictException"/>: a changed document needs a new version.
    /// </summary>
    Task SaveProtocolVersionAsync(ProtocolVersionRecord version, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken);

    /// <summary>All stored versions of all protocols, newest first per protocol.</summary>
    Task<IReadOnlyList<ProtocolVersionRecord>> ListProtocolVersionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The protocol generation: a number every protocol change (<see cref="SaveProtocolVersionAsync"/>,
    /// <see cref="ChangeProtocolAsync"/>) raises in its transaction. Hub processes poll it to notice a change made by another.
    /// </summary>
    Task<long> ProtocolGenerationAsync(CancellationToken cancellationToken);

    /// <summary>Every stored version with its approvals, newest first per protocol, and the generation read before them.</summary>
    Task<ProtocolHistory> ReadProtocolHistoryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies one protocol change with its audit entries in one transaction, and returns the new generation. The
    /// change is refused with <see cref="StoreConflictException"/>, and nothing written, when the generation is no longer
    /// <see cref="ProtocolChange.ExpectedGeneration"/> (another change committed first: read again and decide again),
    /// when a stored version would get another document, or when the agency has already approved the version.
    /// </summary>
    Task<long> ChangeProtocolAsync(ProtocolChange change, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken);

    /// <summary>
    /// The stored items not disposed of, grouped by what sharing decisions read from an item, with how many share each
    /// shape (<see cref="ItemShapeCount"/>): one read from one snapshot, holding no write lock.
    /// </summary>
    Task<IReadOnlyList<ItemShapeCount>> CountItemShapesAsync(CancellationToken cancellationToken);
}
