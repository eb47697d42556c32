namespace IntelHub.Storage;

/// <summary>
/// One item as a problem profile reads it: its shape (the facts the sharing policy decides on and the figures count by,
/// shared by every row with the same facts), when its events happened, and its entity match keys and people; no content
/// (titles, texts and subjects are never read for a profile).
/// </summary>
public sealed record ProfileRow
{
    public required string ItemId { get; init; }
    public required ProfileShape Shape { get; init; }
    /// <summary>When the events began: the occurred-from time, or the submission time when none was given.</summary>
    public required DateTimeOffset EventsFrom { get; init; }
    /// <summary>When the events ended: the occurred-to time, else the occurred-from time, else the submission time.</summary>
    public required DateTimeOffset EventsTo { get; init; }
    /// <summary>Entities as (kind, match key): the normalised keys links are made of, never the text as typed.</summary>
    public required IReadOnlyList<(string Kind, string MatchKey)> Entities { get; init; }
    /// <summary>The potential victims and suspects by nationality and person match key (items stored since schema version 4).</summary>
    public required IReadOnlyList<ItemPerson> People { get; init; }

    public string Kind => Shape.Kind;
    public string OriginatorAgencyId => Shape.OriginatorAgencyId;
    public string? Grading => Shape.Grading;
    public IReadOnlyList<string> Themes => Shape.Themes;
    public IReadOnlyList<string> Areas => Shape.Areas;
}

/// <summary>
/// The facts of an item a compile decides and counts on. Each slice of a read (<see cref="IHubStore.ReadProfileRowsAsync"/>)
/// gives rows with the same facts the same instance, so a compile can memoise its decisions and tallies on the instance:
/// a million items have a few thousand shapes, and a read a few slices.
/// </summary>
public sealed class ProfileShape
{
    public required string Kind { get; init; }
    public required string OriginatorAgencyId { get; init; }
    public required string Classification { get; init; }
    public string? Grading { get; init; }
    public string? LegacyGrading { get; init; }
    public required IReadOnlyList<string> HandlingConditions { get; init; }
    public required IReadOnlyList<string> PersonalDataCategories { get; init; }
    public required bool HasSanitisedText { get; init; }
    public required IReadOnlyList<string> Themes { get; init; }
    public required IReadOnlyList<string> Areas { get; init; }
}
