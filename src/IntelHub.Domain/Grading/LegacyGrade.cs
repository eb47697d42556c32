using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Grading;

/// <summary>
/// A legacy 5x5x5 grade: source letter A-E, intelligence number 1-5, handling number 1-5. Written
/// canonically as "B24" (no space: one token in files, URLs and database columns); "B2 4", "b2/4" and
/// "B-2-4" are read too. Kept alongside the 3x5x2 grade it maps to (<see cref="LegacyGradeMapping"/>).
/// </summary>
public sealed record LegacyGrade
{
    internal const string Field = "legacy_grade";
    private const string Example = "B24";

    private static readonly LegacyGrade[] All = CreateAll();

    private LegacyGrade(LegacySource source, LegacyIntelligence intelligence, LegacyHandling handling)
    {
        Source = source;
        Intelligence = intelligence;
        Handling = handling;
    }

    public LegacySource Source { get; }

    public LegacyIntelligence Intelligence { get; }

    public LegacyHandling Handling { get; }

    /// <summary>Every 5x5x5 grade, from A11 to E55.</summary>
    public static IReadOnlyList<LegacyGrade> Values { get; } = Array.AsReadOnly(All);

    public static LegacyGrade Of(LegacySource source, LegacyIntelligence intelligence, LegacyHandling handling)
    {
        if (!Enum.IsDefined(source) || !Enum.IsDefined(intelligence) || !Enum.IsDefined(handling))
        {
            throw new DomainRuleException(new DomainError(
                Field,
                $"Legacy grade ({(int)source}, {(int)intelligence}, {(int)handling}) is not a 5x5x5 grade: the source must "
                + "be A-E and the intelligence and handling codes 1-5."));
        }

        return All[IndexOf(source, intelligence, handling)];
    }

    public static LegacyGrade Parse(string? text) =>
        TryParse(text, out var grade, out var error) ? grade : throw new DomainRuleException(error);

    public static bool TryParse(
        [NotNullWhen(true)] string? text, [NotNullWhen(true)] out LegacyGrade? grade, [NotNullWhen(false)] out DomainError? error)
    {
        grade = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new DomainError(Field, $"Legacy grade is missing: give a 5x5x5 grade such as {Example} (or B2 4).");
            return false;
        }

        var code = GradeText.Compact(text);
        error = Check(text, code);
        if (error is not null)
        {
            return false;
        }

        grade = All[IndexOf((LegacySource)(code[0] - 'A' + 1), (LegacyIntelligence)(code[1] - '0'), (LegacyHandling)(code[2] - '0'))];
        return true;
    }

    public override string ToString() => $"{Source}{(int)Intelligence}{(int)Handling}";

    private static DomainError? Check(string text, string code)
    {
        var quoted = InputEcho.Quote(text);
        if (GradeText.LooksLikeCurrent(code))
        {
            return new DomainError(
                Field,
                $"Legacy grade {quoted} looks like a current 3x5x2 grade: submit it as the grade itself, "
                + $"or give a 5x5x5 grade such as {Example}.");
        }

        string? problem = code.Length != 3
            ? "it must be a source letter (A-E), an intelligence number (1-5) and a handling number (1-5)"
            : code[0] is not (>= 'A' and <= 'E')
                ? "the source (first character) must be a letter A to E"
                : code[1] is not (>= '1' and <= '5')
                    ? "the intelligence evaluation (second character) must be a number 1 to 5"
                    : code[2] is not (>= '1' and <= '5')
                        ? "the handling code (third character) must be a number 1 to 5"
                        : null;
        return problem is null
            ? null
            : new DomainError(Field, $"Legacy grade {quoted} is not a 5x5x5 grade: {problem} (e.g. {Example} or B2 4).");
    }

    private static int IndexOf(LegacySource source, LegacyIntelligence intelligence, LegacyHandling handling) =>
        ((((int)source - 1) * 5) + ((int)intelligence - 1)) * 5 + ((int)handling - 1);

    private static LegacyGrade[] CreateAll()
    {
        var all = new LegacyGrade[125];
        foreach (var source in Enum.GetValues<LegacySource>())
        {
            foreach (var intelligence in Enum.GetValues<LegacyIntelligence>())
            {
                foreach (var handling in Enum.GetValues<LegacyHandling>())
                {
                    all[IndexOf(source, intelligence, handling)] = new LegacyGrade(source, intelligence, handling);
                }
            }
        }

        return all;
    }
}
