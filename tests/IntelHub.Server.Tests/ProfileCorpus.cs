using Google.Protobuf.WellKnownTypes;
using IntelHub.Contracts.V1;
using IntelHub.Identity;

namespace IntelHub.Server.Tests;

/// <summary>One generated report with the facts a problem profile counts, known in advance.</summary>
internal sealed record CorpusItem(
    int Index, string Agency, bool Intelligence, ExploitationType Exploitation, VictimAgeGroup Age, string Area, string? Grade,
    string Phone, DateTimeOffset Occurred, CorpusPerson Victim, CorpusPerson Suspect)
{
    public string? ItemId { get; set; }
    public string Theme => $"{Exploitation}/{Age}";
}

/// <summary>A person a generated report names: the name, and the nationalities as submitted (case as given).</summary>
internal sealed record CorpusPerson(string Name, string[] Nationalities);

/// <summary>
/// A small generator of reports whose true profile figures and links are known: two forces' intelligence and a
/// council's information, spread over the months of a half-year and the half-year before it, with one phone number
/// shared by every seventh report (a cross-border link) and the rest unique. Each report names a potential victim and a
/// suspect from a small pool of its own agency's (so people recur within an agency, never across one: no person link),
/// each person always with the same nationalities; one victim has two, one suspect's code is given in small letters,
/// and a witness with a nationality is named too (witnesses are not counted).
/// </summary>
internal static class ProfileCorpus
{
    public const string SharedPhone = "07700 900001";
    public const string SharedPhoneKey = "+447700900001";
    public static readonly DateTimeOffset From = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset To = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);
    public static DateTimeOffset PreviousFrom => From - (To - From);
    public const string WitnessNationality = "FR";
    private static readonly string[] Families = ["Hoxha", "Nguyen", "Popescu"];
    private static readonly string[] VictimNames = ["Anh", "Linh", "Mai", "Thu"];
    private static readonly string[] SuspectNames = ["Ardit", "Bogdan"];

    private static CorpusPerson VictimOf(int agency, int i) => (agency, i % 4) switch
    {
        (0, 0) => new($"{VictimNames[0]} {Families[agency]}", ["VN", "GB"]),
        (_, 1) => new($"{VictimNames[1]} {Families[agency]}", ["AL"]),
        _ => new($"{VictimNames[i % 4]} {Families[agency]}", ["VN"]),
    };

    private static CorpusPerson SuspectOf(int agency, int i) => (agency, i % 2) switch
    {
        (1, 0) => new($"{SuspectNames[0]} {Families[agency]}", ["ro"]),
        _ => new($"{SuspectNames[i % 2]} {Families[agency]}", ["GB"]),
    };

    public static List<CorpusItem> Generate(int count)
    {
        var items = new List<CorpusItem>();
        for (var i = 0; i < count; i++)
        {
            var agency = (i % 3) switch { 0 => "south-wales-police", 1 => "gwent-police", _ => "cardiff-council" };
            var intelligence = agency != "cardiff-council";
            var exploitation = ((i / 3) % 3) switch { 0 => ExploitationType.Labour, 1 => ExploitationType.Sexual, _ => ExploitationType.Criminal };
            var area = agency switch { "south-wales-police" => i % 2 == 0 ? SampleReports.Cardiff : "W06000011", "gwent-police" => "W06000022", _ => SampleReports.Cardiff };
            // The council also reports on a theme and an area no intelligence covers: the automatic gaps.
            if (!intelligence && i % 9 == 2) exploitation = ExploitationType.DomesticServitude;
            if (!intelligence && i % 9 == 5) area = SampleReports.ValeOfGlamorgan;
            var age = i % 5 == 0 ? VictimAgeGroup.Minor : VictimAgeGroup.Adult;
            var grade = intelligence ? (i % 4) switch { 0 => "1A", 1 => "2C", 2 => "1B", _ => "3D" } : null;
            var phone = i % 7 == 0 ? SharedPhone : $"07700 9{10000 + i:D5}";
            var occurred = i % 4 == 3
                ? PreviousFrom.AddDays(10 + (i % 150))
                : From.AddMonths(i % 6).AddDays(i % 20).AddHours(9);
            var agencyIndex = i % 3;
            items.Add(new CorpusItem(i, agency, intelligence, exploitation, age, area, grade, phone, occurred, VictimOf(agencyIndex, i / 3), SuspectOf(agencyIndex, i / 3)));
        }
        return items;
    }

    public static async Task SubmitAsync(InProcessHub hub, IReadOnlyList<CorpusItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            var subject = new ItemSubject
            {
                Themes = { new Contracts.V1.Theme { ExploitationType = item.Exploitation, VictimAgeGroup = item.Age } },
                Areas = { new Area { GssCode = item.Area } },
                Occurred = new Google.Type.Interval { StartTime = Timestamp.FromDateTimeOffset(item.Occurred), EndTime = Timestamp.FromDateTimeOffset(item.Occurred) },
                Entities =
                {
                    new Entity { Role = EntityRole.Suspect, PhoneNumber = new PhoneNumber { Number = item.Phone } },
                    Person(EntityRole.PotentialVictim, item.Victim),
                    Person(EntityRole.Suspect, item.Suspect),
                    Person(EntityRole.Witness, new CorpusPerson($"Witness {Families[item.Index % 3]}", [WitnessNationality])),
                },
            };
            if (item.Intelligence)
            {
                var user = hub.As(item.Agency, UserRole.Submitter);
                var request = new SubmitIntelligenceRequest
                {
                    IdempotencyKey = $"corpus-{item.Index}",
                    FullText = $"Generated intelligence report {item.Index} about a suspect's phone.",
                    SanitisedText = $"Generated sanitised report {item.Index}.",
                    Grade = new Contracts.V1.Grade
                    {
                        SourceEvaluation = item.Grade![0] switch { '1' => SourceEvaluation.Reliable, '2' => SourceEvaluation.Untested, _ => SourceEvaluation.NotReliable },
                        IntelligenceAssessment = item.Grade[1] switch
                        {
                            'A' => IntelligenceAssessment.KnownDirectly, 'B' => IntelligenceAssessment.KnownIndirectlyCorroborated,
                            'C' => IntelligenceAssessment.KnownIndirectly, _ => IntelligenceAssessment.NotKnown,
                        },
                        HandlingCode = HandlingCode.P,
                    },
                    Subject = subject, Classification = SampleReports.OfficialSensitivePersonal, ReviewDate = SampleReports.InYears(5),
                };
                item.ItemId = (await user.Reports.SubmitIntelligenceAsync(request, cancellationToken: cancellationToken)).Receipt.ItemId;
            }
            else
            {
                var user = hub.As(item.Agency, UserRole.PartnerPractitioner);
                var request = new SubmitInformationRequest
                {
                    IdempotencyKey = $"corpus-{item.Index}",
                    FullText = $"Generated safeguarding concern {item.Index}.",
                    Subject = subject, Classification = SampleReports.OfficialSensitivePersonal, ReviewDate = SampleReports.InYears(2),
                };
                item.ItemId = (await user.Reports.SubmitInformationAsync(request, cancellationToken: cancellationToken)).Receipt.ItemId;
            }
        }
    }

    private static Entity Person(EntityRole role, CorpusPerson person) =>
        new() { Role = role, Person = new Person { FullName = person.Name, Nationalities = { person.Nationalities } } };

    public static bool InCurrent(CorpusItem item) => item.Occurred >= From && item.Occurred < To;

    public static bool InPrevious(CorpusItem item) => item.Occurred >= PreviousFrom && item.Occurred < From;

    public static CompileProblemProfileRequest Request(string key, uint threshold = 0) => new()
    {
        IdempotencyKey = key,
        Title = "Trafficking in South Wales and Gwent, first half of 2025",
        Period = new Google.Type.Interval { StartTime = Timestamp.FromDateTimeOffset(From), EndTime = Timestamp.FromDateTimeOffset(To) },
        Purpose = new Purpose { PurposeId = "disrupt-trafficking", Justification = "Problem profile for the regional tasking group" },
        SuppressionThreshold = threshold,
        IntelligenceGaps = { "Who controls the shared phone?" },
        Recommendations = { "Joint tasking of South Wales and Gwent on the shared phone." },
    };
}
