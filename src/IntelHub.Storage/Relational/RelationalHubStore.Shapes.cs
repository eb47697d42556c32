namespace IntelHub.Storage.Relational;

public abstract partial class RelationalHubStore
{
    public Task<IReadOnlyList<ItemShapeCount>> CountItemShapesAsync(CancellationToken cancellationToken)
    {
        // The database groups the items, so a million items come back as the few thousand shapes they take. One
        // statement, read from one snapshot without a write lock. The themes and areas come from each item's profile
        // summary, in the order given: a set given in another order is another group here; the caller merges shapes
        // that decide alike.
        var sql =
            "SELECT kind, originator_agency_id, classification, grading, legacy_grading, handling_conditions, personal_data_categories, " +
            "sanitised, themes, areas, COUNT(*) FROM (" +
            "SELECT i.kind, i.originator_agency_id, i.classification, i.grading, i.legacy_grading, i.handling_conditions, i.personal_data_categories, " +
            "CASE WHEN i.sanitised_text IS NULL OR i.sanitised_text = '' THEN 0 ELSE 1 END AS sanitised, " +
            "i.profile_themes AS themes, i.profile_areas AS areas " +
            "FROM items i WHERE i.disposed_at IS NULL) shapes " +
            "GROUP BY kind, originator_agency_id, classification, grading, legacy_grading, handling_conditions, personal_data_categories, sanitised, themes, areas";
        return ReadAsync<IReadOnlyList<ItemShapeCount>>(async connection =>
        {
            await using var command = connection.Command(sql);
            command.CommandTimeout = 600;
            return await command.ListAsync(r => new ItemShapeCount
            {
                Kind = r.GetString(0),
                OriginatorAgencyId = r.GetString(1),
                Classification = r.GetString(2),
                Grading = r.NullableString(3),
                LegacyGrading = r.NullableString(4),
                HandlingConditions = JsonList.Read(r.GetString(5)),
                PersonalDataCategories = JsonList.Read(r.GetString(6)),
                HasSanitisedText = r.GetInt32(7) == 1,
                Themes = Split(r, 8),
                Areas = Split(r, 9),
                Count = r.GetInt64(10),
            }, cancellationToken);
        }, cancellationToken);
    }
}
