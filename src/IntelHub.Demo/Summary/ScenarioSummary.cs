using System.Globalization;
using System.Text;
using IntelHub.Contracts.V1;
using IntelHub.Demo.Geography;
using IntelHub.Domain.Entities;
using DomainEntity = IntelHub.Domain.Entities.Entity;
using ProtoEntity = IntelHub.Contracts.V1.Entity;

namespace IntelHub.Demo.Summary;

/// <summary>How many items one agency submits.</summary>
public sealed record AgencyCount(string AgencyId, int Information, int Intelligence);

/// <summary>How many items concern a form of exploitation, of adults and of children (an item may concern both).</summary>
public sealed record ExploitationCount(ExploitationType ExploitationType, int Items, int Adult, int Minor);

/// <summary>
/// One identifier that appears in two or more items about two or more police force areas, matched the way the
/// hub matches it (<see cref="MatchKey"/>) although it was typed differently (<see cref="Typings"/>).
/// </summary>
public sealed record CrossForceLink(
    EntityType Type,
    string MatchKey,
    IReadOnlyList<string> Typings,
    IReadOnlyList<string> ForceAreas,
    IReadOnlyList<string> Agencies,
    int Items);

/// <summary>
/// What the scenario holds, for the hub to print after loading it: counts by agency, kind and
/// exploitation type, and the links across force boundaries that a problem profile should find.
/// </summary>
public sealed class ScenarioSummary
{
    private ScenarioSummary(
        IReadOnlyList<ScenarioSubmission> submissions,
        IReadOnlyList<AgencyCount> byAgency,
        IReadOnlyList<ExploitationCount> byExploitation,
        IReadOnlyList<CrossForceLink> links)
    {
        Total = submissions.Count;
        Intelligence = submissions.Count(s => s.IsIntelligence);
        Information = Total - Intelligence;
        From = submissions.Count == 0 ? default : submissions.Min(s => s.SubmittedAt);
        To = submissions.Count == 0 ? default : submissions.Max(s => s.SubmittedAt);
        ByAgency = byAgency;
        ByExploitation = byExploitation;
        CrossForceLinks = links;
    }

    public int Total { get; }

    public int Information { get; }

    public int Intelligence { get; }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    /// <summary>Agencies in order of how much they submit.</summary>
    public IReadOnlyList<AgencyCount> ByAgency { get; }

    public IReadOnlyList<ExploitationCount> ByExploitation { get; }

    /// <summary>The widest links first: most force areas, then most items.</summary>
    public IReadOnlyList<CrossForceLink> CrossForceLinks { get; }

    public static ScenarioSummary Of(IReadOnlyList<ScenarioSubmission> submissions)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        var byAgency = submissions
            .GroupBy(s => s.SubmittingAgencyId, StringComparer.Ordinal)
            .Select(g => new AgencyCount(g.Key, g.Count(s => !s.IsIntelligence), g.Count(s => s.IsIntelligence)))
            .OrderByDescending(a => a.Information + a.Intelligence)
            .ThenBy(a => a.AgencyId, StringComparer.Ordinal)
            .ToList();
        var byExploitation = Enum.GetValues<ExploitationType>()
            .Where(t => t != ExploitationType.Unspecified)
            .Select(t =>
            {
                var themes = submissions.Select(s => s.Subject.Themes.Where(th => th.ExploitationType == t).ToList()).ToList();
                return new ExploitationCount(
                    t,
                    themes.Count(list => list.Count > 0),
                    themes.Count(list => list.Any(th => th.VictimAgeGroup == VictimAgeGroup.Adult)),
                    themes.Count(list => list.Any(th => th.VictimAgeGroup == VictimAgeGroup.Minor)));
            })
            .ToList();
        return new ScenarioSummary(submissions, byAgency, byExploitation, Links(submissions));
    }

    /// <summary>The summary as lines to print.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"Wales demo scenario: {Total} submissions ({Information} information, {Intelligence} intelligence) from {ByAgency.Count} agencies, {From:yyyy-MM-dd} to {To:yyyy-MM-dd}.");
        text.AppendLine("By exploitation type (items: adults / children):");
        foreach (var e in ByExploitation)
        {
            text.AppendLine(culture, $"  {Label(e.ExploitationType),-20} {e.Items,4}: {e.Adult} / {e.Minor}");
        }

        text.AppendLine("By agency (information / intelligence):");
        foreach (var a in ByAgency)
        {
            text.AppendLine(culture, $"  {a.AgencyId,-28} {a.Information,3} / {a.Intelligence}");
        }

        text.AppendLine(culture, $"Links across force areas ({CrossForceLinks.Count}): search for any of these as typed here, or as typed otherwise.");
        foreach (var link in CrossForceLinks)
        {
            text.AppendLine(culture, $"  {Label(link.Type),-8} {link.Typings[0],-34} {string.Join(", ", link.ForceAreas)}: {link.Items} items from {link.Agencies.Count} agencies; also typed {string.Join(" | ", link.Typings.Skip(1).Take(3))}");
        }

        return text.ToString();
    }

    private static List<CrossForceLink> Links(IReadOnlyList<ScenarioSubmission> submissions)
    {
        var mentions = new Dictionary<(EntityType, string), List<(ScenarioSubmission Submission, string Typed)>>();
        foreach (var submission in submissions)
        {
            foreach (var entity in submission.Subject.Entities)
            {
                if (Key(entity) is not { } key)
                {
                    continue;
                }

                if (!mentions.TryGetValue((key.Type, key.MatchKey), out var list))
                {
                    list = [];
                    mentions[(key.Type, key.MatchKey)] = list;
                }

                list.Add((submission, key.Typed));
            }
        }

        return mentions
            .Select(m =>
            {
                var forces = m.Value
                    .SelectMany(x => x.Submission.Subject.Areas.Select(a => a.GssCode))
                    .Where(code => code.StartsWith("W15", StringComparison.Ordinal))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .Select(WelshGeography.AreaName)
                    .ToList();
                return new CrossForceLink(
                    m.Key.Item1,
                    m.Key.Item2,
                    m.Value.Select(x => x.Typed).Distinct(StringComparer.Ordinal).ToList(),
                    forces,
                    m.Value.Select(x => x.Submission.SubmittingAgencyId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                    m.Value.Select(x => x.Submission).Distinct().Count());
            })
            .Where(link => link.ForceAreas.Count >= 2 && link.Items >= 2)
            .OrderByDescending(link => link.ForceAreas.Count)
            .ThenByDescending(link => link.Items)
            .ThenBy(link => link.Type)
            .ThenBy(link => link.MatchKey, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The entity's type, the hub's match key for it, and the value as typed; null if the hub could not match it.</summary>
    internal static (EntityType Type, string MatchKey, string Typed)? Key(ProtoEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var (type, kind, typed) = entity.KindCase switch
        {
            ProtoEntity.KindOneofCase.PhoneNumber => (EntityType.PhoneNumber, EntityKind.PhoneNumber, entity.PhoneNumber.Number),
            ProtoEntity.KindOneofCase.Vehicle => (EntityType.Vehicle, EntityKind.Vehicle, entity.Vehicle.RegistrationMark),
            ProtoEntity.KindOneofCase.Person => (EntityType.Person, EntityKind.Person, entity.Person.FullName),
            ProtoEntity.KindOneofCase.Business => (EntityType.Business, EntityKind.Business, entity.Business.Name),
            ProtoEntity.KindOneofCase.Organisation => (EntityType.Organisation, EntityKind.Organisation, entity.Organisation.Name),
            ProtoEntity.KindOneofCase.Location => (EntityType.Location, EntityKind.Location, LocationText(entity.Location)),
            _ => (EntityType.Unspecified, default, string.Empty),
        };
        return type != EntityType.Unspecified && DomainEntity.TryCreate(kind, typed, out var matched, out _)
            ? (type, matched.MatchKey, typed)
            : null;
    }

    /// <summary>A location as one line, "Flat 2, 14 High Street, Cardiff, CF10 1AA", as the hub reads it.</summary>
    internal static string LocationText(Location location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return string.Join(", ", location.AddressLines.Append(location.Town).Append(location.Postcode).Where(part => !string.IsNullOrWhiteSpace(part)));
    }

    private static string Label(EntityType type) => type switch
    {
        EntityType.PhoneNumber => "phone",
        EntityType.Vehicle => "vehicle",
        EntityType.Location => "address",
        EntityType.Business => "business",
        EntityType.Person => "person",
        _ => "organisation",
    };

    private static string Label(ExploitationType type) => type switch
    {
        ExploitationType.Sexual => "sexual",
        ExploitationType.Labour => "labour",
        ExploitationType.DomesticServitude => "domestic servitude",
        ExploitationType.Criminal => "criminal",
        _ => "organ harvesting",
    };
}
