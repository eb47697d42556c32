using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Server.Sharing;
using IntelHub.Storage;

namespace IntelHub.Server.Profiles;

/// <summary>
/// Whether the caller may compile an item, decided by the protocols (<see cref="SharingPolicy.Decide"/>, the one
/// decision function) for the caller's agency, role and purpose. A decision reads only an item's shape, and the store
/// gives rows with the same shape one <see cref="ProfileShape"/>, so each shape is decided once per compile: a million
/// items take a few thousand decisions. A force analyst compiles its own agency's items only.
/// </summary>
internal sealed class CompileDecisions(SharingPolicy sharing, Caller caller, string purposeId)
{
    private readonly Dictionary<ProfileShape, bool> _byShape = new(ReferenceEqualityComparer.Instance);
    private readonly string _role = RoleNames.NameOf(caller.Role);

    public bool Permits(ProfileRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.OriginatorAgencyId == caller.AgencyId) return true;
        if (caller.Role != UserRole.RiuAnalyst) return false;
        if (_byShape.TryGetValue(row.Shape, out var permitted)) return permitted;
        var outcome = sharing.Decide(caller.AgencyId, _role, purposeId, SharingAction.Compile, Describe(row), caller.Team);
        _byShape.Add(row.Shape, permitted = outcome.Permitted && outcome.View != DisclosureView.None);
        return permitted;
    }

    /// <summary>The row as the policy reads an item: the facts of its shape, no content.</summary>
    private static StoredItem Describe(ProfileRow row) => new()
    {
        ItemId = row.ItemId,
        Kind = row.Shape.Kind,
        OriginatorAgencyId = row.Shape.OriginatorAgencyId,
        SubmittedBy = "",
        Classification = row.Shape.Classification,
        Grading = row.Shape.Grading,
        LegacyGrading = row.Shape.LegacyGrading,
        HandlingConditions = row.Shape.HandlingConditions,
        Themes = row.Shape.Themes,
        Areas = row.Shape.Areas,
        PersonalDataCategories = row.Shape.PersonalDataCategories,
        SanitisedText = row.Shape.HasSanitisedText ? "(a sanitised text)" : null,
        // The store reads live items only; a decision does not turn on the review date (as for a shape, ItemShapeReader).
        ReviewDate = DateOnly.MaxValue,
        CreatedAt = row.EventsFrom,
        ContentDigest = "",
    };
}
