using IntelHub.Policy.Compilation;

namespace IntelHub.Policy.Decisions;

/// <summary>Why a decision came out the way it did, in one code; the explanation gives the words.</summary>
public enum DecisionReason
{
    /// <summary>A rule of an in-force protocol permits it.</summary>
    Permitted = 0,
    /// <summary>An agency always sees its own items in full; that is not sharing.</summary>
    OwnItem = 1,
    /// <summary>Deny by default: no in-force protocol with both agencies as parties has a rule that permits it.</summary>
    NoProtocolPermits = 2,
    /// <summary>A deny rule matched; deny overrides every permit.</summary>
    DenyRule = 3,
    UnknownAgency = 4,
    /// <summary>The hub is accredited to OFFICIAL-SENSITIVE; anything higher, or unmarked, is refused outright.</summary>
    ClassificationNotAccepted = 5,
    /// <summary>Intelligence must carry a 3x5x2 handling code before it can be shared.</summary>
    IntelligenceWithoutHandlingCode = 6,
    /// <summary>Legacy handling code 4: originating agency only.</summary>
    OriginatingAgencyOnly = 7,
    /// <summary>The originator allowed law-enforcement recipients only (condition or legacy handling code 1 or 3).</summary>
    LawEnforcementOnly = 8,
    /// <summary>The originator forbade onward dissemination (condition or legacy handling code 5).</summary>
    OnwardDisseminationForbidden = 9,
    /// <summary>The requester's role is not in agencies.yaml; deny rather than let role-blind rules apply.</summary>
    UnknownRole = 10,
    /// <summary>The request names something the policy does not know (an area, a purpose, a condition, a category, a grade); fail closed.</summary>
    UnknownName = 11,
    /// <summary>
    /// No protocol in force permits it, and a protocol past its review date would have: a protocol past review
    /// authorises nothing (WASPI), and the decision names it so that its owners know what to review.
    /// </summary>
    ProtocolPastReview = 12,
}

/// <summary>
/// The outcome of one decision: a value type so that deciding allocates nothing. The deciding rule carries the
/// protocol id, version and rule id; <see cref="PolicySnapshot.Explain"/> gives the full explanation.
/// </summary>
public readonly record struct Decision(DecisionEffect Effect, DisclosureView View, Obligations Obligations, DecisionReason Reason, CompiledRule? Rule)
{
    public bool IsPermit => Effect == DecisionEffect.Permit;

    internal static Decision Deny(DecisionReason reason, CompiledRule? rule = null) =>
        new(DecisionEffect.Deny, DisclosureView.None, Obligations.None, reason, rule);
}
