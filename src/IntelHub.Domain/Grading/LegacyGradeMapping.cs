namespace IntelHub.Domain.Grading;

/// <summary>
/// The project's mapping from legacy 5x5x5 grades to 3x5x2, one component at a time. The table and the
/// reason for every row are in docs/grading.md; a test checks that document against this code. The
/// rule throughout: when the legacy meaning falls between two 3x5x2 values, take the one that claims
/// less (less reliable, less directly known, narrower handling), because overstating a grade misleads
/// whoever acts on it, and a handling code that is too wide releases what the originator withheld.
/// </summary>
public static class LegacyGradeMapping
{
    internal const string OriginatingAgencyOnlyCondition =
        "Legacy 5x5x5 handling code 4: disseminate within the originating agency only.";

    internal const string ReferToOriginatorCondition =
        "Legacy 5x5x5 handling code 5: no further dissemination; refer to the originator.";

    private static readonly HandlingConditions OriginatingAgencyOnly =
        HandlingConditions.Create(noOnwardDissemination: true, other: OriginatingAgencyOnlyCondition);

    private static readonly HandlingConditions ReferToOriginator =
        HandlingConditions.Create(noOnwardDissemination: true, contactOriginatorBeforeAction: true, other: ReferToOriginatorCondition);

    /// <summary>The 3x5x2 grading for a legacy grade, keeping the original and its restriction.</summary>
    public static ItemGrading Map(LegacyGrade legacy)
    {
        ArgumentNullException.ThrowIfNull(legacy);
        var (handling, conditions, restriction) = MapHandling(legacy.Handling);
        var grade = Grade.Of(MapSource(legacy.Source), MapIntelligence(legacy.Intelligence), handling);
        return ItemGrading.FromMapping(grade, conditions, legacy, restriction);
    }

    public static SourceEvaluation MapSource(LegacySource source) => source switch
    {
        LegacySource.A => SourceEvaluation.Reliable,
        LegacySource.B => SourceEvaluation.Reliable,
        LegacySource.C => SourceEvaluation.NotReliable,
        LegacySource.D => SourceEvaluation.NotReliable,
        LegacySource.E => SourceEvaluation.Untested,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Not a 5x5x5 source code."),
    };

    public static IntelligenceAssessment MapIntelligence(LegacyIntelligence intelligence) => intelligence switch
    {
        LegacyIntelligence.KnownTrueWithoutReservation => IntelligenceAssessment.A,
        LegacyIntelligence.KnownPersonallyToSource => IntelligenceAssessment.A,
        LegacyIntelligence.CorroboratedNotKnownPersonally => IntelligenceAssessment.B,
        LegacyIntelligence.CannotBeJudged => IntelligenceAssessment.D,
        LegacyIntelligence.SuspectedFalse => IntelligenceAssessment.E,
        _ => throw new ArgumentOutOfRangeException(nameof(intelligence), intelligence, "Not a 5x5x5 intelligence code."),
    };

    public static (HandlingCode Code, HandlingConditions Conditions, LegacyRestriction Restriction) MapHandling(
        LegacyHandling handling) => handling switch
    {
        LegacyHandling.LawEnforcementAndProsecutors => (HandlingCode.P, HandlingConditions.None, LegacyRestriction.LawEnforcementOnly),
        LegacyHandling.UkNonProsecutingParties => (HandlingCode.P, HandlingConditions.None, LegacyRestriction.PartnersPermitted),
        LegacyHandling.NonEeaLawEnforcement => (HandlingCode.P, HandlingConditions.None, LegacyRestriction.LawEnforcementOnly),
        LegacyHandling.OriginatingAgencyOnly => (HandlingCode.C, OriginatingAgencyOnly, LegacyRestriction.OriginatingAgencyOnly),
        LegacyHandling.ReferToOriginator => (HandlingCode.C, ReferToOriginator, LegacyRestriction.ReferToOriginator),
        _ => throw new ArgumentOutOfRangeException(nameof(handling), handling, "Not a 5x5x5 handling code."),
    };
}
