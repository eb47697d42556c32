using System.Globalization;
using IntelHub.Contracts.V1;
using IntelHub.Demo;
using IntelHub.Demo.Roster;
using IntelHub.Identity;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>A scenario report ready to send: who submits it and the request under a key of this run.</summary>
internal sealed record ScenarioReport(Caller Submitter, SubmitInformationRequest? Information, SubmitIntelligenceRequest? Intelligence);

/// <summary>
/// Realistic requests from the synthetic Wales scenario (<see cref="WalesScenario"/>): its reports,
/// sent round and round, each time under a fresh idempotency key of this run, so every submission is
/// stored anew; and searches built from what the reports are about: their areas, themes and phone
/// numbers as users typed them.
/// </summary>
internal sealed class ScenarioRequests
{
    private readonly IReadOnlyList<ScenarioSubmission> _submissions;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private long _sent;

    private ScenarioRequests(IReadOnlyList<ScenarioSubmission> submissions)
    {
        _submissions = submissions;
        var subjects = submissions.Select(s => s.Subject).ToList();
        Areas = subjects.SelectMany(s => s.Areas).Select(a => a.GssCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Themes = subjects.SelectMany(s => s.Themes).Distinct().ToList();
        Phones = subjects.SelectMany(s => s.Entities)
            .Where(e => e.KindCase == Entity.KindOneofCase.PhoneNumber)
            .Select(e => e.PhoneNumber.Number)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The distinct areas (GSS codes) the reports are about.</summary>
    public IReadOnlyList<string> Areas { get; }

    /// <summary>The distinct themes the reports are about.</summary>
    public IReadOnlyList<Theme> Themes { get; }

    /// <summary>The distinct phone numbers in the reports, each as it was typed.</summary>
    public IReadOnlyList<string> Phones { get; }

    public int Count => _submissions.Count;

    /// <summary>
    /// The largest scenario (1,000 reports) over the twelve months up to this month, as the hub's own
    /// demo loader places it, so that every review date lies ahead.
    /// </summary>
    public static ScenarioRequests Generate(int seed)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-12);
        return new ScenarioRequests(WalesScenario.Generate(ScenarioRoster.Wales, new ScenarioOptions(seed, start, months: 12, submissions: ScenarioOptions.MaximumSubmissions)));
    }

    /// <summary>The next report, round and round the scenario, under an idempotency key no other submission has.</summary>
    public ScenarioReport NextReport()
    {
        var sequence = Interlocked.Increment(ref _sent);
        var report = _submissions[(int)((sequence - 1) % _submissions.Count)];
        var key = string.Create(CultureInfo.InvariantCulture, $"load-{_runId}-{sequence}");
        var submitter = new Caller(report.SubmittingAgencyId, report.UserId, UserRole.Submitter);
        if (report.Information is { } information)
        {
            var copy = information.Clone();
            copy.IdempotencyKey = key;
            return new ScenarioReport(submitter, copy, null);
        }
        var intelligence = report.Intelligence!.Clone();
        intelligence.IdempotencyKey = key;
        return new ScenarioReport(submitter, null, intelligence);
    }

    /// <summary>One search of the given kind, as the reader would make it.</summary>
    public SearchItemsRequest Search(OperationKind kind, Reader reader, Random random)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(random);
        var request = new SearchItemsRequest { Purpose = reader.Purpose };
        switch (kind)
        {
            case OperationKind.SearchByArea:
                // Partners look at their own area; agencies across Wales at any area the reports name.
                request.AreaGssCodes.Add(reader.OwnAreas.Count > 0 ? Pick(reader.OwnAreas, random) : Pick(Areas, random));
                break;
            case OperationKind.SearchByTheme:
                request.Themes.Add(Pick(Themes, random));
                break;
            case OperationKind.SearchByPhone:
                request.Entities.Add(new EntityQuery { Type = EntityType.PhoneNumber, Value = Pick(Phones, random) });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of search.");
        }
        return request;
    }

    private static T Pick<T>(IReadOnlyList<T> values, Random random) => values[random.Next(values.Count)];
}
