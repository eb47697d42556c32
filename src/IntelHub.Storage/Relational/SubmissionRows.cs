namespace IntelHub.Storage.Relational;

/// <summary>A table a submission writes to, with its columns in the order its rows list their values.</summary>
internal sealed record SubmissionTable(string Name, string Columns)
{
    public string InsertInto => $"INSERT INTO {Name} ({Columns})";

    public static readonly SubmissionTable IdempotencyKeys = new("idempotency_keys",
        "originator_agency_id, idempotency_key, item_id, content_digest, first_audit_sequence, audit_count, recorded_at");

    public static readonly SubmissionTable Items = new("items",
        "item_id, kind, originator_agency_id, submitted_by, classification, grading, legacy_grading, " +
        "handling_conditions, originator_reference, personal_data_categories, occurred_from, occurred_to, " +
        "review_date, created_at, title, full_text, sanitised_text, subject_document, content_digest, content_salt, disposed_at, " +
        ProfileSummary.Columns);

    public static readonly SubmissionTable Entities = new("item_entities", "kind, match_key, item_id, ordinal, as_typed");

    public static readonly SubmissionTable Themes = new("item_themes", "theme, exploitation_type, item_id, ordinal");

    public static readonly SubmissionTable Areas = new("item_areas", "area, item_id, ordinal");

    public static readonly SubmissionTable People = new("item_people", "item_id, role, nationality, person_key");

    public static readonly SubmissionTable Routing = new("routing_decisions",
        "item_id, recipient_agency_id, permitted, view, protocol_id, protocol_version, rule_id, obligations, reasons");

    /// <summary>The entitlement index: the originator's own item and every permitted recipient's, in keyset order per agency.</summary>
    public static readonly SubmissionTable Entitlements = new("item_entitlements", "agency_id, created_at, item_id");

    public static readonly SubmissionTable Inbox = new("inbox_entries",
        "agency_id, position, item_id, view, protocol_id, protocol_version, rule_id, obligations, queued_at");

    public static readonly SubmissionTable Audit = new("audit_records", "sequence, entry");

    /// <summary>Every table, in the order a write fills them (the item before the rows that refer to it).</summary>
    public static readonly IReadOnlyList<SubmissionTable> InWriteOrder = [Items, IdempotencyKeys, Entities, Themes, Areas, People, Routing, Entitlements, Inbox, Audit];
}

/// <summary>
/// The rows a submission adds, table by table: built here once, so a single submission (<see cref="RelationalHubStore.SubmitAsync"/>)
/// and a bulk load (<see cref="RelationalHubStore.BulkLoadAsync"/>) store exactly the same rows. A table added for every item
/// gets its rows here, and both paths fill it.
/// </summary>
internal sealed class SubmissionRows
{
    private readonly Dictionary<SubmissionTable, List<object?[]>> _rows = SubmissionTable.InWriteOrder.ToDictionary(t => t, _ => new List<object?[]>());

    public IReadOnlyList<object?[]> this[SubmissionTable table] => _rows[table];

    /// <summary>
    /// The item, with its profile summary, and the rows that index it for search, its originator's entitlement among them
    /// (see <see cref="AddRouting"/> for the recipients'). A value given twice in one item is one
    /// row (for an entity, the first spelling as typed is kept). The summary is built from the same lists as the side
    /// tables' rows, so the two always agree (<see cref="ProfileSummary"/>).
    /// </summary>
    public void AddItem(StoredItem item, Func<DateTimeOffset?, object?> timestamp)
    {
        var entities = item.Entities.DistinctBy(e => (e.Kind, e.MatchKey)).ToList();
        var themes = item.Themes.Distinct(StringComparer.Ordinal).ToList();
        var areas = item.Areas.Distinct(StringComparer.Ordinal).ToList();
        var people = ProfileSummary.InOrder(item.People.Distinct());
        _rows[SubmissionTable.Items].Add(
        [
            item.ItemId, item.Kind, item.OriginatorAgencyId, item.SubmittedBy, item.Classification, item.Grading, item.LegacyGrading,
            JsonList.Write(item.HandlingConditions), item.OriginatorReference, JsonList.Write(item.PersonalDataCategories),
            timestamp(item.OccurredFrom), timestamp(item.OccurredTo), item.ReviewDate, timestamp(item.CreatedAt), item.Title,
            item.FullText, item.SanitisedText, item.SubjectDocument, item.ContentDigest, item.ContentSalt, null,
            ProfileSummary.Join(themes), ProfileSummary.Join(areas), ProfileSummary.Entities(entities), ProfileSummary.People(people),
        ]);
        _rows[SubmissionTable.Entities].AddRange(entities.Select((e, i) => new object?[] { e.Kind, e.MatchKey, item.ItemId, i, e.AsTyped }));
        _rows[SubmissionTable.Themes].AddRange(themes.Select((t, i) => new object?[] { t, Themes.ExploitationType(t), item.ItemId, i }));
        _rows[SubmissionTable.Areas].AddRange(areas.Select((a, i) => new object?[] { a, item.ItemId, i }));
        _rows[SubmissionTable.People].AddRange(people.Select(p => new object?[] { item.ItemId, p.Role, p.Nationality, p.PersonKey }));
        _rows[SubmissionTable.Entitlements].Add([item.OriginatorAgencyId, timestamp(item.CreatedAt), item.ItemId]);
    }

    public void AddIdempotencyKey(Submission submission, long firstAuditSequence, object recordedAt) =>
        _rows[SubmissionTable.IdempotencyKeys].Add(
        [
            submission.Item.OriginatorAgencyId, submission.IdempotencyKey, submission.Item.ItemId,
            submission.RequestDigest ?? submission.Item.ContentDigest, firstAuditSequence, (long)submission.AuditEntries.Count, recordedAt,
        ]);

    /// <summary>
    /// The routing decisions, and an entitlement for each permitted recipient other than the originator (whose own
    /// entitlement comes with the item). Written here rather than by triggers: the trigger looked the item up again for
    /// every permitted routing row, about half of SQLite's time for the routing rows (bench/README.md, "The SQLite writer:
    /// where each submission's time goes").
    /// </summary>
    public void AddRouting(StoredItem item, IReadOnlyList<RoutingRecord> routing, Func<DateTimeOffset?, object?> timestamp)
    {
        _rows[SubmissionTable.Routing].AddRange(routing.Select(r => new object?[]
            { item.ItemId, r.RecipientAgencyId, r.Permitted, r.View, r.ProtocolId, r.ProtocolVersion, r.RuleId, JsonList.Write(r.Obligations), r.Reasons }));
        var createdAt = timestamp(item.CreatedAt);
        _rows[SubmissionTable.Entitlements].AddRange(routing
            .Where(r => r.Permitted && !string.Equals(r.RecipientAgencyId, item.OriginatorAgencyId, StringComparison.Ordinal))
            .Select(r => r.RecipientAgencyId)
            .Distinct(StringComparer.Ordinal)
            .Select(agency => new object?[] { agency, createdAt, item.ItemId }));
    }

    public void AddInbox(IEnumerable<InboxEntry> delivered, Func<DateTimeOffset, object> timestamp) =>
        _rows[SubmissionTable.Inbox].AddRange(delivered.Select(e => new object?[]
            { e.AgencyId, e.Position, e.ItemId, e.View, e.ProtocolId, e.ProtocolVersion, e.RuleId, JsonList.Write(e.Obligations), timestamp(e.QueuedAt) }));

    public void AddAudit(long firstSequence, IReadOnlyList<ReadOnlyMemory<byte>> entries)
    {
        for (var i = 0; i < entries.Count; i++) _rows[SubmissionTable.Audit].Add([firstSequence + i, entries[i].ToArray()]);
    }

    /// <summary>The permitted recipients of a routing, in agency order: the order their inbox counters are taken in.</summary>
    public static List<RoutingRecord> Recipients(IReadOnlyList<RoutingRecord> routing) =>
        routing.Where(r => r.Permitted).OrderBy(r => r.RecipientAgencyId, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<InboxEntry> Deliveries(string itemId, IEnumerable<RoutingRecord> recipients, Func<string, long> position, DateTimeOffset queuedAt) =>
        recipients.Select(route => new InboxEntry(route.RecipientAgencyId, position(route.RecipientAgencyId), itemId, route.View!,
            route.ProtocolId!, route.ProtocolVersion!, route.RuleId!, route.Obligations, queuedAt)).ToList();
}
