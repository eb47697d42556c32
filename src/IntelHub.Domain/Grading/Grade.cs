using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Grading;

/// <summary>
/// A 3x5x2 grade (College of Policing APP): source evaluation, intelligence assessment and handling
/// code, written "1AP". There are only 30 grades; each is created once, so parsing allocates nothing.
/// A grade with handling code C needs the originator's conditions: see <see cref="ItemGrading"/>.
/// </summary>
public sealed record Grade
{
    internal const string Field = "grade";
    private const string Example = "1AP";

    private static readonly Grade[] All = CreateAll();

    private Grade(SourceEvaluation source, IntelligenceAssessment assessment, HandlingCode handling)
    {
        Source = source;
        Assessment = assessment;
        Handling = handling;
    }

    public SourceEvaluation Source { get; }

    public IntelligenceAssessment Assessment { get; }

    public HandlingCode Handling { get; }

    /// <summary>Every 3x5x2 grade, from 1AP to 3EC.</summary>
    public static IReadOnlyList<Grade> Values { get; } = Array.AsReadOnly(All);

    public static Grade Of(SourceEvaluation source, IntelligenceAssessment assessment, HandlingCode handling)
    {
        if (!Enum.IsDefined(source))
        {
            throw new DomainRuleException(new DomainError(
                Field, $"Source evaluation {(int)source} is not defined: use 1 (reliable), 2 (untested) or 3 (not reliable)."));
        }

        if (!Enum.IsDefined(assessment))
        {
            throw new DomainRuleException(new DomainError(
                Field, $"Intelligence assessment {(int)assessment} is not defined: use A, B, C, D or E."));
        }

        if (!Enum.IsDefined(handling))
        {
            throw new DomainRuleException(new DomainError(
                Field, $"Handling code {(int)handling} is not defined: use P or C."));
        }

        return All[IndexOf(source, assessment, handling)];
    }

    public static Grade Parse(string? text) =>
        TryParse(text, out var grade, out var error) ? grade : throw new DomainRuleException(error);

    /// <summary>Reads "1AP", "2bc", "3 E C"; case-insensitive; spaces, hyphens, slashes and dots are ignored.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text, [NotNullWhen(true)] out Grade? grade, [NotNullWhen(false)] out DomainError? error)
    {
        grade = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new DomainError(Field, $"Grade is missing: give a 3x5x2 grade such as {Example} or 2BC.");
            return false;
        }

        var code = GradeText.Compact(text);
        error = Check(text, code);
        if (error is not null)
        {
            return false;
        }

        grade = All[IndexOf(
            (SourceEvaluation)(code[0] - '0'),
            (IntelligenceAssessment)(code[1] - 'A' + 1),
            code[2] == 'P' ? HandlingCode.P : HandlingCode.C)];
        return true;
    }

    public override string ToString() =>
        $"{(int)Source}{Assessment}{Handling}";

    private static DomainError? Check(string text, string code)
    {
        var quoted = InputEcho.Quote(text);
        if (GradeText.LooksLikeLegacy(code))
        {
            return new DomainError(
                Field,
                $"Grade {quoted} looks like a legacy 5x5x5 grade (source letter, intelligence number, handling "
                + $"number): submit it as a legacy grade, which the hub maps to 3x5x2 and keeps, or give a 3x5x2 "
                + $"grade such as {Example}.");
        }

        string? problem = code.Length != 3
            ? "it must be three characters: source evaluation (1-3), intelligence assessment (A-E) and handling code (P or C)"
            : code[0] is not (>= '1' and <= '3')
                ? "the source evaluation (first character) must be 1, 2 or 3"
                : code[1] is not (>= 'A' and <= 'E')
                    ? "the intelligence assessment (second character) must be A, B, C, D or E"
                    : code[2] is not ('P' or 'C')
                        ? "the handling code (third character) must be P or C"
                        : null;
        return problem is null
            ? null
            : new DomainError(Field, $"Grade {quoted} is not a 3x5x2 grade: {problem} (e.g. {Example}).");
    }

    private static int IndexOf(SourceEvaluation source, IntelligenceAssessment assessment, HandlingCode handling) =>
        ((((int)source - 1) * 5) + ((int)assessment - 1)) * 2 + ((int)handling - 1);

    private static Grade[] CreateAll()
    {
        var all = new Grade[30];
        foreach (var source in Enum.GetValues<SourceEvaluation>())
        {
            foreach (var assessment in Enum.GetValues<IntelligenceAssessment>())
            {
                foreach (var handling in Enum.GetValues<HandlingCode>())
                {
                    all[IndexOf(source, assessment, handling)] = new Grade(source, assessment, handling);
                }
            }
        }

        return all;
    }
}
