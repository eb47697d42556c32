using IntelHub.Contracts.V1;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;
using static IntelHub.Demo.Geography.WelshGeography;

namespace IntelHub.Demo.Networks;

/// <summary>
/// Labour exploitation at hand car washes along the M4 from Newport to Llanelli: Romanian and
/// Albanian men housed in one Newport house and driven to the washes each morning.
/// </summary>
internal sealed class CarWashNetwork : Network
{
    private readonly SyntheticPerson _controller;
    private readonly SyntheticPerson _driver;
    private readonly SyntheticPhone _controllerPhone;
    private readonly SyntheticPhone _jobsPhone;
    private readonly SyntheticVehicle _van;
    private readonly SyntheticVehicle _car;
    private readonly SyntheticAddress _house;
    private readonly SyntheticBusiness _newportWash;
    private readonly SyntheticBusiness _cardiffWash;
    private readonly SyntheticBusiness _swanseaWash;
    private readonly SyntheticBusiness _llanelliWash;

    public CarWashNetwork(ScenarioRandom random, SyntheticIdentities identities, DateOnly start)
        : base(
            "M4 car-wash labour network",
            "Romanian and Albanian men housed in one house in Newport and driven each morning to hand car washes in Newport, Cardiff, Swansea and Llanelli; paid far below the minimum wage, documents held by the controller.",
            random,
            identities)
    {
        _controller = SyntheticPeople.Make(random, Nationality.Albanian, male: true, 30, 44, start, withAlias: true);
        _driver = SyntheticPeople.Make(random, Nationality.Romanian, male: true, 24, 36, start);
        _controllerPhone = identities.Mobile()!;
        _jobsPhone = identities.Mobile()!;
        _van = identities.Vehicle("Ford", "Transit", "white", 'B');
        _car = identities.Vehicle("Audi", "A6", "black");
        _house = identities.Address(NewportTown);
        _newportWash = identities.Business("Hand Car Wash", "hand car wash", NewportTown);
        _cardiffWash = identities.Business("Hand Car Wash", "hand car wash", CardiffCity);
        _swanseaWash = identities.Business("Valeting Centre", "hand car wash", SwanseaCity);
        _llanelliWash = identities.Business("Hand Car Wash", "hand car wash", Llanelli);
        Episodes =
        [
            Early("council visit to the Newport car wash", CouncilVisit),
            Early("charity referral of a car-wash worker", CharityReferral),
            Middle("Gwent intelligence on the Newport house", GwentHouse),
            Middle("South Wales intelligence on the Cardiff car wash", SouthWalesCashCollection),
            Middle("Dyfed-Powys intelligence on the Llanelli car wash", DyfedPowysLlanelli),
            Middle("GLAA inspection in Swansea", GlaInspection),
            Anytime("emergency department attendance with chemical burns", EmergencyDepartment),
            Middle("neighbours' complaint about the flat above the Swansea car wash", SwanseaNeighbours),
            Late("Immigration Enforcement encounter with the controller", ImmigrationEncounter, repeatable: false),
            Late("RIU link across three forces", RiuLink, repeatable: false),
            Anytime("older Gwent record on the controller", GwentHistoric, repeatable: false),
        ];
    }

    public override double Weight => 1.3;

    public override IReadOnlyList<Episode> Episodes { get; }

    private SyntheticPerson Worker(DateOnly day) =>
        SyntheticPeople.Make(Random, Random.Chance(0.6) ? Nationality.Romanian : Nationality.Albanian, male: true, 19, 48, day);

    private ReportDraft CouncilVisit(DateOnly day)
    {
        var b = Report(Submitter.Council(NewportTown), day, NewportTown).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var wash = b.Business(_newportWash, EntityRole.Associated);
        var phone = b.Phone(_jobsPhone, EntityRole.Associated);
        var men = Random.Between(5, 9);
        return b.Information(
            $"Trading Standards and licensing officers visited {wash} after complaints about waste water running into the road. "
            + $"{men} men were working; none had gloves or eye protection although they were using acid-based wheel cleaner. "
            + $"Two appeared to be sleeping in a shipping container at the rear (mattresses, a camping stove, clothes drying). "
            + $"The men spoke little English. One said, through a colleague, that he is paid £{Random.Between(20, 35)} a day and pays 'the boss' for his bed. "
            + $"A hand-written sign on the kiosk read 'Workers wanted - call {phone}'. No right-to-work checks could be produced. "
            + "Shared for awareness; the duty to notify form has been completed.");
    }

    private ReportDraft CharityReferral(DateOnly day)
    {
        var b = Report(Submitter.Ngo(NgoFocus.AdultVictimSupport), day, CardiffCity).At(NewportTown)
            .About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var worker = Worker(day);
        var person = b.Person(worker, EntityRole.PotentialVictim);
        var house = b.Address(_house, EntityRole.Associated, "house in multiple occupation");
        var phone = b.Phone(_controllerPhone, EntityRole.Suspect);
        return b.Information(
            $"Referral through the Modern Slavery Helpline. {person} says {worker.They} was promised work in the UK at £{Random.Between(350, 500)} a week, "
            + $"travelled by coach and was met in London by a man {worker.They} knows only as '{_controller.Alias}'. "
            + $"Since then {worker.They} has worked at hand car washes in Newport and Cardiff seven days a week, 10 to 12 hours a day, "
            + $"for £{Random.Between(20, 40)} a day, most of which is taken back for 'rent and transport'. "
            + $"{Capital(worker.They)} lives at {house} with up to ten other men and is collected each morning in a white van. "
            + $"'{_controller.Alias}' holds {worker.Their} identity card. The number {worker.They} used to contact him is {phone}. "
            + $"{Capital(worker.They)} has consented to a National Referral Mechanism referral and is in safe-house accommodation.");
    }

    private ReportDraft GwentHouse(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(NewportTown), day, NewportTown).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var house = b.Address(_house, EntityRole.Associated, "house in multiple occupation");
        var van = b.Vehicle(_van, EntityRole.Suspect);
        var driver = b.Person(_driver, EntityRole.Suspect);
        var controller = b.Person(_controller, EntityRole.Suspect);
        var phone = b.Phone(_controllerPhone, EntityRole.Suspect);
        var body =
            $"Between 0700 and 0730 most days a {van} collects 8 to 10 males from {house} and drives them towards the M4. "
            + $"The van is driven by {driver}. The males return after 2000. "
            + $"{controller}, known as '{_controller.Alias}', controls the house and collects rent in cash every Sunday. He uses {phone}. "
            + "The males are believed to be Romanian and Albanian nationals working at hand car washes in Newport and Cardiff.";
        var sanitised =
            $"Up to ten men living at {b.Address(_house, EntityRole.Associated, string.Empty)} are reported to be taken daily in a van ({b.Vehicle(_van, EntityRole.Suspect)}) "
            + $"to work at hand car washes in Newport and Cardiff. Their housing and work are controlled by a man known as '{_controller.Alias}' who uses {phone}. "
            + "The men may be victims of labour exploitation.";
        return b.Intelligence(
            Random.Pick([SourceKind.Chis, SourceKind.OfficerObservation]),
            body,
            sanitised,
            $"No trace on PNC for the driver. The van's registered keeper is a vehicle hire company; hire records requested.");
    }

    private ReportDraft SouthWalesCashCollection(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(CardiffCity), day, CardiffCity).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var wash = b.Business(_cardiffWash, EntityRole.Associated);
        var controller = b.Person(_controller, EntityRole.Suspect);
        var car = b.Vehicle(_car, EntityRole.Suspect);
        var phone = b.Phone(_controllerPhone, EntityRole.Suspect);
        var house = b.Address(_house, EntityRole.Associated, "workers' accommodation");
        var pay = Random.Between(25, 40);
        b.At(NewportTown);
        return b.Intelligence(
            Random.Pick([SourceKind.Crimestoppers, SourceKind.Debrief, SourceKind.Chis]),
            $"{controller} attends {wash} most evenings at about 1800 in a {car} and takes the day's takings in cash. "
            + $"Workers are paid £{pay} a day and live at {house}. When a worker leaves, a replacement is brought from that house the next day. "
            + $"Workers are arranged by phone on {phone}.",
            $"A man believed to control the workers at {b.Business(_cardiffWash, EntityRole.Associated)} collects the takings in cash and replaces workers who leave with men brought from Newport. "
            + $"Workers are reported to be paid about £{pay} a day, far below the National Minimum Wage. Contact number associated: {phone}.");
    }

    private ReportDraft DyfedPowysLlanelli(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(Llanelli), day, Llanelli).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var wash = b.Business(_llanelliWash, EntityRole.Associated);
        var van = b.Vehicle(_van, EntityRole.Suspect);
        var car = b.Vehicle(_car, EntityRole.Suspect);
        return b.Intelligence(
            Random.Pick([SourceKind.OfficerObservation, SourceKind.Anpr]),
            $"The {van} was seen at {wash} on several mornings between 0830 and 0900, dropping off four or five males, and collecting them after 1900. "
            + $"A {car} was seen at the site at the same times. The car wash opened recently on the site of a former tyre garage; the workers do not appear to live locally.",
            $"A van linked to a suspected labour exploitation network running car washes in south-east Wales has been seen dropping workers at {b.Business(_llanelliWash, EntityRole.Associated)} "
            + $"and collecting them in the evening. The workers do not appear to live locally. Vehicles: {b.Vehicle(_van, EntityRole.Suspect)}, {b.Vehicle(_car, EntityRole.Suspect)}.");
    }

    private ReportDraft GlaInspection(DateOnly day)
    {
        var b = Report(Submitter.Gla, day, SwanseaCity).At(NewportTown).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var wash = b.Business(_swanseaWash, EntityRole.Associated);
        var house = b.Address(_house, EntityRole.Associated, "workers' accommodation");
        var phone = b.Phone(_controllerPhone, EntityRole.Suspect);
        var pay = Random.Between(30, 45);
        return b.Intelligence(
            SourceKind.LabourInspection,
            $"Inspection of {wash}. Five workers present, all Romanian or Albanian nationals. Three gave their address as {house}, some 45 miles away, "
            + $"and said they are driven to Swansea each morning. None had a written statement of terms; pay £{pay} for a ten-hour day. "
            + $"Workers had been told to call {phone} if 'police or council' came.",
            $"Workers at {b.Business(_swanseaWash, EntityRole.Associated)} give their address as a house in Newport and are transported to Swansea daily. "
            + $"Pay is about £{pay} for a ten-hour day and there are no written terms. Strong indicators of labour exploitation; contact number linked: {phone}.");
    }

    private ReportDraft EmergencyDepartment(DateOnly day)
    {
        var b = Report(Submitter.HealthBoard(NewportTown), day, NewportTown).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var worker = Worker(day);
        var patient = b.Person(worker, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        var house = b.Address(_house, EntityRole.Associated, "address given by patient");
        var phone = b.Phone(Random.Chance(0.5) ? _controllerPhone : _jobsPhone, EntityRole.Associated);
        return b.Information(
            $"{patient} attended the emergency department with chemical burns to both hands and forearms, several days old. "
            + "He was brought by another man who answered every question for him and would not leave the cubicle. "
            + $"He gave his address as {house}. Seen alone with a telephone interpreter, he said he works at a car wash 'for the boss' and cannot afford to stop. "
            + $"He declined further help and left before treatment was complete. Contact number given by the companion: {phone}. "
            + "Safeguarding adults referral made; shared as potential labour exploitation.");
    }

    private ReportDraft SwanseaNeighbours(DateOnly day)
    {
        var b = Report(Submitter.Council(SwanseaCity), day, SwanseaCity).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var wash = b.Business(_swanseaWash, EntityRole.Associated);
        var flat = b.Address(Identities.Address(SwanseaCity, flat: true), EntityRole.Associated, "flat above car wash");
        return b.Information(
            $"Housing enforcement received a complaint from neighbours that {Random.Between(6, 10)} men are living in {flat}, above {wash}. "
            + "Mattresses are visible through the windows and the men are seen going straight from the flat to the car wash early each morning. "
            + "The property is not licensed as a house in multiple occupation. An inspection is being arranged; shared because the pattern matches labour exploitation indicators.");
    }

    private ReportDraft ImmigrationEncounter(DateOnly day)
    {
        var b = Report(Submitter.ImmigrationEnforcement, day, NewportTown).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var controller = b.Person(_controller, EntityRole.Suspect);
        var wash = b.Business(_newportWash, EntityRole.Associated);
        var phone = b.Phone(_controllerPhone, EntityRole.Suspect);
        var house = b.Address(_house, EntityRole.Associated, "home address given");
        return b.Intelligence(
            SourceKind.EncounterInterview,
            $"{controller} was encountered at {wash} and claimed to be the manager. He has no valid leave to remain; an asylum claim was refused in {day.Year - 3}. "
            + $"He gave his phone as {phone} and his address as {house}. Four workers present gave the same address.",
            $"The man believed to control the car wash workers in Newport has no valid immigration status. He gives {phone} and a house in Newport as his contact details; workers give the same address.");
    }

    private ReportDraft RiuLink(DateOnly day)
    {
        var b = Report(Submitter.Riu, day, NewportTown).At(CardiffCity, SwanseaCity, Llanelli).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var phone = b.Phone(_controllerPhone, EntityRole.Suspect);
        var van = b.Vehicle(_van, EntityRole.Suspect);
        var house = b.Address(_house, EntityRole.Associated, "house in multiple occupation");
        var controller = b.Person(_controller, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.AnalystResearch,
            $"{phone} appears in reports from Gwent, South Wales and Dyfed-Powys and in a GLAA inspection in Swansea. "
            + $"The {van} is linked to the daily collection of workers from {house} and to car washes in Newport, Cardiff, Swansea and Llanelli; "
            + "it travels west on the M4 from junction 24 most mornings. "
            + $"Assessed as one labour exploitation network controlled by {controller} ('{_controller.Alias}'), with an estimated 25 to 40 workers.",
            "Reports from three force areas and from partners describe one network controlling workers at hand car washes along the M4 from Newport to Llanelli, with the workers housed in Newport. "
            + $"The phone {phone} and the van {b.Vehicle(_van, EntityRole.Suspect)} are common to these reports. Partners meeting car-wash workers with these indicators should consider a National Referral Mechanism referral or the duty to notify.",
            "Recommend a joint operation (Gwent lead) with GLAA and Immigration Enforcement; see the problem profile.");
    }

    private ReportDraft GwentHistoric(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(Cwmbran), day, Cwmbran).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var controller = b.Person(_controller, EntityRole.Suspect);
        var years = Random.Between(6, 9);
        return b.Intelligence(
            SourceKind.Chis,
            $"{controller} is running a car wash in Cwmbran where two Albanian males are working to pay off a travel debt of about £{Random.Between(8, 15)},000. "
            + "They sleep in the office and are not allowed to leave the site without him.",
            $"A man named in current reports about car-wash labour exploitation was linked {years} years ago to a car wash in Cwmbran where two men were working off a travel debt.",
            historicYearsBack: years);
    }
}
