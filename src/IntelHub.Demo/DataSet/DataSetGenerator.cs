using IntelHub.Contracts.V1;
using IntelHub.Demo.Geography;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.DataSet;

/// <summary>
/// A large synthetic data set in the shape of the Wales scenario's background: reports from the four forces, the RIU,
/// councils, health boards, NGOs and the national agencies in the mix a year of Welsh reporting might have; every
/// exploitation theme; places across all 22 local authorities; information (ungraded) and graded intelligence with its
/// handling conditions; and phones, vehicles, addresses, businesses and people that recur across agencies with a long
/// tail (<see cref="LongTail"/>). The same roster, options and seed give the same reports, in the same order.
/// </summary>
public static class DataSetGenerator
{
    public static IEnumerable<DataSetReport> Generate(ScenarioRoster roster, DataSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(options);
        var writer = new DataSetWriter(roster, options);
        for (var index = 0; index < options.Items; index++) yield return writer.Write(index);
    }
}

/// <summary>Writes the reports of one data set in order, from one random stream.</summary>
internal sealed class DataSetWriter
{
    /// <summary>The kinds of identity a report names, as the truth file and search workloads call them.</summary>
    public static readonly string[] IdentityKinds = ["phone", "vehicle", "address", "business", "person"];

    private static readonly NgoFocus[] NgoFoci = [NgoFocus.WomenAndGirls, NgoFocus.SexualViolence, NgoFocus.AdultVictimSupport, NgoFocus.Children];

    private readonly DataSetOptions _options;
    private readonly ScenarioRandom _random;
    private readonly RequestAssembly _assembly;
    private readonly Dictionary<string, LongTail> _tails;

    public DataSetWriter(ScenarioRoster roster, DataSetOptions options)
    {
        _options = options;
        _random = ScenarioRandom.For(options.Seed, "data-set");
        _assembly = new RequestAssembly(roster, new SyntheticIdentities(ScenarioRandom.For(options.Seed, "data-set-references")), _random);
        var pool = Math.Max(10, options.Items / 20);
        _tails = IdentityKinds.ToDictionary(kind => kind, _ => new LongTail(pool), StringComparer.Ordinal);
    }

    public DataSetReport Write(int index)
    {
        var day = _options.Start.AddDays((int)((long)index * 365 / _options.Items));
        var submittedAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).AddMinutes(_random.Between(0, 600));
        var submitter = PickSubmitter();
        var place = PlaceFor(submitter);
        var type = _random.Weighted(
            (ExploitationType.Sexual, 30.0), (ExploitationType.Labour, 30.0), (ExploitationType.Criminal, 25.0),
            (ExploitationType.DomesticServitude, 12.0), (ExploitationType.OrganHarvesting, 1.0));
        var minor = _random.Chance(type == ExploitationType.Criminal ? 0.5 : 0.12);
        var report = new ReportBuilder(_random, submitter, day, place).About(type, minor ? VictimAgeGroup.Minor : VictimAgeGroup.Adult);
        if (_random.Chance(0.1)) report.About(_random.Pick([ExploitationType.Sexual, ExploitationType.Labour, ExploitationType.Criminal]), VictimAgeGroup.Adult);
        if (_random.Chance(0.1)) report.At(_random.Pick(WelshGeography.Towns));

        var mentions = new List<DataSetMention>();
        var text = new ReportText(report, _random, _options.Start);
        var victim = _random.Chance(0.55) ? text.Person(Draw("person", EntityRole.PotentialVictim, mentions), EntityRole.PotentialVictim) : "a person not yet identified";
        var suspect = _random.Chance(0.45) ? text.Person(Draw("person", EntityRole.Suspect, mentions), EntityRole.Suspect) : "an unknown male";
        var phone = _random.Chance(0.45) ? text.Phone(Draw("phone", EntityRole.Suspect, mentions)) : null;
        var address = _random.Chance(0.35) ? text.Address(Draw("address", EntityRole.Associated, mentions)) : null;
        var vehicle = _random.Chance(0.25) ? text.Vehicle(Draw("vehicle", EntityRole.Suspect, mentions)) : null;
        var business = _random.Chance(type == ExploitationType.Labour ? 0.5 : 0.08) ? text.Business(Draw("business", EntityRole.Associated, mentions)) : null;
        var body = ReportText.Body(type, minor, victim, suspect, phone, address, vehicle, business, place.Name);

        ReportDraft draft;
        if (submitter.IsLawEnforcement && _random.Chance(0.65))
        {
            var source = _random.Weighted(
                (SourceKind.Chis, 20.0), (SourceKind.Crimestoppers, 15.0), (SourceKind.Debrief, 10.0), (SourceKind.HandsetDownload, 10.0),
                (SourceKind.OfficerObservation, 20.0), (SourceKind.Anpr, 10.0), (SourceKind.LabourInspection, 5.0), (SourceKind.EncounterInterview, 5.0),
                (SourceKind.AnalystResearch, 4.0), (SourceKind.NationalChis, 1.0));
            draft = report.Intelligence(source, body, ReportText.Sanitised(type, minor, place.Name), historicYearsBack: _random.Chance(0.03) ? _random.Between(4, 9) : 0);
        }
        else
        {
            draft = report.Information(body);
        }
        var submission = _assembly.Assemble(draft, submittedAt, $"dataset-{_options.Seed}-{index}");
        return new DataSetReport(index, submission, mentions);
    }

    private long Draw(string kind, EntityRole role, List<DataSetMention> mentions)
    {
        var number = _tails[kind].Draw(_random);
        mentions.Add(new DataSetMention(kind, number, role == EntityRole.PotentialVictim ? "victim" : role == EntityRole.Suspect ? "suspect" : "associated"));
        return number;
    }

    /// <summary>Forces write most; the RIU, councils, health boards, NGOs and national agencies the rest.</summary>
    private Submitter PickSubmitter() => _random.Weighted(
        (0, 12.0), (1, 24.0), (2, 9.0), (3, 11.0), (4, 5.0), (5, 15.0), (6, 7.0), (7, 7.0), (8, 4.0), (9, 4.0), (10, 2.0)) switch
    {
        0 => Submitter.PoliceForce(WelshForce.Gwent),
        1 => Submitter.PoliceForce(WelshForce.SouthWales),
        2 => Submitter.PoliceForce(WelshForce.DyfedPowys),
        3 => Submitter.PoliceForce(WelshForce.NorthWales),
        4 => Submitter.Riu,
        5 => Submitter.Council(_random.Pick(WelshGeography.Towns)),
        6 => Submitter.HealthBoard(_random.Pick(WelshGeography.Towns)),
        7 => Submitter.Ngo(_random.Pick(NgoFoci)),
        8 => Submitter.Nca,
        9 => Submitter.ImmigrationEnforcement,
        _ => Submitter.Gla,
    };

    /// <summary>A force or a local partner reports from its own area; regional and national agencies from anywhere.</summary>
    private Town PlaceFor(Submitter submitter)
    {
        var local = submitter.Kind switch
        {
            SubmitterKind.Force => WelshGeography.Towns.Where(t => t.Authority.Force == submitter.Force).ToList(),
            SubmitterKind.Council or SubmitterKind.HealthBoard => WelshGeography.Towns.Where(t => t.Authority == submitter.Area).ToList(),
            _ => [],
        };
        return _random.Pick(local.Count > 0 ? local : WelshGeography.Towns);
    }
}
