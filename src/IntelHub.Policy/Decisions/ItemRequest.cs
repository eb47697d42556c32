using IntelHub.Domain.Classification;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;

namespace IntelHub.Policy.Decisions;

/// <summary>A theme of an item: the form of exploitation and the victims' age group, each 0 when not given.</summary>
public readonly record struct ItemTheme(ExploitationType Exploitation, AgeGroup Victims);

/// <summary>
/// An item as the hub stores it and a request file writes it: names and grades as text, not indices. The hub's
/// decisions and <c>intelhub policy decide/test/diff</c> all describe an item this way and decide it through
/// <see cref="Compilation.PolicySnapshot.Decide(ItemRequest)"/>, so the two can never disagree.
/// </summary>
public sealed record ItemDescription
{
    public required ItemKind Kind { get; init; }

    /// <summary>The originating agency's id.</summary>
    public required string Originator { get; init; }

    public required ClassificationLevel Classification { get; init; }

    /// <summary>The 3x5x2 grade as written (<c>1AP</c>); null when ungraded. A legacy grade alone is mapped as on submission.</summary>
    public string? Grading { get; init; }

    /// <summary>The 5x5x5 grade as written (<c>B24</c>); null when the item has none.</summary>
    public string? LegacyGrading { get; init; }

    /// <summary>The originator's conditions: the words of <see cref="Words.HandlingConditions"/>, or <c>other:</c> and the originator's own words.</summary>
    public IReadOnlyList<string> HandlingConditions { get; init; } = [];

    public IReadOnlyList<ItemTheme> Themes { get; init; } = [];

    /// <summary>The areas the item concerns: GSS codes (as the API carries them) or slugs (as protocols write them).</summary>
    public IReadOnlyList<string> Areas { get; init; } = [];

    /// <summary>Categories of personal data: the API's (<c>health</c>, <c>criminal-offence</c>, ...) or the protocols' words.</summary>
    public IReadOnlyList<string> PersonalData { get; init; } = [];

    /// <summary>Whether the submitting officer wrote a sanitised text; software never invents one.</summary>
    public bool HasSanitisedText { get; init; }
}

/// <summary>
/// One question about one item, in names: may this agency, a user in this role declaring this purpose, do this
/// action with this item on this day. Role and purpose are null for <see cref="SharingAction.Receive"/> (routing
/// to an agency, before any user acts).
/// </summary>
public sealed record ItemRequest(string Requester, string? Role, string? Purpose, SharingAction Action, ItemDescription Item, DateOnly On)
{
    /// <summary>The acting user's team within the requester's agency (agencies.yaml 'teams'); null when the user names none.</summary>
    public string? Team { get; init; }
}
