namespace IntelHub.Domain.Grading;

/// <summary>5x5x5 intelligence evaluation, the number after the source letter; the value is the code.</summary>
public enum LegacyIntelligence
{
    /// <summary>1: known to be true without reservation.</summary>
    KnownTrueWithoutReservation = 1,
    /// <summary>2: known personally to the source but not to the officer.</summary>
    KnownPersonallyToSource = 2,
    /// <summary>3: not personally known to the source but corroborated.</summary>
    CorroboratedNotKnownPersonally = 3,
    /// <summary>4: cannot be judged.</summary>
    CannotBeJudged = 4,
    /// <summary>5: suspected to be false.</summary>
    SuspectedFalse = 5,
}
