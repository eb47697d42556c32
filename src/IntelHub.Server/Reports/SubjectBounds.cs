using IntelHub.Contracts.V1;
using IntelHub.Server.Validation;
using Google.Protobuf.Collections;

namespace IntelHub.Server.Reports;

/// <summary>
/// Limits on the descriptive fields of a submission that no domain type checks: how many aliases,
/// address lines or conditions, and how long each may be. Every item is carried in inbox pages and
/// search results to many agencies, so one oversized item costs every recipient; protos/README.md
/// lists these limits.
/// </summary>
internal static class SubjectBounds
{
    public const int MaxAliases = 20;
    public const int MaxNationalities = 10;
    public const int MaxAddressLines = 6;
    public const int MaxShortText = 100;
    public const int MaxDescription = 500;
    public const int MaxHandlingConditions = 10;
    public const int MaxConditionText = 1_000;
    public const int MaxSourceItems = 50;
    public const int MaxPersonalDataCategories = 20;
    public const int MaxDescriptors = 3;

    /// <summary>Checks the parts of one entity beyond its matched value; true when all are within bounds.</summary>
    public static bool Check(Entity entity, string field, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var before = problems.All.Count;
        switch (entity.KindCase)
        {
            case Entity.KindOneofCase.Person:
                Texts(entity.Person.Aliases, $"{field}.person.aliases", MaxAliases, MaxShortText, "aliases", problems);
                Texts(entity.Person.Nationalities, $"{field}.person.nationalities", MaxNationalities, 2, "nationalities (ISO 3166-1 alpha-2 codes)", problems);
                Nationalities(entity.Person.Nationalities, $"{field}.person.nationalities", problems);
                break;
            case Entity.KindOneofCase.Location:
                Location(entity.Location, $"{field}.location", problems);
                break;
            case Entity.KindOneofCase.Vehicle:
                Text(entity.Vehicle.Make, $"{field}.vehicle.make", MaxShortText, problems);
                Text(entity.Vehicle.Model, $"{field}.vehicle.model", MaxShortText, problems);
                Text(entity.Vehicle.Colour, $"{field}.vehicle.colour", MaxShortText, problems);
                break;
            case Entity.KindOneofCase.Business:
                Text(entity.Business.CompanyNumber, $"{field}.business.company_number", 16, problems);
                if (entity.Business.Premises is { } premises) Location(premises, $"{field}.business.premises", problems);
                break;
        }
        return problems.All.Count == before;
    }

    /// <summary>The counts of a submission's lists that are not entities, themes or areas.</summary>
    public static void CheckLists(ItemSubject? subject, Classification? classification, FieldViolations problems)
    {
        if (subject is not null) Count(subject.PersonalDataCategories.Count, "subject.personal_data_categories", MaxPersonalDataCategories, "personal data categories", problems);
        if (classification is not null) Count(classification.Descriptors.Count, "classification.descriptors", MaxDescriptors, "descriptors", problems);
    }

    /// <summary>The handling conditions and evaluated items of intelligence.</summary>
    public static void CheckIntelligence(SubmitIntelligenceRequest request, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckConditions(request.HandlingConditions, "handling_conditions", problems);
        Texts(request.SourceItemIds, "source_item_ids", MaxSourceItems, MaxShortText, "source item ids", problems);
    }

    /// <summary>Handling conditions (an intelligence submission's, or those a dissemination grant adds): how many, and their texts' length.</summary>
    public static void CheckConditions(IReadOnlyList<HandlingCondition> conditions, string field, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        Count(conditions.Count, field, MaxHandlingConditions, "handling conditions", problems);
        for (var i = 0; i < Math.Min(conditions.Count, MaxHandlingConditions); i++)
            Text(conditions[i].Text, $"{field}[{i}].text", MaxConditionText, problems);
    }

    private static void Location(Location location, string field, FieldViolations problems)
    {
        Texts(location.AddressLines, $"{field}.address_lines", MaxAddressLines, MaxShortText, "address lines", problems);
        Text(location.Town, $"{field}.town", MaxShortText, problems);
        Text(location.Postcode, $"{field}.postcode", 16, problems);
        Text(location.Description, $"{field}.description", MaxDescription, problems);
    }

    private static void Texts(RepeatedField<string> texts, string field, int maxCount, int maxLength, string noun, FieldViolations problems)
    {
        if (!Count(texts.Count, field, maxCount, noun, problems)) return;
        for (var i = 0; i < texts.Count; i++) Text(texts[i], $"{field}[{i}]", maxLength, problems);
    }

    /// <summary>Each nationality is an ISO 3166-1 alpha-2 code: two letters (either case; stored in capitals).</summary>
    private static void Nationalities(RepeatedField<string> codes, string field, FieldViolations problems)
    {
        for (var i = 0; i < Math.Min(codes.Count, MaxNationalities); i++)
        {
            if (codes[i].Length == 2 && codes[i].All(char.IsAsciiLetter)) continue;
            problems.Add($"{field}[{i}]", $"'{codes[i]}' is not an ISO 3166-1 alpha-2 code: give two letters, e.g. GB, VN or AL.");
        }
    }

    private static bool Count(int count, string field, int max, string noun, FieldViolations problems)
    {
        if (count <= max) return true;
        problems.Add(field, $"{count} {noun} given; the most the hub accepts is {max}. Keep the ones that matter for linking.");
        return false;
    }

    private static void Text(string text, string field, int maxLength, FieldViolations problems)
    {
        if (text.Length > maxLength)
            problems.Add(field, $"{text.Length} characters given; the most the hub accepts here is {maxLength}.");
    }
}
