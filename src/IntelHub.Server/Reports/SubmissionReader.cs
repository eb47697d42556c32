using System.Text.RegularExpressions;
using Google.Protobuf;
using IntelHub.Contracts.V1;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Entities;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;
using IntelHub.Server.Sharing;
using IntelHub.Server.Validation;
using ContractGrade = IntelHub.Contracts.V1.Grade;
using ContractLegacyGrade = IntelHub.Contracts.V1.LegacyGrade;
using DomainGrade = IntelHub.Domain.Grading.Grade;
using DomainHandlingCode = IntelHub.Domain.Grading.HandlingCode;
using DomainLegacyGrade = IntelHub.Domain.Grading.LegacyGrade;
using ItemKind = IntelHub.Domain.Items.ItemKind;
using Theme = IntelHub.Domain.Themes.Theme;
using Entity = IntelHub.Domain.Entities.Entity;

namespace IntelHub.Server.Reports;

/// <summary>
/// Reads a submission from the wire into validated domain values, collecting every problem with
/// the field it belongs to. Nothing is stored unless all of it is right.
/// </summary>
internal static partial class SubmissionReader
{
    public const int MaxTextLength = 100_000;
    private const int MaxKeyLength = 128;
    private const int MaxEntities = 200;
    private const int MaxThemes = 10;
    private const int MaxAreas = 40;

    public static ValidatedSubmission ReadInformation(SubmitInformationRequest request, AreaCatalogue knownAreas, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        var common = ReadCommon(request.IdempotencyKey, request.FullText, request.Subject, request.Classification,
            request.ReviewDate, request.OriginatorReference, knownAreas, today, problems);
        problems.ThrowIfAny("The information was not accepted and nothing was stored");
        var canonical = request.Clone();
        canonical.IdempotencyKey = "";
        return common! with { Kind = ItemKind.Information, RequestDigest = RequestDigest(canonical) };
    }

    public static ValidatedSubmission ReadIntelligence(SubmitIntelligenceRequest request, AreaCatalogue knownAreas, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        var common = ReadCommon(request.IdempotencyKey, request.FullText, request.Subject, request.Classification,
            request.ReviewDate, request.OriginatorReference, knownAreas, today, problems);
        SubjectBounds.CheckIntelligence(request, problems);
        var grading = ReadGrading(request, problems);
        var sanitised = string.IsNullOrWhiteSpace(request.SanitisedText) ? null : request.SanitisedText.Trim();
        if (sanitised is { Length: > MaxTextLength })
            problems.Add("sanitised_text", $"The sanitised text is {sanitised.Length} characters long; the most the hub accepts is {MaxTextLength}.");
        else if (sanitised is not null && string.Equals(sanitised, request.FullText.Trim(), StringComparison.Ordinal))
            problems.Add("sanitised_text", "The sanitised text is the same as the full text: write a version for wider release that leaves out the source, or leave it empty so that partners learn only that the item exists.");
        problems.ThrowIfAny("The intelligence was not accepted and nothing was stored");
        var canonical = request.Clone();
        canonical.IdempotencyKey = "";
        return common! with { Kind = ItemKind.Intelligence, Grading = grading, SanitisedText = sanitised, RequestDigest = RequestDigest(canonical) };
    }

    private static ValidatedSubmission? ReadCommon(string idempotencyKey, string fullText, ItemSubject? subject,
        Contracts.V1.Classification? classification, Google.Type.Date? reviewDate, string originatorReference,
        AreaCatalogue knownAreas, DateOnly today, FieldViolations problems)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
            problems.Add("idempotency_key", "Missing: make up a key once per submission (e.g. a UUID) and send the same key on every retry.");
        else if (idempotencyKey.Length > MaxKeyLength || idempotencyKey.Any(char.IsControl))
            problems.Add("idempotency_key", $"Use at most {MaxKeyLength} printable characters, e.g. a UUID.");

        if (string.IsNullOrWhiteSpace(fullText))
            problems.Add("full_text", "Missing: write what was received or observed.");
        else if (fullText.Length > MaxTextLength)
            problems.Add("full_text", $"The text is {fullText.Length} characters long; the most the hub accepts is {MaxTextLength}. Split it into several reports.");

        var marking = ReadClassification(classification, problems);
        var review = ReadReviewDate(reviewDate, today, problems);
        var (themes, areas, from, to, entities, personalData) = ReadSubject(subject, knownAreas, problems);
        SubjectBounds.CheckLists(subject, classification, problems);

        if (originatorReference.Length > 100)
            problems.Add("originator_reference", "Keep your reference to 100 characters.");

        if (problems.Any) return null;
        return new ValidatedSubmission
        {
            Kind = ItemKind.Information,
            IdempotencyKey = idempotencyKey.Trim(),
            FullText = fullText.Trim(),
            Classification = marking!,
            Themes = themes,
            AreaGssCodes = areas,
            OccurredFrom = from,
            OccurredTo = to,
            Entities = entities,
            PersonalData = personalData,
            ReviewDate = review!.Value,
            OriginatorReference = string.IsNullOrWhiteSpace(originatorReference) ? null : originatorReference.Trim(),
            Subject = subject!,
            RequestDigest = "",
        };
    }

    /// <summary>
    /// What a retry under the same idempotency key must repeat: the whole request but its key, with the
    /// message type (information or intelligence). Any difference that could change sharing (kind,
    /// marking, grade, handling, review date, subject) makes a different digest.
    /// </summary>
    internal static string RequestDigest(IMessage requestWithoutKey)
    {
        var type = System.Text.Encoding.UTF8.GetBytes(requestWithoutKey.Descriptor.FullName + "\n");
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. type, .. requestWithoutKey.ToByteArray()]));
    }

    /// <summary>One theme: a form of exploitation and the victims' age group; null (with the problems) when either is missing.</summary>
    internal static Theme? ReadTheme(Contracts.V1.Theme theme, string field, FieldViolations problems)
    {
        var exploitation = ThemeWire.Exploitation(theme.ExploitationType);
        var age = ThemeWire.Age(theme.VictimAgeGroup);
        if (exploitation is null) problems.Add($"{field}.exploitation_type", "Choose sexual, labour, domestic servitude, criminal or organ harvesting.");
        if (age is null) problems.Add($"{field}.victim_age_group", "Choose adult or minor; if unknown, give the theme for each that may apply.");
        return exploitation is not null && age is not null ? Theme.Of(exploitation.Value, age.Value) : null;
    }

    /// <summary>One area by its GSS code, upper-cased; null (with the problem) when it is malformed or not an area the hub knows.</summary>
    internal static string? ReadArea(string gssCode, string field, AreaCatalogue knownAreas, FieldViolations problems)
    {
        var code = gssCode.Trim().ToUpperInvariant();
        if (!GssCode().IsMatch(code))
            problems.Add(field, $"'{gssCode}' is not a GSS code: use a letter and eight digits, e.g. W06000015 (Cardiff) or W15000002 (Gwent).");
        else if (knownAreas.ByGss(code) is null)
            problems.Add(field, $"{code} is not an area the hub knows: use the GSS code of a Welsh police force area (W15) or council area (W06), e.g. W06000015 for Cardiff.");
        else
            return code;
        return null;
    }

    internal static SecurityClassification? ReadClassification(Contracts.V1.Classification? classification, FieldViolations problems)
    {
        if (classification is null)
        {
            problems.Add("classification", "Missing: mark the item OFFICIAL or OFFICIAL-SENSITIVE.");
            return null;
        }
        // Any level the API does not define (a client built against another schema sending SECRET,
        // TOP SECRET or anything else) is refused: the hub is accredited to OFFICIAL-SENSITIVE only.
        var level = classification.Level switch
        {
            Contracts.V1.ClassificationLevel.Official => Domain.Classification.ClassificationLevel.Official,
            Contracts.V1.ClassificationLevel.OfficialSensitive => Domain.Classification.ClassificationLevel.OfficialSensitive,
            Contracts.V1.ClassificationLevel.Unspecified => (Domain.Classification.ClassificationLevel?)null,
            _ => null,
        };
        if (level is null)
        {
            problems.Add("classification.level", classification.Level == Contracts.V1.ClassificationLevel.Unspecified
                ? "Missing: mark the item OFFICIAL or OFFICIAL-SENSITIVE."
                : "This hub is accredited to OFFICIAL-SENSITIVE only. SECRET and TOP SECRET material must not be submitted here: withdraw it and use a system accredited for it.");
            return null;
        }
        var descriptors = ClassificationDescriptors.None;
        foreach (var descriptor in classification.Descriptors.Take(SubjectBounds.MaxDescriptors))
        {
            descriptors |= descriptor switch
            {
                SensitivityDescriptor.Personal => ClassificationDescriptors.Personal,
                SensitivityDescriptor.Commercial => ClassificationDescriptors.Commercial,
                SensitivityDescriptor.Locsen => ClassificationDescriptors.LocSen,
                _ => ClassificationDescriptors.None,
            };
            if (descriptor is not (SensitivityDescriptor.Personal or SensitivityDescriptor.Commercial or SensitivityDescriptor.Locsen))
                problems.Add("classification.descriptors", "Use PERSONAL, COMMERCIAL or LOCSEN.");
        }
        try
        {
            return SecurityClassification.Create(level.Value, descriptors);
        }
        catch (Domain.DomainRuleException refused)
        {
            problems.Add("classification", refused.Error);
            return null;
        }
    }

    private static ReviewDate? ReadReviewDate(Google.Type.Date? date, DateOnly today, FieldViolations problems)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            problems.Add("review_date", "Missing: give the date the record must next be reviewed (MoPI), e.g. 2030-01-31.");
            return null;
        }
        if (!DateOnly.TryParseExact($"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}", "yyyy-MM-dd", out var day))
        {
            problems.Add("review_date", $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} is not a calendar date: give a full date, e.g. 2030-01-31.");
            return null;
        }
        if (!ReviewDate.TryCreate(day, today, out var review, out var error))
        {
            problems.Add("review_date", error);
            return null;
        }
        if (day <= today)
        {
            problems.Add("review_date", $"{day:yyyy-MM-dd} is not in the future: a new record is reviewed later than today.");
            return null;
        }
        return review;
    }

    private static (IReadOnlyList<Theme>, IReadOnlyList<string>, DateTimeOffset?, DateTimeOffset?, IReadOnlyList<Entity>, IReadOnlyList<PersonalDataCategory>)
        ReadSubject(ItemSubject? subject, AreaCatalogue knownAreas, FieldViolations problems)
    {
        if (subject is null)
        {
            problems.Add("subject", "Missing: say what the item is about (at least one theme and one area).");
            return ([], [], null, null, [], []);
        }

        var themes = new List<Theme>();
        if (subject.Themes.Count == 0) problems.Add("subject.themes", "Give at least one theme: the form of exploitation and whether the victims are adults or children.");
        if (subject.Themes.Count > MaxThemes) problems.Add("subject.themes", $"At most {MaxThemes} themes.");
        for (var i = 0; i < Math.Min(subject.Themes.Count, MaxThemes); i++)
        {
            if (ReadTheme(subject.Themes[i], $"subject.themes[{i}]", problems) is { } theme && !themes.Contains(theme)) themes.Add(theme);
        }

        var areas = new List<string>();
        if (subject.Areas.Count == 0) problems.Add("subject.areas", "Give at least one area by its GSS code, e.g. W06000015 for Cardiff.");
        if (subject.Areas.Count > MaxAreas) problems.Add("subject.areas", $"At most {MaxAreas} areas.");
        for (var i = 0; i < Math.Min(subject.Areas.Count, MaxAreas); i++)
        {
            if (ReadArea(subject.Areas[i].GssCode, $"subject.areas[{i}].gss_code", knownAreas, problems) is { } code && !areas.Contains(code)) areas.Add(code);
        }

        DateTimeOffset? from = null, to = null;
        if (subject.Occurred is { } occurred)
        {
            from = TimestampField.Read(occurred.StartTime, "subject.occurred.start_time", problems);
            to = TimestampField.Read(occurred.EndTime, "subject.occurred.end_time", problems);
            if (from is not null && to is not null && to < from)
                problems.Add("subject.occurred", "The end of the period is before its start.");
        }

        var entities = new List<Entity>();
        if (subject.Entities.Count > MaxEntities) problems.Add("subject.entities", $"At most {MaxEntities} entities in one report.");
        for (var i = 0; i < Math.Min(subject.Entities.Count, MaxEntities); i++)
        {
            var field = $"subject.entities[{i}]";
            var (kind, value, path) = EntityWire.Describe(subject.Entities[i]);
            if (kind is null)
            {
                problems.Add(field, "Set exactly one of person, location, vehicle, phone_number, organisation or business.");
                continue;
            }
            if (!SubjectBounds.Check(subject.Entities[i], field, problems)) continue;
            if (Entity.TryCreate(kind.Value, value, out var entity, out var error)) entities.Add(entity);
            else problems.Add($"{field}.{path}", error);
        }

        var personal = new List<PersonalDataCategory>();
        for (var i = 0; i < Math.Min(subject.PersonalDataCategories.Count, SubjectBounds.MaxPersonalDataCategories); i++)
        {
            var category = subject.PersonalDataCategories[i];
            if (category == PersonalDataCategory.Unspecified || !Enum.IsDefined(category))
                problems.Add($"subject.personal_data_categories[{i}]", "Choose one of the listed categories of personal data.");
            else if (!personal.Contains(category)) personal.Add(category);
        }
        return (themes, areas, from, to, entities, personal);
    }

    private static ItemGrading? ReadGrading(SubmitIntelligenceRequest request, FieldViolations problems)
    {
        var conditions = ReadConditions(request.HandlingConditions, "handling_conditions", problems);
        switch (request.GradingCase)
        {
            case SubmitIntelligenceRequest.GradingOneofCase.Grade:
                var grade = ReadGrade(request.Grade, problems);
                if (grade is null || conditions is null) return null;
                if (ItemGrading.TryCreate(grade, conditions, out var grading, out var error)) return grading;
                problems.Add("handling_conditions", error);
                return null;
            case SubmitIntelligenceRequest.GradingOneofCase.LegacyGrade:
                var legacy = ReadLegacyGrade(request.LegacyGrade, problems);
                if (legacy is null) return null;
                if (request.HandlingConditions.Count > 0)
                    problems.Add("handling_conditions", "A legacy 5x5x5 grade carries its own handling code: the hub derives the conditions from it. Leave handling_conditions empty.");
                return ItemGrading.FromLegacy(legacy);
            default:
                problems.Add("grading", "Intelligence must be graded: give a 3x5x2 grade (e.g. 1AP) or the legacy 5x5x5 grade as recorded (e.g. B2 4).");
                return null;
        }
    }

    internal static DomainGrade? ReadGrade(ContractGrade grade, FieldViolations problems)
    {
        var source = grade.SourceEvaluation switch
        {
            Contracts.V1.SourceEvaluation.Reliable => Domain.Grading.SourceEvaluation.Reliable,
            Contracts.V1.SourceEvaluation.Untested => Domain.Grading.SourceEvaluation.Untested,
            Contracts.V1.SourceEvaluation.NotReliable => Domain.Grading.SourceEvaluation.NotReliable,
            _ => (Domain.Grading.SourceEvaluation?)null,
        };
        var assessment = (int)grade.IntelligenceAssessment is >= 1 and <= 5 ? (Domain.Grading.IntelligenceAssessment?)(Domain.Grading.IntelligenceAssessment)(int)grade.IntelligenceAssessment : null;
        var handling = grade.HandlingCode switch
        {
            Contracts.V1.HandlingCode.P => DomainHandlingCode.P,
            Contracts.V1.HandlingCode.C => DomainHandlingCode.C,
            _ => (DomainHandlingCode?)null,
        };
        if (source is null) problems.Add("grade.source_evaluation", "Give the source evaluation: 1 reliable, 2 untested or 3 not reliable.");
        if (assessment is null) problems.Add("grade.intelligence_assessment", "Give the intelligence assessment: A, B, C, D or E.");
        if (handling is null) problems.Add("grade.handling_code", "Give the handling code: P (sharing permitted) or C (sharing permitted subject to your conditions).");
        return source is null || assessment is null || handling is null ? null : DomainGrade.Of(source.Value, assessment.Value, handling.Value);
    }

    internal static DomainLegacyGrade? ReadLegacyGrade(ContractLegacyGrade grade, FieldViolations problems)
    {
        var source = (int)grade.SourceEvaluation;
        var intelligence = (int)grade.IntelligenceEvaluation;
        var handling = (int)grade.HandlingCode;
        if (source is < 1 or > 5) problems.Add("legacy_grade.source_evaluation", "Give the 5x5x5 source evaluation as recorded: A to E.");
        if (intelligence is < 1 or > 5) problems.Add("legacy_grade.intelligence_evaluation", "Give the 5x5x5 intelligence evaluation as recorded: 1 to 5.");
        if (handling is < 1 or > 5) problems.Add("legacy_grade.handling_code", "Give the 5x5x5 handling code as recorded: 1 to 5.");
        if (source is < 1 or > 5 || intelligence is < 1 or > 5 || handling is < 1 or > 5) return null;
        return DomainLegacyGrade.Of((LegacySource)source, (LegacyIntelligence)intelligence, (LegacyHandling)handling);
    }

    /// <summary>Handling conditions from the wire (an intelligence submission's, or those a dissemination grant adds), each problem under <paramref name="field"/>.</summary>
    internal static HandlingConditions? ReadConditions(IReadOnlyList<HandlingCondition> list, string field, FieldViolations problems)
    {
        bool noOnward = false, notEvidential = false, contactFirst = false;
        string? other = null;
        for (var i = 0; i < Math.Min(list.Count, SubjectBounds.MaxHandlingConditions); i++)
        {
            var condition = list[i];
            switch (condition.Kind)
            {
                case HandlingConditionKind.NoOnwardDissemination: noOnward = true; break;
                case HandlingConditionKind.NotForEvidentialUse: notEvidential = true; break;
                case HandlingConditionKind.ContactOriginatorBeforeAction: contactFirst = true; break;
                case HandlingConditionKind.Other when !string.IsNullOrWhiteSpace(condition.Text):
                    other = other is null ? condition.Text : other + "\n" + condition.Text;
                    break;
                case HandlingConditionKind.Other:
                    problems.Add($"{field}[{i}].text", "An OTHER condition needs your wording of the condition.");
                    break;
                default:
                    problems.Add($"{field}[{i}].kind", "Choose the condition: no onward dissemination, not for evidential use, contact the originator before action, or other.");
                    break;
            }
        }
        if (HandlingConditions.TryCreate(noOnward, notEvidential, contactFirst, other, out var conditions, out var error)) return conditions;
        problems.Add(field, error);
        return null;
    }

    [GeneratedRegex("^[EWSNKLM][0-9]{8}$")]
    private static partial Regex GssCode();
}
