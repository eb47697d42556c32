using IntelHub.Contracts.V1;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Entities;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;
using ItemKind = IntelHub.Domain.Items.ItemKind;
using Theme = IntelHub.Domain.Themes.Theme;
using Entity = IntelHub.Domain.Entities.Entity;

namespace IntelHub.Server.Reports;

/// <summary>
/// A submission that passed every check: domain values that validated on construction, the texts,
/// and the subject as submitted (kept for the FULL view).
/// </summary>
internal sealed record ValidatedSubmission
{
    public required ItemKind Kind { get; init; }
    public required string IdempotencyKey { get; init; }
    public required string FullText { get; init; }
    public string? SanitisedText { get; init; }
    public ItemGrading? Grading { get; init; }
    public required SecurityClassification Classification { get; init; }
    public required IReadOnlyList<Theme> Themes { get; init; }
    public required IReadOnlyList<string> AreaGssCodes { get; init; }
    public DateTimeOffset? OccurredFrom { get; init; }
    public DateTimeOffset? OccurredTo { get; init; }
    public required IReadOnlyList<Entity> Entities { get; init; }
    public required IReadOnlyList<PersonalDataCategory> PersonalData { get; init; }
    public required ReviewDate ReviewDate { get; init; }
    public string? OriginatorReference { get; init; }
    /// <summary>The subject exactly as submitted, returned in the FULL view.</summary>
    public required ItemSubject Subject { get; init; }
    /// <summary>The digest a retry under the same idempotency key must match (see <see cref="SubmissionReader"/>).</summary>
    public required string RequestDigest { get; init; }
}
