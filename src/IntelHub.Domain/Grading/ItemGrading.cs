using System.Diagnostics.CodeAnalysis;

namespace IntelHub.Domain.Grading;

/// <summary>
/// The grading an intelligence item carries: its 3x5x2 grade, the originator's conditions (present
/// exactly when the handling code is C), and, for an item graded under 5x5x5, the original legacy
/// grade with the restriction it implies. The policy engine reads <see cref="LegacyRestriction"/> so
/// that a mapped item never goes wider than its originator allowed.
/// </summary>
public sealed record ItemGrading
{
    private ItemGrading(Grade current, HandlingConditions conditions, LegacyGrade? original, LegacyRestriction? restriction)
    {
        Current = current;
        Conditions = conditions;
        Original = original;
        LegacyRestriction = restriction;
    }

    public Grade Current { get; }

    public HandlingConditions Conditions { get; }

    /// <summary>The 5x5x5 grade this grading was mapped from; null for an item graded under 3x5x2.</summary>
    public LegacyGrade? Original { get; }

    /// <summary>Who the 5x5x5 originator allowed to receive the item; null for an item graded under 3x5x2.</summary>
    public LegacyRestriction? LegacyRestriction { get; }

    public static ItemGrading Create(Grade grade, HandlingConditions conditions) =>
        TryCreate(grade, conditions, out var grading, out var error) ? grading : throw new DomainRuleException(error);

    public static bool TryCreate(
        Grade grade,
        HandlingConditions conditions,
        [NotNullWhen(true)] out ItemGrading? grading,
        [NotNullWhen(false)] out DomainError? error)
    {
        ArgumentNullException.ThrowIfNull(grade);
        ArgumentNullException.ThrowIfNull(conditions);
        grading = null;
        error = (grade.Handling, conditions.IsEmpty) switch
        {
            (HandlingCode.C, true) => new DomainError(
                HandlingConditions.Field,
                $"Grade {grade} has handling code C but no conditions: record the originator's conditions (no onward "
                + "dissemination, not for evidential use, contact the originator before any action, or another in "
                + "their words), or use handling code P if there are none."),
            (HandlingCode.P, false) => new DomainError(
                HandlingConditions.Field,
                $"Grade {grade} has handling code P but conditions were given ({conditions}): use handling code C to "
                + "attach conditions, or remove them."),
            _ => null,
        };
        if (error is not null)
        {
            return false;
        }

        grading = new ItemGrading(grade, conditions, null, null);
        return true;
    }

    /// <summary>Maps a legacy 5x5x5 grade (see <see cref="LegacyGradeMapping"/>).</summary>
    public static ItemGrading FromLegacy(LegacyGrade legacy) => LegacyGradeMapping.Map(legacy);

    internal static ItemGrading FromMapping(
        Grade grade, HandlingConditions conditions, LegacyGrade original, LegacyRestriction restriction)
    {
        _ = Create(grade, conditions); // the mapping obeys the same P/C rule as a grade typed in
        return new ItemGrading(grade, conditions, original, restriction);
    }

    public override string ToString() =>
        Original is null ? $"{Current} ({Conditions})" : $"{Current} ({Conditions}; from 5x5x5 {Original}, {LegacyRestriction})";
}
