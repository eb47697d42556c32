using IntelHub.Contracts.V1;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;
using static IntelHub.Demo.Geography.WelshGeography;

namespace IntelHub.Demo.Networks;

/// <summary>
/// Vietnamese boys moved from nail bars to cannabis grows in the south Wales valleys and Powys,
/// tended by a minder and supplied by one organiser in a grey Prius.
/// </summary>
internal sealed class CannabisGrowNetwork : Network
{
    private readonly SyntheticPerson _organiser;
    private readonly SyntheticPerson _minder;
    private readonly SyntheticPhone _organiserPhone;
    private readonly SyntheticPhone _minderPhone;
    private readonly SyntheticVehicle _prius;
    private readonly SyntheticAddress _merthyrHouse;
    private readonly SyntheticAddress _pontypriddHouse;
    private readonly SyntheticAddress _caerphillyHouse;
    private readonly SyntheticAddress _newtownHouse;
    private readonly SyntheticBusiness _cardiffNails;
    private readonly SyntheticBusiness _newportNails;

    public CannabisGrowNetwork(ScenarioRandom random, SyntheticIdentities identities, DateOnly start)
        : base(
            "Cannabis-grow network with Vietnamese minors",
            "Vietnamese boys, some first made to work in nail bars in Cardiff and Newport, locked in cannabis grows in Merthyr Tydfil, Pontypridd, Caerphilly and Newtown; a minder's phone and a grey Toyota Prius link grows in three force areas.",
            random,
            identities)
    {
        _organiser = SyntheticPeople.Make(random, Nationality.Vietnamese, male: true, 36, 52, start, withAlias: true);
        _minder = SyntheticPeople.Make(random, Nationality.Vietnamese, male: true, 21, 30, start);
        _organiserPhone = identities.Mobile()!;
        _minderPhone = identities.Mobile()!;
        _prius = identities.Vehicle("Toyota", "Prius", "grey", 'L');
        _merthyrHouse = identities.Address(MerthyrTown);
        _pontypriddHouse = identities.Address(Pontypridd);
        _caerphillyHouse = identities.Address(CaerphillyTown);
        _newtownHouse = identities.Address(Newtown);
        _cardiffNails = identities.Business("Nails & Beauty", "nail bar", CardiffCity);
        _newportNails = identities.Business("Nail Studio", "nail bar", NewportTown);
        Episodes =
        [
            Middle("warrant at a Merthyr Tydfil cannabis grow", MerthyrGrow),
            Middle("child missing from care after a grow was found", MissingFromCare),
            Anytime("child trafficking guardian's notes", GuardianNotes),
            Middle("Gwent intelligence on a Caerphilly grow", CaerphillyGrow),
            Middle("Dyfed-Powys intelligence on a Newtown let", NewtownLet),
            Early("council visit to a Cardiff nail bar", NailBarVisit),
            Middle("Immigration Enforcement visit to a Cardiff nail bar", NailBarEncounter),
            Anytime("boy with electrical burns at hospital", ElectricalBurns),
            Late("NCA reporting on the organiser", NationalPicture, repeatable: false),
            Late("RIU link of the Prius across three forces", RiuLink, repeatable: false),
        ];
    }

    public override double Weight => 1.2;

    public override IReadOnlyList<Episode> Episodes { get; }

    private SyntheticPerson Boy(DateOnly day) => SyntheticPeople.Make(Random, Nationality.Vietnamese, male: true, 14, 17, day);

    private SyntheticPerson NailWorker(DateOnly day) =>
        SyntheticPeople.Make(Random, Nationality.Vietnamese, male: Random.Chance(0.2), 17, 30, day);

    private ReportDraft MerthyrGrow(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(MerthyrTown), day, MerthyrTown).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var boy = Boy(day);
        var house = b.Address(_merthyrHouse, EntityRole.Associated, "cannabis grow");
        var child = b.Person(boy, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        var phone = b.Phone(_minderPhone, EntityRole.Suspect);
        var car = b.Vehicle(_prius, EntityRole.Suspect);
        var plants = Random.Between(120, 400);
        return b.Intelligence(
            SourceKind.OfficerObservation,
            $"A drugs warrant was executed at {house}: a cannabis grow of about {plants} plants over three rooms, electricity bypassed. "
            + $"{child} was found inside. The doors were locked from outside and the windows screwed shut. "
            + $"He had a mobile phone with one saved contact, 'Uncle', {phone}. He said he was brought from London by car two months ago and 'owes money'. "
            + $"A {car} was seen leaving the street shortly before entry.",
            $"A Vietnamese boy aged about {boy.AgeOn(day)} was found locked inside a cannabis grow at {b.Address(_merthyrHouse, EntityRole.Associated, string.Empty)}. "
            + $"He is a potential victim of criminal exploitation and has been referred under the NRM. A phone number used to control him: {phone}. Vehicle of interest: {b.Vehicle(_prius, EntityRole.Suspect)}.",
            "Boy treated as a victim, not arrested. Placed with foster carers by Merthyr Tydfil children's services; high risk of going missing.");
    }

    private ReportDraft MissingFromCare(DateOnly day)
    {
        var town = Random.Pick([MerthyrTown, Pontypridd]);
        var b = Report(Submitter.Council(town), day, town).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var boy = Boy(day);
        var child = b.Person(boy, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        var phone = b.Phone(_minderPhone, EntityRole.Suspect);
        return b.Information(
            $"Children's services: {child} was placed in foster care after being found in a cannabis grow and went missing within 48 hours. "
            + $"Before he left, his carers heard him take several calls from {phone}; he had been given a new phone by an adult outside the placement. "
            + "He was seen getting into a grey car at the end of the road. Reported missing to police; strategy meeting held; return interview will be offered.");
    }

    private ReportDraft GuardianNotes(DateOnly day)
    {
        var b = Report(Submitter.Ngo(NgoFocus.Children), day, CardiffCity).At(Pontypridd)
            .About(ExploitationType.Criminal, VictimAgeGroup.Minor).About(ExploitationType.Labour, VictimAgeGroup.Minor);
        var boy = Boy(day);
        var child = b.Person(boy, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        var nails = b.Business(_cardiffNails, EntityRole.Associated);
        var house = b.Address(_pontypriddHouse, EntityRole.Associated, "house with plants");
        var phone = b.Phone(_organiserPhone, EntityRole.Suspect);
        return b.Information(
            $"Independent child trafficking guardian's notes. {child} disclosed that he first worked cleaning and doing pedicures at {nails}, "
            + $"then was moved to 'a house with plants' which from his description is {house}. "
            + $"He was told his family in Vietnam owe £{Random.Between(15, 30)},000 for his journey and that they will be hurt if he talks. "
            + $"The man who moved him drove a grey car; the boy calls him 'Uncle' and gave the number {phone}.");
    }

    private ReportDraft CaerphillyGrow(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(CaerphillyTown), day, CaerphillyTown).At(NewportTown)
            .About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var house = b.Address(_caerphillyHouse, EntityRole.Associated, "suspected cannabis grow");
        var car = b.Vehicle(_prius, EntityRole.Suspect);
        var nails = b.Business(_newportNails, EntityRole.Associated);
        return b.Intelligence(
            Random.Pick([SourceKind.Crimestoppers, SourceKind.Chis]),
            $"{house} contains a cannabis grow. The occupants are two or three young Vietnamese males, thought to be under 18, who never leave the house. "
            + $"A {car} drops off bags of compost and food at about 2200 each week. The same car has been seen parked outside {nails} during the day.",
            $"A house at {b.Address(_caerphillyHouse, EntityRole.Associated, string.Empty)} is believed to contain a cannabis grow tended by young Vietnamese males who may be children and victims of criminal exploitation. "
            + $"A vehicle linked to it ({b.Vehicle(_prius, EntityRole.Suspect)}) is also seen at a nail bar in Newport.");
    }

    private ReportDraft NewtownLet(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(Newtown), day, Newtown).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var house = b.Address(_newtownHouse, EntityRole.Associated, "rural let");
        var phone = b.Phone(_organiserPhone, EntityRole.Suspect);
        var car = b.Vehicle(_prius, EntityRole.Suspect);
        return b.Intelligence(
            Random.Pick([SourceKind.OfficerObservation, SourceKind.Crimestoppers]),
            $"{house} was let six months ago to a man who called himself '{_organiser.Alias}', gave {phone} and paid six months' rent in cash. "
            + $"The windows are now blacked out and there is a constant hum of fans. A {car} visits late at night; a boy of about 15 has been seen in the garden once.",
            $"A rural let at {b.Address(_newtownHouse, EntityRole.Associated, string.Empty)} shows signs of a cannabis grow; a boy of about 15 has been seen there. "
            + $"The tenant's contact number ({phone}) and a visiting car ({b.Vehicle(_prius, EntityRole.Suspect)}) link it to grows elsewhere in Wales.");
    }

    private ReportDraft NailBarVisit(DateOnly day)
    {
        var b = Report(Submitter.Council(CardiffCity), day, CardiffCity).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var nails = b.Business(_cardiffNails, EntityRole.Associated);
        var minor = Random.Chance(0.5);
        if (minor)
        {
            b.About(ExploitationType.Labour, VictimAgeGroup.Minor);
        }

        return b.Information(
            $"Environmental health visit to {nails} (special procedures licence check). Four Vietnamese staff, none of whom could say who employs them or what they are paid. "
            + "Bedding and a rice cooker were found in the back room, suggesting staff sleep on the premises. "
            + (minor ? "One worker appeared to be under 18 and left by the back door when officers arrived. " : string.Empty)
            + "No licence holder was present; the manager would not give a name. Shared as possible labour exploitation.");
    }

    private ReportDraft NailBarEncounter(DateOnly day)
    {
        var b = Report(Submitter.ImmigrationEnforcement, day, CardiffCity).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var nails = b.Business(_cardiffNails, EntityRole.Associated);
        var worker = NailWorker(day);
        var person = b.Person(worker, EntityRole.PotentialVictim);
        var minder = b.Person(_minder, EntityRole.Suspect);
        var phone = b.Phone(_organiserPhone, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.EncounterInterview,
            $"Visit to {nails}. Four Vietnamese nationals working, two with no leave to remain, including {person}. "
            + $"They sleep in the back room and are paid nothing until their 'debt' is cleared. {minder} arrived during the visit and said he was 'a friend'. "
            + $"{Capital(worker.They)} said the boss is called '{_organiser.Alias}' and gave his number as {phone}.",
            $"Workers at {b.Business(_cardiffNails, EntityRole.Associated)} are reported to live on the premises and to work unpaid against a debt. "
            + $"A man linked to a cannabis-grow network attended during the visit. Contact number for the person said to be in charge: {phone}.");
    }

    private ReportDraft ElectricalBurns(DateOnly day)
    {
        var b = Report(Submitter.HealthBoard(Pontypridd), day, Pontypridd).About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var boy = Boy(day);
        var child = b.Person(boy, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        var house = b.Address(_pontypriddHouse, EntityRole.Associated, "where injured, per patient");
        return b.Information(
            $"{child} was brought to the emergency department with electrical burns to his right hand by an adult who left without giving details. "
            + $"Through a Vietnamese interpreter he said he was hurt 'fixing the lights' at {house}, where he lives with 'friends'. "
            + "He had no phone, no documents and did not know the name of the town. Child protection referral made; police informed.");
    }

    private ReportDraft NationalPicture(DateOnly day)
    {
        var b = Report(Submitter.Nca, day, MerthyrTown).At(CaerphillyTown, Newtown)
            .About(ExploitationType.Criminal, VictimAgeGroup.Minor);
        var organiser = b.Person(_organiser, EntityRole.Suspect);
        var phone = b.Phone(_organiserPhone, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.NationalChis,
            $"{organiser} ('{_organiser.Alias}') supplies Vietnamese boys from London and the West Midlands to cannabis grows in south Wales and Powys, "
            + $"charging growers per child. He uses {phone} and launders cash through nail bars in Cardiff and Newport.",
            $"A man known as '{_organiser.Alias}', using {phone}, is believed to supply Vietnamese children from England to cannabis grows in south Wales and Powys, "
            + "and to use nail bars in Cardiff and Newport in the same network.");
    }

    private ReportDraft RiuLink(DateOnly day)
    {
        var b = Report(Submitter.Riu, day, MerthyrTown).At(CaerphillyTown, Newtown, Pontypridd, CardiffCity)
            .About(ExploitationType.Criminal, VictimAgeGroup.Minor).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var car = b.Vehicle(_prius, EntityRole.Suspect);
        var minderPhone = b.Phone(_minderPhone, EntityRole.Suspect);
        var organiserPhone = b.Phone(_organiserPhone, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.AnalystResearch,
            $"The {car} links grows in Merthyr Tydfil (South Wales), Caerphilly (Gwent) and Newtown (Dyfed-Powys) and a nail bar in Newport. "
            + $"{minderPhone} was saved on the phone of a boy found in the Merthyr grow and called a boy missing from care; {organiserPhone} was given by a child's guardian, a Newtown landlord and nail-bar workers in Cardiff. "
            + "Assessed as one network moving Vietnamese children between grows across three force areas.",
            $"Reports from three force areas and partners link cannabis grows in Merthyr Tydfil, Caerphilly, Pontypridd and Newtown and nail bars in Cardiff and Newport to one network exploiting Vietnamese children. "
            + $"Common identifiers: vehicle {b.Vehicle(_prius, EntityRole.Suspect)}, phones {minderPhone} and {organiserPhone}. "
            + "Children found in grows should be treated as potential victims and safeguarded against going missing.");
    }
}
