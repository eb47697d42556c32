using Google.Protobuf;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Client;

/// <summary>Prints what the hub disclosed, in the terms a practitioner reads: the view decides what is shown.</summary>
internal static class ItemPrinter
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation());

    /// <summary>The protocol rule that permitted a disclosure; none when the caller's own agency submitted the item.</summary>
    public static string BasisText(DecisionBasis? basis) =>
        basis is null || basis.ProtocolId.Length == 0 ? "your agency's own item" : $"under {basis.ProtocolId} v{basis.ProtocolVersion} rule {basis.RuleId}";

    public static void Print(TextWriter output, DisclosedItem item, bool json)
    {
        if (json)
        {
            output.WriteLine(Json.Format(item));
            return;
        }
        output.WriteLine($"{item.ItemId}  {Describe(item.Kind)} from {item.Originator.DisplayName} ({item.Originator.AgencyId}), {item.Submitted?.At?.ToDateTimeOffset():yyyy-MM-dd HH:mm}Z");
        output.WriteLine($"  view: {Describe(item.View)}   {BasisText(item.Basis)}   audit leaf {item.DisclosureAuditLeafIndex}");
        switch (item.ContentCase)
        {
            case DisclosedItem.ContentOneofCase.Full:
                PrintSubject(output, item.Full.Subject);
                if (item.Full.Grading?.Grade is { } grade) output.WriteLine($"  grade: {GradeText(grade)}{(item.Full.Grading.LegacyGrade is { } legacy ? $" (legacy 5x5x5 {LegacyText(legacy)})" : "")}");
                output.WriteLine($"  text: {item.Full.FullText}");
                if (item.Full.SanitisedText.Length > 0) output.WriteLine($"  sanitised: {item.Full.SanitisedText}");
                break;
            case DisclosedItem.ContentOneofCase.Sanitised:
                PrintSubject(output, item.Sanitised.Subject);
                if (item.Sanitised.Grading?.Grade is { } g) output.WriteLine($"  grade: {GradeText(g)}");
                output.WriteLine($"  sanitised text: {item.Sanitised.SanitisedText}");
                break;
            case DisclosedItem.ContentOneofCase.ExistenceOnly:
                output.WriteLine($"  exists: refer to {item.ExistenceOnly.Originator.DisplayName} ({item.ExistenceOnly.ContactPoint}) quoting {item.ExistenceOnly.ItemId}");
                break;
        }
        foreach (var obligation in item.Obligations) output.WriteLine($"  obligation: {obligation.Text}");
        output.WriteLine();
    }

    private static void PrintSubject(TextWriter output, ItemSubject? subject)
    {
        if (subject is null) return;
        var themes = string.Join(", ", subject.Themes.Select(t => $"{Describe(t.ExploitationType)}/{Describe(t.VictimAgeGroup)}"));
        var areas = string.Join(", ", subject.Areas.Select(a => string.IsNullOrEmpty(a.DisplayName) ? a.GssCode : $"{a.DisplayName} ({a.GssCode})"));
        output.WriteLine($"  about: {themes} in {areas}");
        foreach (var entity in subject.Entities) output.WriteLine($"  mentions: {Describe(entity)}");
    }

    private static string Describe(Entity entity) => entity.KindCase switch
    {
        Entity.KindOneofCase.Person => $"person {entity.Person.FullName}",
        Entity.KindOneofCase.Location => $"place {string.Join(", ", entity.Location.AddressLines.Append(entity.Location.Town).Append(entity.Location.Postcode).Where(s => s.Length > 0))}",
        Entity.KindOneofCase.Vehicle => $"vehicle {entity.Vehicle.RegistrationMark} {entity.Vehicle.Make} {entity.Vehicle.Model}".TrimEnd(),
        Entity.KindOneofCase.PhoneNumber => $"phone {entity.PhoneNumber.Number}",
        Entity.KindOneofCase.Organisation => $"organisation {entity.Organisation.Name}",
        Entity.KindOneofCase.Business => $"business {entity.Business.Name}",
        _ => "entity",
    };

    private static string GradeText(Grade grade) =>
        $"{(int)grade.SourceEvaluation}{(char)('A' + (int)grade.IntelligenceAssessment - 1)}{grade.HandlingCode}";

    private static string LegacyText(LegacyGrade grade) =>
        $"{(char)('A' + (int)grade.SourceEvaluation - 1)}{(int)grade.IntelligenceEvaluation}{(int)grade.HandlingCode}";

    /// <summary>An enum value as words: EXPLOITATION_TYPE_DOMESTIC_SERVITUDE -> "domestic servitude".</summary>
    public static string Describe<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }
}
