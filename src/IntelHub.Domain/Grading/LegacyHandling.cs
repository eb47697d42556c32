namespace IntelHub.Domain.Grading;

/// <summary>5x5x5 handling code, the last number of a legacy grade; the value is the code.</summary>
public enum LegacyHandling
{
    /// <summary>1: may be disseminated to UK and EEA law-enforcement and prosecuting agencies.</summary>
    LawEnforcementAndProsecutors = 1,
    /// <summary>2: may be disseminated to UK non-prosecuting parties.</summary>
    UkNonProsecutingParties = 2,
    /// <summary>3: may be disseminated to non-EEA law enforcement.</summary>
    NonEeaLawEnforcement = 3,
    /// <summary>4: originating agency only.</summary>
    OriginatingAgencyOnly = 4,
    /// <summary>5: no further dissemination: refer to the originator.</summary>
    ReferToOriginator = 5,
}
