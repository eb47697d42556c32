using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Areas;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Agencies;

/// <summary>
/// An agency that takes part in sharing: its id, display name, kind, whether it is a
/// law-enforcement competent authority, and the areas it covers (empty for a national body with no
/// area of its own).
/// </summary>
public sealed class Agency
{
    internal const int MaxNameLength = 200;

    private Agency(AgencyId id, string name, AgencyKind kind, bool competent, AreaCode[] areas)
    {
        Id = id;
        Name = name;
        Kind = kind;
        IsCompetentAuthority = competent;
        Areas = areas;
    }

    public AgencyId Id { get; }

    public string Name { get; }

    public AgencyKind Kind { get; }

    /// <summary>Whether the agency is a law-enforcement competent authority (DPA 2018 Part 3).</summary>
    public bool IsCompetentAuthority { get; }

    public IReadOnlyList<AreaCode> Areas { get; }

    public bool Covers(AreaCode area) => Areas.Contains(area);

    /// <param name="competentAuthority">Null takes the kind's default (see <see cref="AgencyKindCompetence"/>).</param>
    public static Agency Create(
        AgencyId id, string? name, AgencyKind kind, IEnumerable<AreaCode> areas, bool? competentAuthority = null) =>
        TryCreate(id, name, kind, areas, competentAuthority, out var agency, out var error)
            ? agency
            : throw new DomainRuleException(error);

    public static bool TryCreate(
        AgencyId id,
        string? name,
        AgencyKind kind,
        IEnumerable<AreaCode> areas,
        bool? competentAuthority,
        [NotNullWhen(true)] out Agency? agency,
        [NotNullWhen(false)] out DomainError? error)
    {
        ArgumentNullException.ThrowIfNull(areas);
        agency = null;
        _ = id.Value; // an unset id is a programming error, not user input
        error = CheckName(id, name) ?? CheckKind(id, kind, competentAuthority);
        if (error is not null)
        {
            return false;
        }

        var competent = competentAuthority ?? kind.IsCompetentAuthorityByDefault();
        agency = new Agency(id, name!.Trim(), kind, competent, areas.Distinct().ToArray());
        return true;
    }

    private static DomainError? CheckName(AgencyId id, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new DomainError("name", $"Agency '{id}' has no name: give its name as people know it, e.g. Gwent Police.");
        }

        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return new DomainError(
                "name",
                $"Agency '{id}' name {InputEcho.Quote(name)} is not usable: "
                + $"use at most {MaxNameLength} characters on a single line.");
        }

        return null;
    }

    private static DomainError? CheckKind(AgencyId id, AgencyKind kind, bool? competentAuthority)
    {
        if (!Enum.IsDefined(kind))
        {
            return new DomainError(
                "kind",
                $"Agency '{id}' has kind {(int)kind}, which is not defined: use one of "
                + string.Join(", ", Enum.GetNames<AgencyKind>()) + ".");
        }

        if (competentAuthority is { } flag && flag != kind.IsCompetentAuthorityByDefault() && !kind.MayOverrideCompetence())
        {
            var what = flag ? "marked as a law-enforcement competent authority" : "marked as not a competent authority";
            var rule = kind.IsCompetentAuthorityByDefault()
                ? "is always a competent authority"
                : "is never a competent authority";
            return new DomainError(
                "competent_authority",
                $"Agency '{id}' is {kind.Describe()}, which {rule}, but it was {what}: remove the flag "
                + "or correct the agency's kind (only local authorities and government bodies may be marked "
                + "competent, for their own enforcement functions).");
        }

        return null;
    }
}
