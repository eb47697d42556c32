namespace IntelHub.Domain.Grading;

/// <summary>
/// Who the originator of a legacy 5x5x5 grade allowed to receive the item, in the hub's terms. The
/// 3x5x2 handling code alone cannot say this, so an item mapped from 5x5x5 carries it and the policy
/// engine must never release more than it allows. Ordered from widest to narrowest, so that a larger
/// value is always at least as restrictive. See docs/grading.md.
/// </summary>
public enum LegacyRestriction
{
    /// <summary>Handling 2: law enforcement and UK non-prosecuting parties (partners) may receive it.</summary>
    PartnersPermitted = 1,
    /// <summary>Handling 1 and 3: law-enforcement competent authorities (incl. prosecutors) only.</summary>
    LawEnforcementOnly = 2,
    /// <summary>Handling 4: no agency other than the originator may receive it.</summary>
    OriginatingAgencyOnly = 3,
    /// <summary>Handling 5: others may learn only that it exists and must ask the originator.</summary>
    ReferToOriginator = 4,
}
