using BenchmarkDotNet.Attributes;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;

namespace IntelHub.Policy.Benchmarks;

/// <summary>The policy sets the benchmarks decide over, loaded through the real loader and compiler.</summary>
internal static class BenchmarkSets
{
    public static readonly DateOnly Day = new(2026, 6, 1);

    public static PolicySnapshot Load(string set)
    {
        var directory = set == "wales" ? WalesDirectory() : NationalPolicySet.Write();
        var result = PolicyLoader.Load(directory, Day);
        return result.Snapshot ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
    }

    private static string WalesDirectory() =>
        PolicyLoader.FindPolicyDirectory(AppContext.BaseDirectory) ?? PolicyLoader.FindPolicyDirectory(Environment.CurrentDirectory)
        ?? throw new InvalidOperationException("Run the benchmarks from inside the repository so that policies/ can be found.");

    /// <summary>
    /// The typical hard case: a partner practitioner asks for police intelligence, which goes through the
    /// partner ISP's candidate rules, the area check and the originator's limits to a sanitised permit.
    /// </summary>
    public static DecisionRequest Typical(PolicySnapshot snapshot, string set)
    {
        var (requester, originator, area) = set == "wales"
            ? ("cardiff-council", "south-wales-police", "cardiff")
            : ("partner-0", "force-0", "area-0-0");
        return new DecisionRequest
        {
            Requester = snapshot.Agency(requester),
            Role = snapshot.Role("partner-practitioner"),
            Purpose = snapshot.Purpose(set == "wales" ? "safeguarding-victims" : "safeguarding"),
            Action = SharingAction.View,
            On = Day,
            Item = new ItemFacts
            {
                Kind = ItemKind.Intelligence,
                Originator = snapshot.Agency(originator),
                Classification = ClassificationLevel.OfficialSensitive,
                Handling = HandlingCode.P,
                Exploitation = ExploitationType.Labour,
                Victims = AgeGroup.Adult,
                Area = snapshot.Area(area),
                PersonalData = PersonalDataCategories.CriminalOffence,
                HasSanitisedText = true,
            },
        };
    }

    /// <summary>The baseline's dictionary: agency id to index, as any decision by name must consult.</summary>
    public static Dictionary<string, int> AgencyIndex(PolicySnapshot snapshot) =>
        snapshot.AgencyIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

    /// <summary>A fixed-seed mix of requests over every agency pair, action, item kind and item fact.</summary>
    public static DecisionRequest[] Batch(PolicySnapshot snapshot, int count)
    {
        var random = new Random(20260601);
        var requests = new DecisionRequest[count];
        for (var i = 0; i < count; i++)
        {
            requests[i] = new DecisionRequest
            {
                Requester = new AgencyRef(random.Next(snapshot.AgencyIds.Count)),
                Role = new RoleRef(random.Next(snapshot.RoleIds.Count)),
                Purpose = new PurposeRef(random.Next(snapshot.PurposeIds.Count)),
                Action = (SharingAction)random.Next(5),
                On = Day,
                Item = new ItemFacts
                {
                    Kind = (ItemKind)random.Next(1, 4),
                    Originator = new AgencyRef(random.Next(snapshot.AgencyIds.Count)),
                    Classification = (ClassificationLevel)random.Next(1, 3),
                    Handling = (HandlingCode)random.Next(1, 3),
                    Conditions = random.Next(2) == 0 ? OriginatorConditions.None : OriginatorConditions.NoOnwardDissemination,
                    Exploitation = (ExploitationType)random.Next(1, 6),
                    Victims = (AgeGroup)random.Next(1, 3),
                    Area = new AreaRef(random.Next(snapshot.AreaIds.Count)),
                    PersonalData = (PersonalDataCategories)random.Next(8),
                    HasSanitisedText = random.Next(4) != 0,
                },
            };
        }

        return requests;
    }
}

/// <summary>
/// One decision. Baseline: resolving one agency id in a dictionary, the least any decision by name must do, so that
/// the ratio says how many such lookups one compiled decision costs.
/// </summary>
[MemoryDiagnoser]
public class SingleDecision
{
    private PolicySnapshot _snapshot = null!;
    private DecisionRequest _request;
    private Dictionary<string, int> _agencies = null!;
    private string _originator = null!;

    [Params("wales", "national")]
    public string Set { get; set; } = "wales";

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = BenchmarkSets.Load(Set);
        _originator = Set == "wales" ? "south-wales-police" : "force-0";
        _request = BenchmarkSets.Typical(_snapshot, Set);
        _agencies = BenchmarkSets.AgencyIndex(_snapshot);
        if (!_snapshot.Decide(in _request).IsPermit)
        {
            throw new InvalidOperationException("The typical request should be permitted; the benchmark would measure a short cut.");
        }
    }

    [Benchmark(Baseline = true)]
    public int AgencyLookup() => _agencies[_originator] + _agencies.Count;

    [Benchmark]
    public Decision Decide() => _snapshot.Decide(in _request);
}

/// <summary>10,000 mixed decisions. Baseline: 10,000 agency lookups in a dictionary.</summary>
[MemoryDiagnoser]
public class BatchOfDecisions
{
    private const int Count = 10_000;
    private PolicySnapshot _snapshot = null!;
    private DecisionRequest[] _requests = null!;
    private string[] _names = null!;
    private Dictionary<string, int> _agencies = null!;
    private string _originator = null!;

    [Params("wales", "national")]
    public string Set { get; set; } = "wales";

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = BenchmarkSets.Load(Set);
        _originator = Set == "wales" ? "south-wales-police" : "force-0";
        _requests = BenchmarkSets.Batch(_snapshot, Count);
        _agencies = BenchmarkSets.AgencyIndex(_snapshot);
        var random = new Random(1);
        _names = [.. Enumerable.Range(0, Count).Select(_ => _snapshot.AgencyIds[random.Next(_snapshot.AgencyIds.Count)])];
    }

    [Benchmark(Baseline = true)]
    public int AgencyLookups()
    {
        var sum = 0;
        foreach (var name in _names)
        {
            sum += _agencies[name];
        }

        return sum;
    }

    [Benchmark]
    public int Decide()
    {
        var permits = 0;
        foreach (ref readonly var request in _requests.AsSpan())
        {
            permits += _snapshot.Decide(in request).IsPermit ? 1 : 0;
        }

        return permits;
    }
}
