using IntelHub.Contracts.V1;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;
using static IntelHub.Demo.Geography.WelshGeography;

namespace IntelHub.Demo.Networks;

/// <summary>
/// A Merseyside county line into the North Wales coast and Wrexham, extending down the A483 to Powys:
/// boys from Merseyside running drugs, vulnerable adults' homes taken over (cuckooed).
/// </summary>
internal sealed class CountyLinesNetwork : Network
{
    private readonly string _lineName;
    private readonly SyntheticPerson _holder;
    private readonly SyntheticPhone _linePhone;
    private readonly SyntheticPhone _runnerPhone;
    private readonly SyntheticVehicle _hireCar;
    private readonly SyntheticAddress _rhylFlat;
    private readonly SyntheticAddress _wrexhamFlat;
    private readonly SyntheticAddress _newtownFlat;

    public CountyLinesNetwork(ScenarioRandom random, SyntheticIdentities identities, DateOnly start)
        : base(
            "North Wales / Merseyside county line",
            "A Merseyside line selling into Rhyl, Colwyn Bay, Wrexham and down the A483 to Newtown: boys from Merseyside as runners, vulnerable adults' flats cuckooed, one deal line and one hire car across North Wales and Dyfed-Powys.",
            random,
            identities)
    {
        _lineName = random.Pick(["DEE", "KAZ", "MERSEY", "BLUE", "TOMMO", "JJ"]);
        _holder = SyntheticPeople.Make(random, Nationality.British, male: true, 20, 26, start, withAlias: true);
        _linePhone = identities.Mobile()!;
        _runnerPhone = identities.Mobile()!;
        _hireCar = identities.Vehicle("Volkswagen", "Golf", "silver", 'M');
        _rhylFlat = identities.Address(Rhyl, flat: true);
        _wrexhamFlat = identities.Address(WrexhamTown, flat: true);
        _newtownFlat = identities.Address(Newtown, flat: true);
        Episodes =
        [
            Early("North Wales intelligence on the deal line in Rhyl", DealLine),
            Anytime("adult social care concern about a cuckooed flat", CuckooedFlat),
            Anytime("boy with a stab wound at hospital", StabWound),
            Middle("Merseyside boy missing from home found in Wrexham", MissingRunner),
            Middle("Dyfed-Powys intelligence on the line in Newtown", NewtownLine),
            Middle("NCA county-lines reporting", NationalCountyLines, repeatable: false),
            Late("RIU link of the line across two forces", RiuLink, repeatable: false),
            Anytime("older North Wales record on the line holder", Historic, repeatable: false),
        ];
    }

    public override IReadOnlyList<Episode> Episodes { get; }

    private SyntheticPerson Runner(DateOnly day) => SyntheticPeople.Make(Random, Nationality.British, male: Random.Chance(0.8), 14, 17, day);

    private SyntheticPerson VulnerableAdult(DateOnly day) => SyntheticPeople.Make(Random, Nationality.British, male: Random.Chance(0.6), 35, 68, day);

    private ReportDraft DealLine(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(Rhyl), day, Rhyl).At(ColwynBay)
            .About(ExploitationType.Criminal, VictimAgeGroup.Minor).About(ExploitationType.Criminal, VictimAgeGroup.Adult);
        var phone = b.Phone(_linePhone, EntityRole.Suspect);
        var flat = b.Address(_rhylFlat, EntityRole.Associated, "cuckooed flat");
        var runner = Runner(day);
        var boy = b.Person(runner, EntityRole.PotentialVictim, dateOfBirthKnown: Random.Chance(0.5));
        return b.Intelligence(
            Random.Pick([SourceKind.HandsetDownload, SourceKind.Chis, SourceKind.Debrief]),
            $"The '{_lineName}' line, {phone}, sends bulk texts to users in Rhyl and Colwyn Bay most days offering crack cocaine and heroin. "
            + $"Deals are run from {flat}, the home of a vulnerable adult, by two or three boys from Merseyside who stay for a week at a time, including {boy}. "
            + "The boys travel by train to Rhyl and are collected from the station.",
            $"A county line known as '{_lineName}' ({phone}) is selling drugs in Rhyl and Colwyn Bay using Merseyside children as runners. "
            + $"The home of a vulnerable adult at {b.Address(_rhylFlat, EntityRole.Associated, string.Empty)} is believed to have been taken over (cuckooed).");
    }

    private ReportDraft CuckooedFlat(DateOnly day)
    {
        var (town, flat) = Random.Chance(0.5) ? (Rhyl, _rhylFlat) : (WrexhamTown, _wrexhamFlat);
        var b = Report(Submitter.Council(town), day, town).About(ExploitationType.Criminal, VictimAgeGroup.Adult);
        var adult = VulnerableAdult(day);
        var tenant = b.Person(adult, EntityRole.PotentialVictim);
        var address = b.Address(flat, EntityRole.Associated, "tenant's flat");
        return b.Information(
            $"Adult social care: {tenant}, who has a learning disability and lives alone at {address}, told a support worker that 'lads from Liverpool' are staying at the flat and won't leave. "
            + "The support worker saw three young males, a large amount of cash and scales on the kitchen table. "
            + $"{Capital(adult.They)} has lost weight, has no food in the flat and says {adult.They} is 'not allowed' to use {adult.Their} own bedroom. "
            + "Adult safeguarding strategy meeting requested; police informed.");
    }

    private ReportDraft StabWound(DateOnly day)
    {
        var town = Random.Pick([Rhyl, WrexhamTown]);
        var b = Report(Submitter.HealthBoard(town), day, town).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var runner = Runner(day);
        var boy = b.Person(runner, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        var phone = b.Phone(_runnerPhone, EntityRole.Associated);
        return b.Information(
            $"{boy} attended the emergency department with a stab wound to the thigh, Merseyside accent, first gave a false name. "
            + $"Would not say where {runner.They} was staying. {Capital(runner.Their)} phone rang constantly during treatment; the number {runner.They} gave for {runner.Their} 'cousin' is {phone}. "
            + $"Left before discharge. Child safeguarding referral made to the local authority and police.");
    }

    private ReportDraft MissingRunner(DateOnly day)
    {
        var b = Report(Submitter.Council(WrexhamTown), day, WrexhamTown).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var runner = Runner(day);
        var child = b.Person(runner, EntityRole.PotentialVictim);
        var flat = b.Address(_wrexhamFlat, EntityRole.Associated, "where found");
        var phone = b.Phone(_runnerPhone, EntityRole.Associated);
        return b.Information(
            $"Children's services: {child}, reported missing from home in Merseyside, was found at {flat} and returned home. "
            + $"At the return-home interview {runner.They} said {runner.They} had been 'working' and owed money for drugs that were 'taken off' {runner.Them}. "
            + $"{Capital(runner.They)} had {phone} saved as 'work'. Information shared with Merseyside children's services and police under the child protection procedures.");
    }

    private ReportDraft NewtownLine(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(Newtown), day, Newtown).At(Welshpool)
            .About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var phone = b.Phone(_linePhone, EntityRole.Suspect);
        var car = b.Vehicle(_hireCar, EntityRole.Suspect);
        var flat = b.Address(_newtownFlat, EntityRole.Associated, "suspected cuckooed flat");
        return b.Intelligence(
            Random.Pick([SourceKind.Anpr, SourceKind.OfficerObservation, SourceKind.Crimestoppers]),
            $"Users in Newtown and Welshpool are receiving the '{_lineName}' texts from {phone}. A {car} travels down the A483 from Wrexham on Friday evenings "
            + $"and stops at {flat}; two teenage boys get out with holdalls and are collected on Sunday.",
            $"A county line known to operate in North Wales ({phone}) is now selling in Newtown and Welshpool, with teenage runners dropped at {b.Address(_newtownFlat, EntityRole.Associated, string.Empty)} "
            + $"from a car ({b.Vehicle(_hireCar, EntityRole.Suspect)}) at weekends.");
    }

    private ReportDraft NationalCountyLines(DateOnly day)
    {
        var b = Report(Submitter.Nca, day, Rhyl).At(WrexhamTown, Newtown).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var holder = b.Person(_holder, EntityRole.Suspect);
        var phone = b.Phone(_linePhone, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.NationalChis,
            $"{holder} ('{_holder.Alias}') of Merseyside holds the '{_lineName}' line, {phone}. He recruits boys from pupil referral units in Merseyside and sends them to North Wales and Powys for a week at a time.",
            $"The '{_lineName}' line ({phone}) is held by a Merseyside-based adult who recruits children from Merseyside and sends them to North Wales and Powys.");
    }

    private ReportDraft RiuLink(DateOnly day)
    {
        var b = Report(Submitter.Riu, day, Rhyl).At(WrexhamTown, Newtown)
            .About(ExploitationType.Criminal, VictimAgeGroup.Minor).About(ExploitationType.Criminal, VictimAgeGroup.Adult);
        var phone = b.Phone(_linePhone, EntityRole.Suspect);
        var runnerPhone = b.Phone(_runnerPhone, EntityRole.Associated);
        var car = b.Vehicle(_hireCar, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.AnalystResearch,
            $"The '{_lineName}' line ({phone}) is reported by North Wales in Rhyl and Colwyn Bay and by Dyfed-Powys in Newtown and Welshpool. "
            + $"{runnerPhone} links a stabbed boy in North Wales to a missing Merseyside child found in Wrexham. The {car} is a hire car seen on the A483 between Wrexham and Newtown. "
            + "At least three vulnerable adults' homes are believed to be cuckooed.",
            $"One county line ({phone}) operates across North Wales and Powys, using Merseyside children and the homes of vulnerable adults. "
            + $"A second number ({runnerPhone}) links a child treated for a stab wound to a child found missing in Wrexham. Partners should treat children found with these numbers as potential victims of criminal exploitation.");
    }

    private ReportDraft Historic(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(WrexhamTown), day, WrexhamTown).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var holder = b.Person(_holder, EntityRole.Suspect);
        var years = Random.Between(5, 7);
        return b.Intelligence(
            SourceKind.Chis,
            $"{holder}, then aged about {_holder.AgeOn(day) - years}, is running drugs from Liverpool to Wrexham for an older male and is recruiting school friends to carry.",
            $"The person now believed to hold a county line into North Wales was himself reported as a child runner between Liverpool and Wrexham {years} years ago.",
            historicYearsBack: years);
    }
}
