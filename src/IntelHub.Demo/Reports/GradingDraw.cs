using IntelHub.Contracts.V1;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.Reports;

/// <summary>An intelligence grade as submitted: a 3x5x2 grade with its conditions, or a legacy 5x5x5 grade.</summary>
internal sealed record DrawnGrading(Grade? Grade, LegacyGrade? Legacy, IReadOnlyList<HandlingCondition> Conditions);

/// <summary>
/// Grades the way an evaluator would for each kind of source: a handled CHIS is usually reliable and
/// often withheld behind handling C; an anonymous caller is untested; an officer's own observation or a
/// camera record is known directly. Legacy 5x5x5 grades carry no conditions of their own: the hub
/// derives them from handling codes 4 and 5 (docs/grading.md).
/// </summary>
internal static class GradingDraw
{
    public static DrawnGrading Current(SourceKind source, ScenarioRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (evaluation, assessment, conditional) = source switch
        {
            SourceKind.Chis => (
                random.Weighted((SourceEvaluation.Reliable, 0.6), (SourceEvaluation.Untested, 0.4)),
                random.Weighted((IntelligenceAssessment.KnownDirectly, 0.55), (IntelligenceAssessment.KnownIndirectlyCorroborated, 0.3), (IntelligenceAssessment.KnownIndirectly, 0.15)),
                0.55),
            SourceKind.NationalChis => (
                random.Weighted((SourceEvaluation.Reliable, 0.5), (SourceEvaluation.Untested, 0.5)),
                random.Weighted((IntelligenceAssessment.KnownIndirectlyCorroborated, 0.5), (IntelligenceAssessment.KnownIndirectly, 0.5)),
                0.7),
            SourceKind.Crimestoppers => (
                random.Weighted((SourceEvaluation.Untested, 0.8), (SourceEvaluation.NotReliable, 0.2)),
                random.Weighted((IntelligenceAssessment.KnownIndirectly, 0.45), (IntelligenceAssessment.NotKnown, 0.4), (IntelligenceAssessment.SuspectedFalse, 0.15)),
                0.05),
            SourceKind.Debrief => (
                random.Weighted((SourceEvaluation.Untested, 0.6), (SourceEvaluation.NotReliable, 0.4)),
                random.Weighted((IntelligenceAssessment.KnownDirectly, 0.4), (IntelligenceAssessment.KnownIndirectly, 0.4), (IntelligenceAssessment.NotKnown, 0.2)),
                0.4),
            SourceKind.HandsetDownload or SourceKind.OfficerObservation or SourceKind.Anpr => (
                SourceEvaluation.Reliable,
                random.Weighted((IntelligenceAssessment.KnownDirectly, 0.8), (IntelligenceAssessment.KnownIndirectlyCorroborated, 0.2)),
                0.1),
            SourceKind.LabourInspection or SourceKind.EncounterInterview => (
                random.Weighted((SourceEvaluation.Reliable, 0.3), (SourceEvaluation.Untested, 0.7)),
                random.Weighted((IntelligenceAssessment.KnownDirectly, 0.5), (IntelligenceAssessment.KnownIndirectly, 0.5)),
                0.15),
            _ => (
                SourceEvaluation.Reliable,
                IntelligenceAssessment.KnownIndirectlyCorroborated,
                0.25),
        };
        var handling = random.Chance(conditional) ? HandlingCode.C : HandlingCode.P;
        var grade = new Grade { SourceEvaluation = evaluation, IntelligenceAssessment = assessment, HandlingCode = handling };
        return new DrawnGrading(grade, null, handling == HandlingCode.C ? Conditions(random) : []);
    }

    /// <summary>A grade as an older record carries it, handling 4 and 5 included.</summary>
    public static DrawnGrading Legacy(ScenarioRandom random, LegacyHandlingCode handling)
    {
        ArgumentNullException.ThrowIfNull(random);
        var legacy = new LegacyGrade
        {
            SourceEvaluation = random.Weighted(
                (LegacySourceEvaluation.AAlwaysReliable, 0.1), (LegacySourceEvaluation.BMostlyReliable, 0.35),
                (LegacySourceEvaluation.CSometimesReliable, 0.25), (LegacySourceEvaluation.DUnreliable, 0.05),
                (LegacySourceEvaluation.EUntested, 0.25)),
            IntelligenceEvaluation = random.Weighted(
                (LegacyIntelligenceEvaluation._1KnownTrue, 0.1), (LegacyIntelligenceEvaluation._2KnownToSource, 0.35),
                (LegacyIntelligenceEvaluation._3Corroborated, 0.3), (LegacyIntelligenceEvaluation._4CannotBeJudged, 0.2),
                (LegacyIntelligenceEvaluation._5SuspectedFalse, 0.05)),
            HandlingCode = handling,
        };
        return new DrawnGrading(null, legacy, []);
    }

    private static List<HandlingCondition> Conditions(ScenarioRandom random)
    {
        var chosen = random.Shuffle(ConditionChoices).Take(random.Between(1, 3)).ToList();
        chosen.Sort((a, b) => a.Kind.CompareTo(b.Kind));
        return chosen.Select(c => new HandlingCondition { Kind = c.Kind, Text = c.Text }).ToList();
    }

    private static readonly (HandlingConditionKind Kind, string Text)[] ConditionChoices =
    [
        (HandlingConditionKind.NoOnwardDissemination, "Not to be passed beyond the receiving agency without the originator's written consent."),
        (HandlingConditionKind.NotForEvidentialUse, "Intelligence only: not for evidential use and not to be put to any person in interview."),
        (HandlingConditionKind.ContactOriginatorBeforeAction, "Contact the originating intelligence bureau before taking any action on this intelligence."),
        (HandlingConditionKind.Other, "Do not visit or approach the premises named before speaking to the originator: enquiries are ongoing."),
    ];
}
