using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Themes;

/// <summary>
/// A human-trafficking theme: a form of exploitation and the victim's age group, written
/// "labour/adult" or "domestic-servitude/minor" in protocol files and problem-profile requests.
/// </summary>
public sealed record Theme
{
    internal const string Field = "theme";
    private const string Example = "labour/adult";

    private Theme(ExploitationType exploitation, AgeGroup ageGroup)
    {
        Exploitation = exploitation;
        AgeGroup = ageGroup;
    }

    public ExploitationType Exploitation { get; }

    public AgeGroup AgeGroup { get; }

    public static Theme Of(ExploitationType exploitation, AgeGroup ageGroup)
    {
        if (!Enum.IsDefined(exploitation) || !Enum.IsDefined(ageGroup))
        {
            throw new DomainRuleException(new DomainError(
                Field,
                $"Theme ({(int)exploitation}, {(int)ageGroup}) is not defined: the exploitation type must be one of "
                + $"{ExploitationNames} and the age group adult or minor."));
        }

        return new Theme(exploitation, ageGroup);
    }

    public static Theme Parse(string? text) =>
        TryParse(text, out var theme, out var error) ? theme : throw new DomainRuleException(error);

    /// <summary>Reads "exploitation/age", case-insensitive, e.g. "Sexual/Minor" or "organ-harvesting/adult".</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text, [NotNullWhen(true)] out Theme? theme, [NotNullWhen(false)] out DomainError? error)
    {
        theme = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new DomainError(Field, $"Theme is missing: give an exploitation type and age group, e.g. {Example}.");
            return false;
        }

        var parts = text.Trim().ToLowerInvariant().Split('/');
        if (parts.Length != 2)
        {
            error = new DomainError(
                Field, $"Theme {InputEcho.Quote(text)} is not valid: write the exploitation type, '/', then adult or minor, e.g. {Example}.");
            return false;
        }

        ExploitationType? exploitation = parts[0].Trim() switch
        {
            "sexual" => ExploitationType.Sexual,
            "labour" => ExploitationType.Labour,
            "domestic-servitude" => ExploitationType.DomesticServitude,
            "criminal" => ExploitationType.Criminal,
            "organ-harvesting" => ExploitationType.OrganHarvesting,
            _ => null,
        };
        AgeGroup? ageGroup = parts[1].Trim() switch
        {
            "adult" => AgeGroup.Adult,
            "minor" => AgeGroup.Minor,
            _ => null,
        };
        error = exploitation is null
            ? new DomainError(
                Field, $"Theme {InputEcho.Quote(text)} has an unknown exploitation type: use one of {ExploitationNames} (e.g. {Example}).")
            : ageGroup is null
                ? new DomainError(Field, $"Theme {InputEcho.Quote(text)} has an unknown age group: use adult or minor (e.g. {Example}).")
                : null;
        theme = error is null ? new Theme(exploitation!.Value, ageGroup!.Value) : null;
        return error is null;
    }

    public override string ToString() => $"{ExploitationName(Exploitation)}/{(AgeGroup == AgeGroup.Adult ? "adult" : "minor")}";

    private static string ExploitationNames =>
        string.Join(", ", Enum.GetValues<ExploitationType>().Select(ExploitationName));

    private static string ExploitationName(ExploitationType type) => type switch
    {
        ExploitationType.Sexual => "sexual",
        ExploitationType.Labour => "labour",
        ExploitationType.DomesticServitude => "domestic-servitude",
        ExploitationType.Criminal => "criminal",
        ExploitationType.OrganHarvesting => "organ-harvesting",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a defined exploitation type."),
    };
}
