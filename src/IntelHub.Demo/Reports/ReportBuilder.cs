using IntelHub.Contracts.V1;
using IntelHub.Demo.Geography;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.Reports;

/// <summary>The texts of an intelligence report before its source paragraph is added.</summary>
/// <param name="Body">What the intelligence says, with the detail only the full text may carry.</param>
/// <param name="Sanitised">The officer's version for wider release: the same substance, no source, no source detail.</param>
/// <param name="Comment">The officer's research note (full text only), or null.</param>
internal sealed record IntelligenceText(SourceKind Source, string Body, string Sanitised, string? Comment);

/// <summary>A report as an episode writes it, before the roster and the clock turn it into a request.</summary>
internal sealed record ReportDraft(
    Submitter Submitter,
    IReadOnlyList<Theme> Themes,
    IReadOnlyList<Town> Places,
    IReadOnlyList<Entity> Entities,
    string InformationText,
    IntelligenceText? Intelligence,
    int HistoricYearsBack)
{
    public bool IsIntelligence => Intelligence is not null;

    public bool MentionsPeople => Entities.Any(e => e.KindCase == Entity.KindOneofCase.Person);

    public bool ConcernsMinors => Themes.Any(t => t.VictimAgeGroup == VictimAgeGroup.Minor);
}

/// <summary>
/// Writes one report: each mention of a person, phone, vehicle, address or business adds the entity
/// to the report's subject and returns the text as this writer typed it, so the report's text and its
/// entities agree, and two reports about the same phone rarely spell it the same way.
/// </summary>
internal sealed class ReportBuilder
{
    private readonly List<Theme> _themes = [];
    private readonly List<Town> _places = [];
    private readonly List<Entity> _entities = [];
    private readonly Dictionary<object, string> _typed = new(ReferenceEqualityComparer.Instance);
    private readonly Submitter _submitter;

    public ReportBuilder(ScenarioRandom random, Submitter submitter, DateOnly day, Town place)
    {
        Random = random;
        _submitter = submitter;
        Day = day;
        At(place);
    }

    public ScenarioRandom Random { get; }

    /// <summary>Roughly when the report is written; ages are worked out against it.</summary>
    public DateOnly Day { get; }

    public ReportBuilder About(ExploitationType type, VictimAgeGroup age)
    {
        if (!_themes.Any(t => t.ExploitationType == type && t.VictimAgeGroup == age))
        {
            _themes.Add(new Theme { ExploitationType = type, VictimAgeGroup = age });
        }

        return this;
    }

    public ReportBuilder At(params Town[] towns)
    {
        foreach (var town in towns)
        {
            if (!_places.Contains(town))
            {
                _places.Add(town);
            }
        }

        return this;
    }

    public string Phone(SyntheticPhone phone, EntityRole role)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return Mention(phone, () =>
        {
            var typed = phone.Typed(Random);
            return (typed, typed, new Entity { Role = role, PhoneNumber = new PhoneNumber { Number = typed } });
        });
    }

    public string Vehicle(SyntheticVehicle vehicle, EntityRole role)
    {
        ArgumentNullException.ThrowIfNull(vehicle);
        return Mention(vehicle, () =>
        {
            var typed = vehicle.Typed(Random);
            var entity = new Entity
            {
                Role = role,
                Vehicle = new Vehicle { RegistrationMark = typed, Make = vehicle.Make, Model = vehicle.Model, Colour = vehicle.Colour },
            };
            return ($"{vehicle.Description} {typed}", typed, entity);
        });
    }

    public string Address(SyntheticAddress address, EntityRole role, string description)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Mention(address, () =>
        {
            var (lines, town, postcode) = address.Typed(Random);
            var location = new Location { Town = town, Postcode = postcode, Description = description };
            location.AddressLines.AddRange(lines);
            var text = $"{string.Join(", ", lines)}, {town} {postcode}";
            return (text, text, new Entity { Role = role, Location = location });
        });
    }

    /// <summary>A person, recorded with a date of birth (exact, or the year only when estimated) and nationality.</summary>
    public string Person(SyntheticPerson person, EntityRole role, bool dateOfBirthKnown = true)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Mention(person, () =>
        {
            var typed = Random.Next(4) switch
            {
                0 => person.Recorded,
                1 => $"{person.FamilyName.ToUpperInvariant()}, {person.GivenName}",
                2 => person.Plain,
                _ => person.Plain.ToLowerInvariant(),
            };
            var recorded = new Person
            {
                FullName = typed,
                DateOfBirth = dateOfBirthKnown
                    ? new Google.Type.Date { Year = person.DateOfBirth.Year, Month = person.DateOfBirth.Month, Day = person.DateOfBirth.Day }
                    : new Google.Type.Date { Year = person.DateOfBirth.Year },
            };
            recorded.Nationalities.Add(person.Nationality.IsoCode);
            if (person.Alias is not null)
            {
                recorded.Aliases.Add(person.Alias);
            }

            var text = dateOfBirthKnown
                ? $"{typed} (DOB {person.DateOfBirth:dd/MM/yyyy}, {person.Nationality})"
                : $"{typed} ({person.Nationality}, believed aged about {person.AgeOn(Day)})";
            return (text, typed, new Entity { Role = role, Person = recorded });
        });
    }

    public string Business(SyntheticBusiness business, EntityRole role)
    {
        ArgumentNullException.ThrowIfNull(business);
        return Mention(business, () =>
        {
            var typed = business.Typed(Random);
            var (lines, town, postcode) = business.Premises.Typed(Random);
            var premises = new Location { Town = town, Postcode = postcode, Description = business.Trade };
            premises.AddressLines.AddRange(lines);
            var entity = new Entity { Role = role, Business = new Business { Name = typed, Premises = premises } };
            return ($"{typed} ({string.Join(", ", lines)}, {town} {postcode})", typed, entity);
        });
    }

    public ReportDraft Information(string text) => Build(text, null, 0);

    /// <summary>Intelligence; <paramref name="historicYearsBack"/> above 0 makes it an older record graded 5x5x5.</summary>
    public ReportDraft Intelligence(SourceKind source, string body, string sanitised, string? comment = null, int historicYearsBack = 0)
    {
        if (!_submitter.IsLawEnforcement)
        {
            throw new InvalidOperationException($"Only law-enforcement agencies submit intelligence; this report is by a {_submitter.Kind}.");
        }

        return Build(string.Empty, new IntelligenceText(source, body, sanitised, comment), historicYearsBack);
    }

    private ReportDraft Build(string text, IntelligenceText? intelligence, int historicYearsBack)
    {
        if (_themes.Count == 0)
        {
            throw new InvalidOperationException("A report needs at least one theme: say what exploitation it is about.");
        }

        return new ReportDraft(_submitter, [.. _themes], [.. _places], [.. _entities], text, intelligence, historicYearsBack);
    }

    /// <summary>The first mention in full (with date of birth, make and model, premises), later ones short.</summary>
    private string Mention(object key, Func<(string First, string Later, Entity Entity)> make)
    {
        if (_typed.TryGetValue(key, out var later))
        {
            return later;
        }

        var (first, again, entity) = make();
        _entities.Add(entity);
        _typed[key] = again;
        return first;
    }
}
