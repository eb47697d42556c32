using IntelHub.Contracts.V1;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;
using static IntelHub.Demo.Geography.WelshGeography;

namespace IntelHub.Demo.Networks;

/// <summary>
/// Sexual exploitation of women moved every week or two between short-let flats in Cardiff, Swansea
/// and Wrexham, advertised on adult services websites under one phone number, driven by one man.
/// </summary>
internal sealed class FlatsNetwork : Network
{
    private readonly SyntheticPerson _controller;
    private readonly SyntheticPerson _driver;
    private readonly SyntheticPhone _advertPhone;
    private readonly SyntheticPhone _controllerPhone;
    private readonly SyntheticVehicle _car;
    private readonly SyntheticAddress _cardiffFlat;
    private readonly SyntheticAddress _swanseaFlat;
    private readonly SyntheticAddress _wrexhamFlat;

    public FlatsNetwork(ScenarioRandom random, SyntheticIdentities identities, DateOnly start)
        : base(
            "Sexual-exploitation network moving women between flats",
            "Romanian, Nigerian and Chinese women moved every week or two between short-let flats in Cardiff, Swansea and Wrexham, advertised under one phone number and driven in one car; a girl under 18 among them.",
            random,
            identities)
    {
        _controller = SyntheticPeople.Make(random, Nationality.Romanian, male: random.Chance(0.5), 28, 45, start, withAlias: true);
        _driver = SyntheticPeople.Make(random, Nationality.British, male: true, 30, 50, start);
        _advertPhone = identities.Mobile()!;
        _controllerPhone = identities.Mobile()!;
        _car = identities.Vehicle("Mercedes-Benz", "C220", "black");
        _cardiffFlat = identities.Address(CardiffCity, flat: true);
        _swanseaFlat = identities.Address(SwanseaCity, flat: true);
        _wrexhamFlat = identities.Address(WrexhamTown, flat: true);
        Episodes =
        [
            Early("South Wales intelligence on adverts for a Cardiff flat", CardiffAdverts),
            Anytime("charity referral of a woman moved between flats", WomensCharityReferral),
            Anytime("sexual violence service disclosure", SexualViolenceDisclosure),
            Anytime("sexual health clinic concern", SexualHealthClinic),
            Middle("North Wales intelligence on a Wrexham flat", WrexhamFlat),
            Middle("hospital concern about a girl under 18", UnderEighteen),
            Early("council housing complaint about a Swansea short let", SwanseaShortLet),
            Middle("Immigration Enforcement visit to the Cardiff flat", VisaOverstayers),
            Late("RIU link across South Wales and North Wales", RiuLink, repeatable: false),
        ];
    }

    public override double Weight => 1.2;

    public override IReadOnlyList<Episode> Episodes { get; }

    private SyntheticPerson Woman(DateOnly day, int minAge = 19) =>
        SyntheticPeople.Make(Random, Random.Weighted((Nationality.Romanian, 0.4), (Nationality.Nigerian, 0.35), (Nationality.Chinese, 0.25)), male: false, minAge, 34, day);

    private ReportDraft CardiffAdverts(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(CardiffCity), day, CardiffCity).About(ExploitationType.Sexual, VictimAgeGroup.Adult);
        var phone = b.Phone(_advertPhone, EntityRole.Suspect);
        var flat = b.Address(_cardiffFlat, EntityRole.Associated, "short-let flat");
        var driver = b.Person(_driver, EntityRole.Suspect);
        var car = b.Vehicle(_car, EntityRole.Suspect);
        return b.Intelligence(
            Random.Pick([SourceKind.Chis, SourceKind.OfficerObservation, SourceKind.Crimestoppers]),
            $"Adverts on an adult services website using {phone} list 'new girls every week' at {flat}. A different two women appear each week. "
            + $"{driver} arrives in a {car} every few days, goes up with shopping and leaves with a bag; the women are never seen leaving alone.",
            $"Adverts for sexual services using {phone} list a short-let flat at {b.Address(_cardiffFlat, EntityRole.Associated, string.Empty)}, with different women each week who are not seen leaving alone. "
            + "Indicators of sexual exploitation; the women may be moved between cities.");
    }

    private ReportDraft WomensCharityReferral(DateOnly day)
    {
        var b = Report(Submitter.Ngo(NgoFocus.WomenAndGirls), day, CardiffCity).At(SwanseaCity, WrexhamTown)
            .About(ExploitationType.Sexual, VictimAgeGroup.Adult);
        var woman = Woman(day);
        var person = b.Person(woman, EntityRole.PotentialVictim);
        var phone = b.Phone(_controllerPhone, EntityRole.Suspect);
        var debt = Random.Between(25, 50);
        return b.Information(
            $"{person} was referred by a hospital social worker. She says she came to the UK expecting work in a restaurant and was told on arrival she owed £{debt},000. "
            + "For about four months she was moved every week or two between flats in Cardiff, Swansea and Wrexham, always driven at night by the same man in a black Mercedes, "
            + $"and made to see men advertised online. The woman she calls '{_controller.Alias}' took all the money and still calls her on {phone}. "
            + "She is frightened of what will happen to her family. She has consented to an NRM referral; interim accommodation arranged.");
    }

    private ReportDraft SexualViolenceDisclosure(DateOnly day)
    {
        var b = Report(Submitter.Ngo(NgoFocus.SexualViolence), day, Random.Pick([CardiffCity, SwanseaCity]))
            .About(ExploitationType.Sexual, VictimAgeGroup.Adult);
        var woman = Woman(day);
        var person = b.Person(woman, EntityRole.PotentialVictim, dateOfBirthKnown: Random.Chance(0.5));
        var flat = b.Address(Random.Chance(0.5) ? _cardiffFlat : _swanseaFlat, EntityRole.Associated, "where held");
        var phone = b.Phone(_advertPhone, EntityRole.Suspect);
        return b.Information(
            $"Independent sexual violence adviser's referral: {person} disclosed being raped repeatedly at {flat} by men who 'booked' her through an advert. "
            + $"The advert used {phone}, which she did not control. She was not allowed out alone and her passport was taken. "
            + "She has not yet decided whether to report to police; consent obtained to share this for safeguarding.");
    }

    private ReportDraft SexualHealthClinic(DateOnly day)
    {
        var town = Random.Pick([CardiffCity, SwanseaCity, WrexhamTown]);
        var b = Report(Submitter.HealthBoard(town), day, town).About(ExploitationType.Sexual, VictimAgeGroup.Adult);
        var woman = Woman(day);
        var patient = b.Person(woman, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        var driver = b.Person(_driver, EntityRole.Suspect, dateOfBirthKnown: false);
        return b.Information(
            $"Sexual health clinic: {patient} attended for the third time in two months, with a man who held her phone and paperwork and insisted on staying in the room; "
            + $"he gave his name as {driver}. Seen alone briefly, she said she 'works in flats' and moves often, and asked whether staff could 'call someone' for her. "
            + "The man returned and she left. Safeguarding adults referral made.");
    }

    private ReportDraft WrexhamFlat(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(WrexhamTown), day, WrexhamTown).About(ExploitationType.Sexual, VictimAgeGroup.Adult);
        var flat = b.Address(_wrexhamFlat, EntityRole.Associated, "short-let flat");
        var phone = b.Phone(_advertPhone, EntityRole.Suspect);
        var car = b.Vehicle(_car, EntityRole.Suspect);
        return b.Intelligence(
            Random.Pick([SourceKind.OfficerObservation, SourceKind.Chis, SourceKind.Anpr]),
            $"Adverts using {phone} now list {flat}. A {car} with two women was seen arriving there late on a Sunday, having come from the south; "
            + "the same car left with two different women the following Sunday.",
            $"The phone number {phone}, used in adverts for sexual services in Cardiff and Swansea, now advertises a flat at {b.Address(_wrexhamFlat, EntityRole.Associated, string.Empty)}, "
            + $"with women arriving by car ({b.Vehicle(_car, EntityRole.Suspect)}) from south Wales and leaving a week later.");
    }

    private ReportDraft UnderEighteen(DateOnly day)
    {
        var b = Report(Submitter.HealthBoard(SwanseaCity), day, SwanseaCity).About(ExploitationType.Sexual, VictimAgeGroup.Minor);
        var girl = SyntheticPeople.Make(Random, Nationality.Romanian, male: false, 16, 17, day);
        var patient = b.Person(girl, EntityRole.PotentialVictim, dateOfBirthKnown: false);
        var flat = b.Address(_swanseaFlat, EntityRole.Associated, "address given");
        return b.Information(
            $"Emergency department: {patient} attended with abdominal pain. She gave her age as 19 but staff believe she is 16 or 17. "
            + $"She gave {flat} as her address, was collected by a man who would not give his name, and had been in the UK 'two weeks'. "
            + "Child protection referral made on the basis that she may be under 18 and sexually exploited.");
    }

    private ReportDraft SwanseaShortLet(DateOnly day)
    {
        var b = Report(Submitter.Council(SwanseaCity), day, SwanseaCity).About(ExploitationType.Sexual, VictimAgeGroup.Adult);
        var flat = b.Address(_swanseaFlat, EntityRole.Associated, "short-let flat");
        return b.Information(
            $"Housing: residents complain of a steady stream of men visiting {flat} day and night. The flat is let for a week at a time through a booking site; "
            + "the women staying change each week and are not seen out. Referred to police and the community safety partnership as possible sexual exploitation.");
    }

    private ReportDraft VisaOverstayers(DateOnly day)
    {
        var b = Report(Submitter.ImmigrationEnforcement, day, CardiffCity).About(ExploitationType.Sexual, VictimAgeGroup.Adult);
        var flat = b.Address(_cardiffFlat, EntityRole.Associated, "short-let flat");
        var woman = SyntheticPeople.Make(Random, Nationality.Chinese, male: false, 22, 35, day);
        var person = b.Person(woman, EntityRole.PotentialVictim);
        var controller = b.Person(_controller, EntityRole.Suspect);
        var phone = b.Phone(_controllerPhone, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.EncounterInterview,
            $"Visit to {flat}. Two women present, including {person}, who entered on a visitor visa that has expired. "
            + $"She said the flat was booked by {controller} ('{_controller.Alias}'), who keeps the women's passports and is contacted on {phone}.",
            $"Women found at a short-let flat in Cardiff had overstayed visitor visas; they say a third party keeps their passports and arranges the flat. Contact number linked to that person: {phone}.");
    }

    private ReportDraft RiuLink(DateOnly day)
    {
        var b = Report(Submitter.Riu, day, CardiffCity).At(SwanseaCity, WrexhamTown)
            .About(ExploitationType.Sexual, VictimAgeGroup.Adult).About(ExploitationType.Sexual, VictimAgeGroup.Minor);
        var phone = b.Phone(_advertPhone, EntityRole.Suspect);
        var car = b.Vehicle(_car, EntityRole.Suspect);
        var controller = b.Person(_controller, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.AnalystResearch,
            $"{phone} advertises flats in Cardiff, Swansea and Wrexham in a weekly rotation. The {car} links the three cities and is driven by the same man. "
            + $"{controller} ('{_controller.Alias}') is assessed as the controller. At least nine women and one girl aged 16 or 17 have been identified.",
            $"One network advertising under {phone} moves women between short-let flats in Cardiff, Swansea and Wrexham, using a car ({b.Vehicle(_car, EntityRole.Suspect)}). "
            + "At least nine women and one girl under 18 are potential victims. Partners seeing these identifiers should consider safeguarding and NRM referral.");
    }
}
