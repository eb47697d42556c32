using System.Data.Common;

namespace IntelHub.Storage.Relational;

/// <summary>
/// The items table's columns in one order, shared by every query that reads items; the item's indexed metadata
/// (entities, themes, areas) is read for a page of items at once and attached.
/// </summary>
internal static class ItemRows
{
    public const string Columns =
        "i.item_id, i.kind, i.originator_agency_id, i.submitted_by, i.classification, i.grading, i.legacy_grading, " +
        "i.handling_conditions, i.originator_reference, i.personal_data_categories, i.occurred_from, " +
        "i.occurred_to, i.review_date, i.created_at, i.title, i.full_text, i.sanitised_text, i.content_digest, i.disposed_at, i.subject_document, i.content_salt";

    /// <summary>How many columns <see cref="Columns"/> lists: a query's own columns follow from this ordinal.</summary>
    public const int Count = 21;

    public static StoredItem Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset?> timestamp) => new()
    {
        ItemId = r.GetString(0),
        Kind = r.GetString(1),
        OriginatorAgencyId = r.GetString(2),
        SubmittedBy = r.GetString(3),
        Classification = r.GetString(4),
        Grading = r.NullableString(5),
        LegacyGrading = r.NullableString(6),
        HandlingConditions = JsonList.Read(r.GetString(7)),
        OriginatorReference = r.NullableString(8),
        PersonalDataCategories = JsonList.Read(r.GetString(9)),
        OccurredFrom = timestamp(r, 10),
        OccurredTo = timestamp(r, 11),
        ReviewDate = r.GetFieldValue<DateOnly>(12),
        CreatedAt = timestamp(r, 13)!.Value,
        Title = r.NullableString(14),
        FullText = r.NullableString(15),
        SanitisedText = r.NullableString(16),
        ContentDigest = r.GetString(17),
        DisposedAt = timestamp(r, 18),
        SubjectDocument = r.IsDBNull(19) ? null : r.GetFieldValue<byte[]>(19),
        ContentSalt = r.IsDBNull(20) ? null : r.GetFieldValue<byte[]>(20),
    };
}

/// <summary>Themes are "exploitation-type/age-group"; "labour/*" in a query stands for every age group.</summary>
internal static class Themes
{
    public const string AnyAgeGroup = "/*";

    public static string ExploitationType(string theme)
    {
        var slash = theme.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? theme : theme[..slash];
    }
}
