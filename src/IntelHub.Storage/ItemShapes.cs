namespace IntelHub.Storage;

/// <summary>
/// How many stored items, not disposed of, share one policy shape: every fact a sharing decision reads from an
/// item (kind, originator, marking, grades, the originator's conditions, personal data, whether a sanitised text
/// exists, themes and areas) and nothing else. Assessing a protocol change decides each shape once, not each item.
/// </summary>
public sealed record ItemShapeCount
{
    public required string Kind { get; init; }

    public required string OriginatorAgencyId { get; init; }

    public required string Classification { get; init; }

    public string? Grading { get; init; }

    public string? LegacyGrading { get; init; }

    public IReadOnlyList<string> HandlingConditions { get; init; } = [];

    public IReadOnlyList<string> PersonalDataCategories { get; init; } = [];

    public bool HasSanitisedText { get; init; }

    /// <summary>The themes ("labour/adult"), in no particular order.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>The areas (GSS codes), in no particular order.</summary>
    public IReadOnlyList<string> Areas { get; init; } = [];

    /// <summary>How many items have this shape; at least 1.</summary>
    public required long Count { get; init; }
}
