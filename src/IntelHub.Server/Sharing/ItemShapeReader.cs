using IntelHub.Contracts.V1;
using IntelHub.Domain.Grading;
using IntelHub.Server.Reports;
using IntelHub.Server.Validation;
using IntelHub.Storage;

namespace IntelHub.Server.Sharing;

/// <summary>
/// Reads a hypothetical item ("what if") into the stored form the sharing policy decides on, so that a shape is
/// decided exactly as a real item with the same facts would be. It carries no content: only what protocols decide on.
/// </summary>
internal static class ItemShapeReader
{
    private const string Field = "item_shape";
    private const int MaxValues = 40;

    public static StoredItem? Read(ItemShape shape, SharingPolicy sharing, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var kind = shape.Kind switch
        {
            Contracts.V1.ItemKind.Information => Domain.Items.ItemKind.Information,
            Contracts.V1.ItemKind.Intelligence => Domain.Items.ItemKind.Intelligence,
            Contracts.V1.ItemKind.Product => Domain.Items.ItemKind.Product,
            _ => (Domain.Items.ItemKind?)null,
        };
        if (kind is null) problems.Add($"{Field}.kind", "Choose information, intelligence or product.");

        var originator = shape.OriginatorAgencyId.Trim();
        if (originator.Length == 0) problems.Add($"{Field}.originator_agency_id", "Missing: name the agency that would submit the item, e.g. south-wales-police.");
        else if (sharing.Find(originator) is null) problems.Add($"{Field}.originator_agency_id", $"'{originator}' is not an agency in the hub's register (policies/agencies.yaml).");

        // The submission rules for markings and grades apply unchanged; their field names are placed under the shape's.
        var classification = Prefixed(problems, $"{Field}.", p => SubmissionReader.ReadClassification(shape.Classification, p));
        string? grading = null, legacy = null;
        IReadOnlyList<string> conditions = [];
        if (shape.Grading?.LegacyGrade is { } legacyGrade)
        {
            // As on submission: a legacy grade is decided by the 3x5x2 grade and conditions derived from it.
            if (Prefixed(problems, $"{Field}.grading.", p => SubmissionReader.ReadLegacyGrade(legacyGrade, p)) is { } read)
            {
                var derived = ItemGrading.FromLegacy(read);
                (grading, legacy, conditions) = (derived.Current.ToString(), read.ToString(), StoredNames.Conditions(derived.Conditions));
            }
        }
        else if (shape.Grading?.Grade is { } grade)
        {
            grading = Prefixed(problems, $"{Field}.grading.", p => SubmissionReader.ReadGrade(grade, p))?.ToString();
        }

        var themes = new List<string>();
        if (shape.Themes.Count is 0 or > MaxValues) problems.Add($"{Field}.themes", $"Give 1 to {MaxValues} themes: the form of exploitation and whether the victims are adults or children.");
        for (var i = 0; i < Math.Min(shape.Themes.Count, MaxValues); i++)
        {
            if (SubmissionReader.ReadTheme(shape.Themes[i], $"{Field}.themes[{i}]", problems) is { } theme) themes.Add(theme.ToString());
        }

        var areas = new List<string>();
        if (shape.AreaGssCodes.Count > MaxValues) problems.Add($"{Field}.area_gss_codes", $"At most {MaxValues} areas.");
        for (var i = 0; i < Math.Min(shape.AreaGssCodes.Count, MaxValues); i++)
        {
            if (SubmissionReader.ReadArea(shape.AreaGssCodes[i], $"{Field}.area_gss_codes[{i}]", sharing.Areas, problems) is { } code) areas.Add(code);
        }

        var personal = new List<string>();
        for (var i = 0; i < shape.PersonalDataCategories.Count; i++)
        {
            var category = shape.PersonalDataCategories[i];
            if (category == PersonalDataCategory.Unspecified || !Enum.IsDefined(category)) problems.Add($"{Field}.personal_data_categories[{i}]", "Choose one of the listed categories of personal data.");
            else personal.Add(StoredNames.PersonalData(category));
        }

        if (problems.Any) return null;
        return new StoredItem
        {
            ItemId = "",
            Kind = StoredNames.Kind(kind!.Value),
            OriginatorAgencyId = originator,
            SubmittedBy = "",
            Classification = classification!.ToString(),
            Grading = grading,
            LegacyGrading = legacy,
            HandlingConditions = conditions,
            Themes = themes.Distinct().ToList(),
            Areas = areas.Distinct().ToList(),
            PersonalDataCategories = personal.Distinct().ToList(),
            ReviewDate = DateOnly.MaxValue,
            CreatedAt = DateTimeOffset.UnixEpoch,
            SanitisedText = shape.HasSanitisedText ? "(a sanitised text)" : null,
            ContentDigest = "",
        };
    }

    private static T? Prefixed<T>(FieldViolations problems, string prefix, Func<FieldViolations, T?> read)
        where T : class
    {
        var own = new FieldViolations();
        var value = read(own);
        foreach (var violation in own.All) problems.Add(prefix + violation.Field, violation.Description);
        return value;
    }
}
