namespace IntelHub.Storage;

/// <summary>A new item with everything that must become durable with it.</summary>
public sealed record Submission(
    StoredItem Item,
    string IdempotencyKey,
    IReadOnlyList<RoutingRecord> Routing,
    IReadOnlyList<ReadOnlyMemory<byte>> AuditEntries)
{
    /// <summary>
    /// What a repeat under the same idempotency key must match: a digest of the whole request as the
    /// originator sent it, so that a retry differing in any field that affects sharing is refused rather
    /// than answered with the first item. Null: the item's content digest.
    /// </summary>
    public string? RequestDigest { get; init; }
}

/// <summary>
/// The result of a submission: the item id, and whether it was a repeat of an earlier one. A repeat carries the first
/// submission's inbox entries and audit sequences, so a retried request gets the reply the first one would have had.
/// </summary>
public sealed record SubmissionOutcome(string ItemId, bool Duplicate, IReadOnlyList<InboxEntry> Delivered, IReadOnlyList<long> AuditSequences);

/// <summary>
/// An item as stored. Texts are null once disposed. Timestamps are kept in UTC to the microsecond (finer ticks are
/// truncated) and come back with a zero offset. Grading is kept as submitted (3x5x2, and
/// the original 5x5x5 where the item came graded that way).
/// </summary>
public sealed record StoredItem
{
    public required string ItemId { get; init; }
    public required string Kind { get; init; }                  // information | intelligence | product
    public required string OriginatorAgencyId { get; init; }
    public required string SubmittedBy { get; init; }           // the user (token subject) who submitted
    public required string Classification { get; init; }       // e.g. OFFICIAL-SENSITIVE PERSONAL
    public string? Grading { get; init; }                       // 3x5x2, e.g. 1AP
    public string? LegacyGrading { get; init; }                 // 5x5x5 as submitted, e.g. B24
    public IReadOnlyList<string> HandlingConditions { get; init; } = [];
    /// <summary>Themes as "exploitation-type/age-group", e.g. "labour/adult" (an item may have several).</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];
    /// <summary>Areas by GSS code, e.g. "W06000015" (an item may concern several).</summary>
    public IReadOnlyList<string> Areas { get; init; } = [];
    public string? OriginatorReference { get; init; }
    public IReadOnlyList<string> PersonalDataCategories { get; init; } = [];
    public DateTimeOffset? OccurredFrom { get; init; }
    public DateTimeOffset? OccurredTo { get; init; }
    public required DateOnly ReviewDate { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? Title { get; init; }
    public string? FullText { get; init; }
    public string? SanitisedText { get; init; }
    /// <summary>The item's subject as submitted (the hub's own serialised form: people, places, vehicles ...); content, removed on disposal.</summary>
    public byte[]? SubjectDocument { get; init; }
    /// <summary>The 32-byte secret salt of the item's content commitments (its own and its disclosures'); removed on disposal.</summary>
    public byte[]? ContentSalt { get; init; }
    /// <summary>Hex of the salted commitment to the item's content (docs/audit.md), kept after disposal.</summary>
    public required string ContentDigest { get; init; }
    public IReadOnlyList<EntityKey> Entities { get; init; } = [];
    /// <summary>The potential victims and suspects the subject names, by nationality: written on submission, not read back (<see cref="ItemPerson"/>).</summary>
    public IReadOnlyList<ItemPerson> People { get; init; } = [];
    public DateTimeOffset? DisposedAt { get; init; }
    /// <summary>For a search with words (<see cref="ItemQuery.Words"/>): which of the item's texts hold all of them.</summary>
    public WordsFound WordsFound { get; init; }
}

/// <summary>Where a search's words were found in an item: a sanitised view may match only on its sanitised text.</summary>
public enum WordsFound
{
    /// <summary>The search had no words.</summary>
    NotSearched = 0,
    /// <summary>All the words are in the item's texts taken together (title, full text, sanitised text), not all in the sanitised text.</summary>
    FullText = 1,
    /// <summary>All the words are in the sanitised text.</summary>
    SanitisedText = 2,
}

/// <summary>An entity as typed and its normalised match key (e.g. phone-number / +447700900123).</summary>
public sealed record EntityKey(string Kind, string MatchKey, string AsTyped);

/// <summary>
/// A person an item names in a role, with one nationality (a person with two nationalities is two of these): the role
/// as stored ("potential-victim" or "suspect"), an ISO 3166-1 alpha-2 code, and the person's normalised match key.
/// Personal data: deleted when the item's content is disposed of.
/// </summary>
public sealed record ItemPerson(string Role, string Nationality, string PersonKey)
{
    public const string PotentialVictim = "potential-victim";
    public const string Suspect = "suspect";
}

/// <summary>The routing decision for one party: permitted or not, in which view, under which protocol rule.</summary>
public sealed record RoutingRecord(
    string RecipientAgencyId,
    bool Permitted,
    string? View,                 // full | sanitised | existence-only
    string? ProtocolId,
    string? ProtocolVersion,
    string? RuleId,
    IReadOnlyList<string> Obligations,
    string Reasons);

/// <summary>
/// An entry in an agency's inbox: the item delivered at a position in the view the policy allowed, or the originator's
/// decision on the agency's refer-to-originator request (<see cref="DisseminationId"/> set).
/// </summary>
public sealed record InboxEntry(
    string AgencyId,
    long Position,
    string ItemId,
    string View,
    string ProtocolId,
    string ProtocolVersion,
    string RuleId,
    IReadOnlyList<string> Obligations,
    DateTimeOffset QueuedAt)
{
    /// <summary>The dissemination request whose decision this entry delivers; null for an item routed by the protocols.</summary>
    public string? DisseminationId { get; init; }
}

/// <summary>
/// Search filters; null means any, an empty list matches nothing. Entity keys match any of the given normalised
/// (kind, match key) pairs. The created range is half-open: from inclusive, to exclusive. Limit is 1 to 1000.
/// </summary>
public sealed record ItemQuery
{
    public IReadOnlyList<string>? Kinds { get; init; }
    /// <summary>Any of these themes ("labour/adult"; "labour/*" matches both age groups).</summary>
    public IReadOnlyList<string>? Themes { get; init; }
    /// <summary>Any of these areas (GSS codes).</summary>
    public IReadOnlyList<string>? Areas { get; init; }
    /// <summary>Items whose occurred period overlaps [OccurredFrom, OccurredTo].</summary>
    public DateTimeOffset? OccurredFrom { get; init; }
    public DateTimeOffset? OccurredTo { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    public IReadOnlyList<EntityKey>? Entities { get; init; }
    public IReadOnlyList<string>? Gradings { get; init; }
    public bool IncludeDisposed { get; init; }
    /// <summary>
    /// Every one of these words in the item's texts (case folded, whole words); each is letters and digits only, so
    /// no text-search syntax ever reaches the engine. At most <see cref="MaxWords"/>.
    /// </summary>
    public IReadOnlyList<string>? Words { get; init; }
    /// <summary>
    /// Match the words in the sanitised text alone (its own text index), for a reader who sees no item in more than
    /// the sanitised view: words only in a text it cannot see then neither match nor cost it a candidate.
    /// </summary>
    public bool WordsInSanitisedTextOnly { get; init; }
    /// <summary>
    /// Only items the entitlement index lists for this agency (its own, and those routed to it or added when protocols
    /// were published): a range scan of the agency's entries instead of every item. Null: every item.
    /// </summary>
    public string? EntitledAgency { get; init; }
    /// <summary>Return items strictly after this (created, id) position; null for the first page.</summary>
    public (DateTimeOffset CreatedAt, string ItemId)? After { get; init; }
    public int Limit { get; init; } = 100;

    public const int MaxWords = 16;
}

/// <summary>
/// One caller's part of a shared audited write (<see cref="IHubStore.WriteAuditedAsync"/>): its audit entries and,
/// for an inbox acknowledgement, the agency's cursor to move with them.
/// </summary>
public sealed record AuditedWrite(IReadOnlyList<ReadOnlyMemory<byte>> AuditEntries, InboxAcknowledgement? Acknowledgement = null);

/// <summary>An agency acknowledging its inbox up to a position.</summary>
public sealed record InboxAcknowledgement(string AgencyId, long UpToPosition);

/// <summary>
/// What a shared audited write did with one part: the sequence numbers of its entries and the agency's acknowledged
/// position after it; or, when its acknowledgement went beyond the agency's last inbox entry, why it was refused
/// (then nothing of that part was written).
/// </summary>
public sealed record AuditedWriteOutcome(IReadOnlyList<long> Sequences, long? AcknowledgedPosition, string? Refusal = null);

/// <summary>
/// An audit record as the store keeps it: the canonical entry bytes (IntelHub.Audit's encoding)
/// and the sequence number (leaf index) the store assigned in commit order.
/// </summary>
public sealed record AuditRecord(long Sequence, ReadOnlyMemory<byte> CanonicalEntry);

/// <summary>
/// A stored protocol version: the YAML document, its digest and where it is in its life cycle. <see cref="ProposedBy"/>
/// is the proposing user and <see cref="RecordedAt"/> the time of the proposal; <see cref="ApprovedBy"/> the agencies
/// the document names as approvers, whose sign-offs are <see cref="Approvals"/>.
/// </summary>
public sealed record ProtocolVersionRecord(
    string ProtocolId,
    string Version,
    string DocumentText,
    string DocumentDigest,
    string Status,                // proposed | approved | published | superseded | retired
    string ProposedBy,
    IReadOnlyList<string> ApprovedBy,
    DateTimeOffset? EffectiveAt,
    DateTimeOffset RecordedAt)
{
    /// <summary>What changed and why, as the proposer wrote it.</summary>
    public string ChangeNote { get; init; } = "";

    /// <summary>The agency that proposed the version (empty for versions seeded from the policies directory).</summary>
    public string ProposerAgency { get; init; } = "";

    /// <summary>The proposer's idempotency key; a retry with the same agency and key finds this version.</summary>
    public string IdempotencyKey { get; init; } = "";

    /// <summary>The agency and user that published the version, and when; empty until published.</summary>
    public string PublishedAgency { get; init; } = "";

    public string PublishedBy { get; init; } = "";

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>When the version stops (or stopped) having effect, and why; null and empty while it has effect.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    public string EndedReason { get; init; } = "";

    /// <summary>The approvals given, one per approving agency.</summary>
    public IReadOnlyList<ProtocolApprovalRecord> Approvals { get; init; } = [];
}

/// <summary>One agency's sign-off of a protocol version: who, when, their comment, and the digest of the text they approved.</summary>
public sealed record ProtocolApprovalRecord(string AgencyId, string UserId, DateTimeOffset ApprovedAt, string Comment, string DocumentDigest);

/// <summary>Every stored protocol version with the protocol generation it was read at (<see cref="IHubStore.ReadProtocolHistoryAsync"/>).</summary>
public sealed record ProtocolHistory(long Generation, IReadOnlyList<ProtocolVersionRecord> Versions);

/// <summary>
/// One change to the protocols, decided on the history read at <see cref="ExpectedGeneration"/>: the versions to store
/// whole (new or changed: status, publication, end), and an approval to add.
/// </summary>
public sealed record ProtocolChange(long ExpectedGeneration, IReadOnlyList<ProtocolVersionRecord> Versions, ProtocolApprovalRecord? Approval = null, string? ApprovedProtocolId = null, string? ApprovedVersion = null);

/// <summary>
/// The entitlement index was completed for a protocol set on a day: every stored item was decided under the set and what
/// it permits added. <paramref name="ProtocolSet"/> is the hub's identity of the set (its protocol texts and policy engine).
/// </summary>
public sealed record EntitlementCoverage(string ProtocolSet, DateOnly CoveredOn);
