using IntelHub.Contracts.V1;
using IntelHub.Demo.Geography;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;
using static IntelHub.Demo.Geography.WelshGeography;

namespace IntelHub.Demo.Networks;

/// <summary>
/// Reports that link to nothing else, from all over Wales: most of what a hub holds is like this, and
/// a problem profile has to find the networks among it.
/// </summary>
internal sealed class BackgroundReports : Network
{
    public BackgroundReports(ScenarioRandom random, SyntheticIdentities identities)
        : base(
            "Unlinked reports across Wales",
            "Single reports from every force area and many partners: a brothel in a flat, forced begging and shoplifting, a child at risk of criminal exploitation, a takeaway worker, a domestic worker; nothing else shares their identifiers.",
            random,
            identities)
    {
        Episodes =
        [
            Anytime("brothel in a flat", Brothel),
            Anytime("child at risk of criminal exploitation", ChildAtRisk),
            Anytime("forced begging and shoplifting", ForcedBegging),
            Anytime("takeaway worker referral", TakeawayWorker),
            Anytime("domestic worker seen at a health appointment", DomesticWorker),
            Anytime("older record graded 5x5x5", OlderRecord),
        ];
    }

    public override double Weight => 2.5;

    public override IReadOnlyList<Episode> Episodes { get; }

    private static readonly Town[] AnyTown = [.. Towns];

    private static readonly Town[] Larger = [NewportTown, CardiffCity, SwanseaCity, WrexhamTown, BridgendTown, Barry, Bangor, Aberystwyth, Llanelli, Carmarthen, Cwmbran, Neath];

    private ReportDraft Brothel(DateOnly day)
    {
        var town = Random.Pick(Larger);
        var b = Report(Submitter.PoliceForce(town), day, town).About(ExploitationType.Sexual, VictimAgeGroup.Adult);
        var premises = Identities.Address(town, flat: true);
        var flat = b.Address(premises, EntityRole.Associated, "suspected brothel");
        var phone = Identities.Mobile() is { } p ? b.Phone(p, EntityRole.Suspect) : "an unknown number";
        var women = Random.Between(2, 4);
        return b.Intelligence(
            Random.Pick([SourceKind.Crimestoppers, SourceKind.OfficerObservation, SourceKind.Chis]),
            $"{flat} is being used as a brothel. {women} women, believed to be {Random.Pick(["Romanian", "Chinese", "Albanian", "Nigerian"])}, live there and are rarely seen outside; "
            + $"men visit throughout the day after calling {phone}.",
            $"A flat at {b.Address(premises, EntityRole.Associated, string.Empty)} is suspected of being used as a brothel, with women who are rarely seen outside. Possible sexual exploitation.");
    }

    private ReportDraft ChildAtRisk(DateOnly day)
    {
        var town = Random.Pick([Cwmbran, EbbwVale, PortTalbot, Neath, BridgendTown, Pontypool, Barry, Carmarthen, Bangor, Deeside, ColwynBay, Aberystwyth]);
        var b = Report(Submitter.Council(town), day, town).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var child = SyntheticPeople.Make(Random, Nationality.British, Random.Chance(0.7), 13, 16, day);
        var name = b.Person(child, EntityRole.PotentialVictim);
        return b.Information(
            $"Children's services: {name} has gone missing three times in a month, comes home with new clothes and a second phone, and was found with cash and a knife. "
            + $"{Capital(child.They)} says {child.They} is 'looking after things' for older boys. Multi-agency child exploitation meeting arranged.");
    }

    private ReportDraft ForcedBegging(DateOnly day)
    {
        var town = Random.Pick(Larger);
        var b = Report(Submitter.PoliceForce(town), day, town).About(ExploitationType.Criminal, VictimAgeGroup.Adult);
        var man = SyntheticPeople.Make(Random, Random.Pick([Nationality.Romanian, Nationality.Polish]), true, 35, 65, day);
        var person = b.Person(man, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        return b.Intelligence(
            Random.Pick([SourceKind.OfficerObservation, SourceKind.Chis]),
            $"{person}, who has a physical disability, is dropped in the town centre each morning to beg and collected each evening by two men in a car; "
            + "shop staff report that younger members of the same group steal to order.",
            $"A disabled man is dropped in the centre of {town.Name} daily to beg and collected in the evening; a group linked to him is suspected of shoplifting to order. Possible forced criminality.");
    }

    private ReportDraft TakeawayWorker(DateOnly day)
    {
        var town = Random.Pick(AnyTown);
        var b = Report(Submitter.Ngo(Random.Pick([NgoFocus.AdultVictimSupport, NgoFocus.WomenAndGirls])), day, town).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var worker = SyntheticPeople.Make(Random, Random.Pick([Nationality.Chinese, Nationality.Vietnamese, Nationality.Albanian, Nationality.Eritrean]), Random.Chance(0.6), 20, 45, day);
        var person = b.Person(worker, EntityRole.PotentialVictim);
        var shop = b.Business(Identities.Business(Random.Pick(["Takeaway", "Kitchen", "Express"]), "takeaway", town), EntityRole.Associated);
        return b.Information(
            $"{person} works at {shop} six days a week, sleeps above the shop and is paid £{Random.Between(100, 200)} a month. "
            + $"{Capital(worker.They)} says {worker.They} owes the owner for {worker.Their} journey. Has not yet decided about an NRM referral.");
    }

    private ReportDraft DomesticWorker(DateOnly day)
    {
        var town = Random.Pick(AnyTown);
        var b = Report(Submitter.HealthBoard(town), day, town).About(ExploitationType.DomesticServitude, VictimAgeGroup.Adult);
        var worker = SyntheticPeople.Make(Random, Random.Pick([Nationality.Sudanese, Nationality.Eritrean, Nationality.Nigerian, Nationality.Chinese]), false, 20, 50, day);
        var person = b.Person(worker, EntityRole.PotentialVictim, dateOfBirthKnown: Random.Chance(0.5));
        return b.Information(
            $"{person} attended a health visitor appointment with a family's baby and said she is the family's 'helper'. "
            + "She has no registered GP, no money of her own and is not allowed to leave the house alone. Safeguarding adults referral made.");
    }

    private ReportDraft OlderRecord(DateOnly day)
    {
        var town = Random.Pick(Larger);
        var type = Random.Pick([ExploitationType.Sexual, ExploitationType.Labour, ExploitationType.Criminal]);
        var b = Report(Submitter.PoliceForce(town), day, town).About(type, VictimAgeGroup.Adult);
        var address = b.Address(Identities.Address(town), EntityRole.Associated, "premises");
        var years = Random.Between(5, 10);
        var what = type switch
        {
            ExploitationType.Sexual => "is used as a brothel by women brought from abroad",
            ExploitationType.Labour => "houses men working without pay for a local builder",
            _ => "is used by an older group to store drugs that local teenagers are made to sell",
        };
        return b.Intelligence(
            Random.Pick([SourceKind.Chis, SourceKind.Crimestoppers, SourceKind.OfficerObservation]),
            $"{address} {what}.",
            $"Premises in {town.Name} were reported {years} years ago as linked to exploitation; the record is kept for its history.",
            historicYearsBack: years);
    }
}
