using IntelHub.Contracts.V1;
using IntelHub.Domain.Grading;
using ItemKind = IntelHub.Domain.Items.ItemKind;

namespace IntelHub.Server.Reports;

/// <summary>The names values have in the store (stable, lower-case, readable in SQL).</summary>
internal static class StoredNames
{
    public const string NoOnwardDissemination = "no-onward-dissemination";
    public const string NotForEvidentialUse = "not-for-evidential-use";
    public const string ContactOriginatorBeforeAction = "contact-originator-before-action";
    public const string OtherPrefix = Policy.Compilation.PolicySnapshot.OtherConditionPrefix;

    public static string Kind(ItemKind kind) => kind switch
    {
        ItemKind.Information => "information",
        ItemKind.Intelligence => "intelligence",
        _ => "product",
    };

    public static ItemKind? KindFrom(string stored) => stored switch
    {
        "information" => ItemKind.Information,
        "intelligence" => ItemKind.Intelligence,
        "product" => ItemKind.Product,
        _ => null,
    };

    public static IReadOnlyList<string> Conditions(HandlingConditions conditions)
    {
        var names = new List<string>();
        if (conditions.NoOnwardDissemination) names.Add(NoOnwardDissemination);
        if (conditions.NotForEvidentialUse) names.Add(NotForEvidentialUse);
        if (conditions.ContactOriginatorBeforeAction) names.Add(ContactOriginatorBeforeAction);
        if (conditions.Other is { } other) names.Add(OtherPrefix + other);
        return names;
    }

    /// <summary>PERSONAL_DATA_CATEGORY_CRIMINAL_OFFENCE -> criminal-offence.</summary>
    public static string PersonalData(PersonalDataCategory category) =>
        string.Concat(category.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public static PersonalDataCategory? PersonalDataFrom(string stored) =>
        Enum.GetValues<PersonalDataCategory>().FirstOrDefault(c => PersonalData(c) == stored) is var found && found != PersonalDataCategory.Unspecified ? found : null;
}
