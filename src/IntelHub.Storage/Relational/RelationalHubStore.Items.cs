using System.Data.Common;
using System.Globalization;

namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    public async Task<StoredItem?> GetItemAsync(string itemId, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(itemId, nameof(itemId));
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var items = await connection.Command($"SELECT {ItemRows.Columns} FROM items i WHERE i.item_id = @item_id")
            .With("item_id", itemId)
            .ListAsync(r => ItemRows.Read(r, ReadNullableTimestamp), cancellationToken);
        // The metadata is read for an absent id too: a miss costs the round trips a hit does, so that the time a
        // lookup takes does not tell whether the item exists.
        var found = await WithIndexedMetadataAsync(connection, [itemId], items, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<StoredItem>> GetItemsAsync(IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var ids = itemIds.Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in ids) SubmissionRules.Required(id, nameof(itemIds));
        if (ids.Count > IHubStore.MaxItemsPerRead)
            throw new ArgumentException($"Read at most {IHubStore.MaxItemsPerRead} items at once; {ids.Count} were asked for.", nameof(itemIds));
        if (ids.Count == 0) return [];
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var command = connection.Command($"SELECT {ItemRows.Columns} FROM items i WHERE i.item_id IN ({string.Join(", ", ids.Select((_, i) => $"@id{i}"))})");
        for (var i = 0; i < ids.Count; i++) command.With($"id{i}", ids[i]);
        var items = await command.ListAsync(r => ItemRows.Read(r, ReadNullableTimestamp), cancellationToken);
        return items.Count == 0 ? [] : await WithIndexedMetadataAsync(connection, [.. items.Select(i => i.ItemId)], items, cancellationToken);
    }

    public Task<IReadOnlyList<StoredItem>> FindItemsAsync(ItemQuery query, CancellationToken cancellationToken) =>
        FindItemsAsync(query, start: null, cancellationToken);

    /// <summary>The search from a given start (null: the one the capped counts choose); every start gives the same rows.</summary>
    internal async Task<IReadOnlyList<StoredItem>> FindItemsAsync(ItemQuery query, SearchStart? start, CancellationToken cancellationToken)
    {
        var search = ItemSearch.For(query, Timestamp, TextSearch, JoinInOrder);
        if (search is null) return [];
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var command = connection.Command(search.Sql(start ?? await ChooseStartAsync(connection, search, cancellationToken)));
        foreach (var (name, value) in search.Parameters) command.With(name, value);
        var withWords = query.Words is not null;
        var items = await command.ListAsync(
            r => withWords ? ItemRows.Read(r, ReadNullableTimestamp) with { WordsFound = (WordsFound)r.GetInt32(ItemRows.Count) } : ItemRows.Read(r, ReadNullableTimestamp),
            cancellationToken);
        return items.Count == 0 ? items : await WithIndexedMetadataAsync(connection, [.. items.Select(i => i.ItemId)], items, cancellationToken);
    }

    /// <summary>Where the store starts this search (for the tests that pin the choice).</summary>
    internal async Task<SearchStart> ChooseSearchStartAsync(ItemQuery query, CancellationToken cancellationToken)
    {
        var search = ItemSearch.For(query, Timestamp, TextSearch, JoinInOrder) ?? throw new ArgumentException("The query matches nothing; there is no start.", nameof(query));
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ChooseStartAsync(connection, search, cancellationToken);
    }

    /// <summary>The plan the engine chooses for a search from a start (null: the chosen one), for the tests that pin index use.</summary>
    internal async Task<string> ExplainFindItemsAsync(ItemQuery query, CancellationToken cancellationToken, SearchStart? start = null)
    {
        var search = ItemSearch.For(query, Timestamp, TextSearch, JoinInOrder) ?? throw new ArgumentException("The query matches nothing; there is no plan.", nameof(query));
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var command = connection.Command(Explain.Prefix + search.Sql(start ?? await ChooseStartAsync(connection, search, cancellationToken)));
        foreach (var (name, value) in search.Parameters) command.With(name, value);
        return string.Join('\n', await command.ListAsync(r => r.GetString(Explain.TextColumn), cancellationToken));
    }

    /// <summary>Counts each selective filter's matches among all items, capped, in one round trip, and picks the start.</summary>
    private static async Task<SearchStart> ChooseStartAsync(DbConnection connection, ItemSearch search, CancellationToken cancellationToken)
    {
        if (search.CountSql is not { } sql) return SearchStart.Keyset;
        var command = connection.Command(sql);
        foreach (var (name, value) in search.Parameters)
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal)) command.With(name, value);
        }
        var counts = await command.ListAsync(r => Enumerable.Range(0, r.FieldCount).Select(r.GetInt64).ToArray(), cancellationToken);
        return search.Choose(counts[0]);
    }

    public async Task AddEntitlementsAsync(IReadOnlyList<(string AgencyId, DateTimeOffset CreatedAt, string ItemId)> entitlements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entitlements);
        if (entitlements.Count == 0) return;
        foreach (var (agencyId, _, itemId) in entitlements)
        {
            SubmissionRules.Required(agencyId, nameof(entitlements));
            SubmissionRules.Required(itemId, nameof(entitlements));
        }
        await using var write = await BeginWriteAsync(cancellationToken);
        await write.InsertRowsAsync("INSERT INTO item_entitlements (agency_id, created_at, item_id)",
            [.. entitlements.Select(e => new object?[] { e.AgencyId, Timestamp(e.CreatedAt), e.ItemId })], cancellationToken, "ON CONFLICT DO NOTHING");
        await write.CommitAsync();
    }

    public async Task<EntitlementCoverage?> ReadEntitlementCoverageAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.Command("SELECT protocol_set, covered_on FROM entitlement_coverage WHERE id = 1")
            .ListAsync(r => new EntitlementCoverage(r.GetString(0), DateOnly.ParseExact(r.GetString(1), CoverageDay, CultureInfo.InvariantCulture)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task RecordEntitlementCoverageAsync(EntitlementCoverage coverage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        SubmissionRules.Required(coverage.ProtocolSet, nameof(coverage));
        await using var write = await BeginWriteAsync(cancellationToken);
        await write.Command(
                "INSERT INTO entitlement_coverage (id, protocol_set, covered_on) VALUES (1, @set, @on) " +
                "ON CONFLICT (id) DO UPDATE SET protocol_set = excluded.protocol_set, covered_on = excluded.covered_on")
            .With("set", coverage.ProtocolSet).With("on", coverage.CoveredOn.ToString(CoverageDay, CultureInfo.InvariantCulture))
            .ExecuteAsync(cancellationToken);
        await write.CommitAsync();
    }

    public async Task ForgetEntitlementCoverageOtherThanAsync(string protocolSet, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(protocolSet, nameof(protocolSet));
        await using var write = await BeginWriteAsync(cancellationToken);
        await write.Command(ForgetEntitlementCoverage + " WHERE protocol_set <> @set").With("set", protocolSet).ExecuteAsync(cancellationToken);
        await write.CommitAsync();
    }

    /// <summary>Deletes the record of a completed entitlement index (a bulk load's items were routed past the hub).</summary>
    private const string ForgetEntitlementCoverage = "DELETE FROM entitlement_coverage";

    private const string CoverageDay = "yyyy-MM-dd";

    /// <summary>Attaches the entity keys, themes and areas of a page of items (by their ids), read in one round trip.</summary>
    private static async Task<IReadOnlyList<StoredItem>> WithIndexedMetadataAsync(DbConnection connection, IReadOnlyList<string> itemIds, List<StoredItem> items, CancellationToken cancellationToken)
    {
        var ids = string.Join(", ", itemIds.Select((_, i) => $"@id{i}"));
        var command = connection.Command(
            $"SELECT item_id, 0, ordinal, kind, match_key, as_typed FROM item_entities WHERE item_id IN ({ids}) " +
            $"UNION ALL SELECT item_id, 1, ordinal, theme, '', '' FROM item_themes WHERE item_id IN ({ids}) " +
            $"UNION ALL SELECT item_id, 2, ordinal, area, '', '' FROM item_areas WHERE item_id IN ({ids}) " +
            "ORDER BY 1, 2, 3");
        for (var i = 0; i < itemIds.Count; i++) command.With($"id{i}", itemIds[i]);
        var rows = (await command.ListAsync(r => (ItemId: r.GetString(0), Part: r.GetInt32(1), First: r.GetString(3), Second: r.GetString(4), Third: r.GetString(5)), cancellationToken))
            .ToLookup(row => row.ItemId, StringComparer.Ordinal);
        return [.. items.Select(item =>
        {
            var own = rows[item.ItemId].ToArray();
            return item with
            {
                Entities = [.. own.Where(r => r.Part == 0).Select(r => new EntityKey(r.First, r.Second, r.Third))],
                Themes = [.. own.Where(r => r.Part == 1).Select(r => r.First)],
                Areas = [.. own.Where(r => r.Part == 2).Select(r => r.First)],
            };
        })];
    }

    public Task<IReadOnlyList<RoutingRecord>> GetRoutingAsync(string itemId, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(itemId, nameof(itemId));
        return ReadAsync<IReadOnlyList<RoutingRecord>>(
            async connection => await connection.Command(
                    "SELECT recipient_agency_id, permitted, view, protocol_id, protocol_version, rule_id, obligations, reasons " +
                    "FROM routing_decisions WHERE item_id = @item_id ORDER BY recipient_agency_id")
                .With("item_id", itemId)
                .ListAsync(r => new RoutingRecord(r.GetString(0), r.GetBoolean(1), r.NullableString(2), r.NullableString(3),
                    r.NullableString(4), r.NullableString(5), JsonList.Read(r.GetString(6)), r.GetString(7)), cancellationToken),
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> ItemsDueForReviewAsync(DateOnly asOf, int limit, CancellationToken cancellationToken)
    {
        RequireLimit(limit);
        return ReadAsync<IReadOnlyList<string>>(
            async connection => await connection.Command(
                    "SELECT item_id FROM items WHERE review_date <= @as_of AND disposed_at IS NULL ORDER BY review_date, item_id LIMIT @limit")
                .With("as_of", asOf)
                .With("limit", limit)
                .ListAsync(r => r.GetString(0), cancellationToken),
            cancellationToken);
    }

    public async Task<bool> DisposeItemContentAsync(string itemId, IReadOnlyList<ReadOnlyMemory<byte>> auditEntries, CancellationToken cancellationToken)
    {
        SubmissionRules.Required(itemId, nameof(itemId));
        ArgumentNullException.ThrowIfNull(auditEntries);
        await using var write = await BeginWriteAsync(cancellationToken);
        // The commitment, metadata, routing decisions and audit records stay: what was shared remains on record.
        // The entities and people go, from their tables and from the item's profile summary (personal data).
        // The salt goes with the content: kept alone, it would let whoever holds the database test guesses at
        // the disposed content against the commitments in the log.
        var disposed = await write.Command(
                "UPDATE items SET title = NULL, full_text = NULL, sanitised_text = NULL, subject_document = NULL, content_salt = NULL, " +
                "profile_entities = NULL, profile_people = NULL, disposed_at = @now " +
                "WHERE item_id = @item_id AND disposed_at IS NULL")
            .With("now", Timestamp(Now()))
            .With("item_id", itemId)
            .ExecuteAsync(cancellationToken);
        if (disposed == 0)
        {
            var exists = await write.Command("SELECT item_id FROM items WHERE item_id = @item_id")
                .With("item_id", itemId)
                .StringOrNullAsync(cancellationToken);
            return exists is not null
                ? false
                : throw new KeyNotFoundException($"No item with id {itemId} is stored; check the id. Nothing was disposed.");
        }
        await write.Command("DELETE FROM item_entities WHERE item_id = @item_id").With("item_id", itemId).ExecuteAsync(cancellationToken);
        await write.Command("DELETE FROM item_people WHERE item_id = @item_id").With("item_id", itemId).ExecuteAsync(cancellationToken);
        await AppendAuditAsync(write, auditEntries, cancellationToken);
        await write.CommitAsync();
        return true;
    }
}
