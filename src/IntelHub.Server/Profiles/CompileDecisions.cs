using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Server.Sharing;
using IntelHub.Storage;

namespace IntelHub.Server.Profiles;

/// <summary>
/// Whether the caller may compile an item, decided by the protocols (<see cref="SharingPolicy.Decide"/>, the one
/// decision function) for the caller's agency, role and purpose. Items with the same facts get the same decision, so
/// each distinct shape is decided once per compile: a million items take a few thousand decisions. A force analyst
/// compiles its own agency's items only.
/// </summary>
internal sealed class CompileDecisions(SharingPolicy sharing, Caller caller, string purposeId)
{
    private readonly Dictionary<Shape, bool> _byShape = [];
    private readonly string _role = RoleNames.NameOf(caller.Role);

    public bool Permits(ProfileRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.OriginatorAgencyId == caller.AgencyId) return true;
        if (caller.Role != UserRole.RiuAnalyst) return false;
        var shape = new Shape(row);
        if (_byShape.TryGetValue(shape, out var permitted)) return permitted;
        var outcome = sharing.Decide(caller.AgencyId, _role, purposeId, SharingAction.Compile, Describe(row), caller.Team);
        _byShape.Add(shape, permitted = outcome.Permitted && outcome.View != DisclosureView.None);
        return permitted;
    }

    /// <summary>
    /// The facts a compile decision reads, keyed on the row's own values with no string built per row. The store hands
    /// rows with the same list the same instance, so comparing lists is mostly a reference check.
    /// </summary>
    private readonly struct Shape(ProfileRow row) : IEquatable<Shape>
    {
        private readonly ProfileRow _row = row;

        public bool Equals(Shape other)
        {
            ProfileRow a = _row, b = other._row;
            return a.Kind == b.Kind && a.OriginatorAgencyId == b.OriginatorAgencyId && a.Classification == b.Classification
                && a.Grading == b.Grading && a.LegacyGrading == b.LegacyGrading && a.HasSanitisedText == b.HasSanitisedText
                && StoredSet.Comparer.Equals(a.HandlingConditions, b.HandlingConditions) && StoredSet.Comparer.Equals(a.Themes, b.Themes)
                && StoredSet.Comparer.Equals(a.Areas, b.Areas) && StoredSet.Comparer.Equals(a.PersonalDataCategories, b.PersonalDataCategories);
        }

        public override bool Equals(object? obj) => obj is Shape other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_row.Kind, StringComparer.Ordinal);
            hash.Add(_row.OriginatorAgencyId, StringComparer.Ordinal);
            hash.Add(_row.Classification, StringComparer.Ordinal);
            hash.Add(_row.Grading, StringComparer.Ordinal);
            hash.Add(_row.HasSanitisedText);
            hash.Add(_row.Themes.Count);
            hash.Add(_row.Areas.Count);
            return hash.ToHashCode();
        }
    }

    /// <summary>The row as the policy reads an item: the facts it decides on, no content.</summary>
    private static StoredItem Describe(ProfileRow row) => new()
    {
        ItemId = row.ItemId,
        Kind = row.Kind,
        OriginatorAgencyId = row.OriginatorAgencyId,
        SubmittedBy = "",
        Classification = row.Classification,
        Grading = row.Grading,
        LegacyGrading = row.LegacyGrading,
        HandlingConditions = row.HandlingConditions,
        Themes = row.Themes,
        Areas = row.Areas,
        PersonalDataCategories = row.PersonalDataCategories,
        SanitisedText = row.HasSanitisedText ? "(a sanitised text)" : null,
        ReviewDate = row.ReviewDate,
        CreatedAt = row.EventsFrom,
        ContentDigest = "",
    };
}
