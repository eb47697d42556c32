using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;

namespace IntelHub.Policy.Decisions;

/// <summary>An agency, as a dense index into the policy snapshot that resolved it; -1 when the name is unknown.</summary>
public readonly record struct AgencyRef(int Index)
{
    public static readonly AgencyRef Unknown = new(-1);

    public bool IsKnown => Index >= 0;
}

/// <summary>An area slug resolved against a policy snapshot; -1 when unknown or not given.</summary>
public readonly record struct AreaRef(int Index)
{
    public static readonly AreaRef Unknown = new(-1);
}

/// <summary>A requester's role resolved against a policy snapshot; -1 when unknown.</summary>
public readonly record struct RoleRef(int Index)
{
    public static readonly RoleRef Unknown = new(-1);
}

/// <summary>
/// A user's team resolved against a policy snapshot (a team of the requester's agency). Its default is "no team", so
/// a request built without one never matches a rule limited to teams.
/// </summary>
public readonly record struct TeamRef
{
    public static TeamRef None => default;

    // The index plus one, so that default(TeamRef) is None rather than the first team.
    private readonly int _slot;

    public TeamRef(int index) => _slot = index < 0 ? 0 : index + 1;

    /// <summary>The team's index in the snapshot; -1 for none.</summary>
    public int Index => _slot - 1;
}

/// <summary>A declared purpose resolved against a policy snapshot; -1 when no protocol names it.</summary>
public readonly record struct PurposeRef(int Index)
{
    public static readonly PurposeRef Unknown = new(-1);
}

/// <summary>The facts about an item that sharing decisions depend on.</summary>
public readonly record struct ItemFacts
{
    public ItemKind Kind { get; init; }

    public AgencyRef Originator { get; init; }

    public ClassificationLevel Classification { get; init; }

    /// <summary>The 3x5x2 handling code; 0 when the item carries none (information and products usually do not).</summary>
    public HandlingCode Handling { get; init; }

    /// <summary>The conditions the originator recorded with handling code C.</summary>
    public OriginatorConditions Conditions { get; init; }

    public LegacyHandling LegacyHandling { get; init; }

    /// <summary>The exploitation type of the theme; 0 when the item has no theme.</summary>
    public ExploitationType Exploitation { get; init; }

    public AgeGroup Victims { get; init; }

    public AreaRef Area { get; init; }

    public PersonalDataCategories PersonalData { get; init; }

    /// <summary>Whether the submitting officer wrote a sanitised text; software never invents one.</summary>
    public bool HasSanitisedText { get; init; }
}

/// <summary>
/// One question to the policy: may this requester, for this declared purpose, do this action with this item, on
/// this day. Names are resolved to indices once (<see cref="Compilation.PolicySnapshot.Agency"/> and friends) so that
/// deciding does no string work and no allocation; a request must be decided by the snapshot that resolved it.
/// </summary>
public readonly record struct DecisionRequest
{
    public AgencyRef Requester { get; init; }

    public RoleRef Role { get; init; }

    /// <summary>The acting user's team within the requester's agency; <see cref="TeamRef.None"/> when the user names none.</summary>
    public TeamRef Team { get; init; }

    public PurposeRef Purpose { get; init; }

    public SharingAction Action { get; init; }

    public ItemFacts Item { get; init; }

    /// <summary>The day (UTC) the decision is for; protocols are in force from their effective date to their review date inclusive.</summary>
    public DateOnly On { get; init; }
}
