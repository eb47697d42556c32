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
    private readonly Dictionary<string, bool> _byShape = new(StringComparer.Ordinal);
    private readonly string _role = RoleNames.NameOf(caller.Role);

    public bool Permits(ProfileRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.OriginatorAgencyId == caller.AgencyId) return true;
        if (caller.Role != UserRole.RiuAnalyst) return false;
        var shape = string.Join('\u001f', row.Kind, row.OriginatorAgencyId, row.Classification, row.Grading, row.LegacyGrading,
            string.Join(',', row.HandlingConditions), string.Join(',', row.Themes), string.Join(',', row.Areas),
            string.Join(',', row.PersonalDataCategories), row.HasSanitisedText ? "s" : "");
        if (_byShape.TryGetValue(shape, out var permitted)) return permitted;
        var outcome = sharing.Decide(caller.AgencyId, _role, purposeId, SharingAction.Compile, Describe(row));
        _byShape.Add(shape, permitted = outcome.Permitted && outcome.View != DisclosureView.None);
        return permitted;
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
