using IntelHub.Contracts.V1;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;
using static IntelHub.Demo.Geography.WelshGeography;

namespace IntelHub.Demo.Networks;

/// <summary>
/// An unlicensed labour provider supplying workers to farms in Pembrokeshire and Powys and a food
/// factory on Anglesey, charging them for caravans and a minibus until little of the wage is left.
/// </summary>
internal sealed class FarmLabourNetwork : Network
{
    private readonly SyntheticPerson _gangmaster;
    private readonly SyntheticPhone _gangmasterPhone;
    private readonly SyntheticVehicle _minibus;
    private readonly SyntheticBusiness _provider;
    private readonly SyntheticAddress _caravans;
    private readonly SyntheticAddress _holyheadHouse;

    public FarmLabourNetwork(ScenarioRandom random, SyntheticIdentities identities, DateOnly start)
        : base(
            "Agricultural and food-processing labour provider",
            "An unlicensed labour provider placing Polish, Romanian and Sudanese workers on Pembrokeshire and Powys farms and in an Anglesey food factory, deducting caravan rent and minibus fares until pay falls below the minimum wage.",
            random,
            identities)
    {
        _gangmaster = SyntheticPeople.Make(random, Nationality.Polish, male: true, 38, 55, start);
        _gangmasterPhone = identities.Mobile()!;
        _minibus = identities.Vehicle("Ford", "Transit minibus", "white", 'C');
        _provider = identities.Business("Agri Staffing", "labour provider", Haverfordwest);
        _caravans = identities.Address(Haverfordwest);
        _holyheadHouse = identities.Address(Holyhead);
        Episodes =
        [
            Early("GLAA intelligence on an unlicensed labour provider", GlaProvider),
            Middle("Dyfed-Powys intelligence on farm caravans", FarmCaravans),
            Middle("North Wales intelligence on the Anglesey food factory", FoodFactory),
            Anytime("council environmental health visit to caravans", CaravanInspection),
            Anytime("health board concern about an injured farm worker", InjuredWorker),
            Anytime("charity referral of a food-factory worker", FactoryWorkerReferral),
            Late("RIU link of the labour provider across two forces", RiuLink, repeatable: false),
            Anytime("older Dyfed-Powys record on the labour provider", Historic, repeatable: false),
        ];
    }

    public override double Weight => 0.9;

    public override IReadOnlyList<Episode> Episodes { get; }

    private SyntheticPerson Worker(DateOnly day) =>
        SyntheticPeople.Make(Random, Random.Weighted((Nationality.Polish, 0.35), (Nationality.Romanian, 0.4), (Nationality.Sudanese, 0.25)), Random.Chance(0.7), 19, 58, day);

    private ReportDraft GlaProvider(DateOnly day)
    {
        var b = Report(Submitter.Gla, day, Haverfordwest).At(Llangefni).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var provider = b.Business(_provider, EntityRole.Suspect);
        var gangmaster = b.Person(_gangmaster, EntityRole.Suspect);
        var phone = b.Phone(_gangmasterPhone, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.LabourInspection,
            $"{provider} holds no GLAA licence but supplies 30 to 40 workers to farms in Pembrokeshire and Powys and to a food factory in Llangefni. "
            + $"It is run by {gangmaster}, {phone}. Workers are charged £{Random.Between(60, 90)} a week for a caravan bed and £{Random.Between(5, 10)} a day for the minibus; "
            + "payslips show deductions that take pay below the National Minimum Wage.",
            $"An unlicensed labour provider, {b.Business(_provider, EntityRole.Suspect)}, supplies workers to farms in west Wales and Powys and to a food factory on Anglesey. "
            + $"Deductions for accommodation and transport take pay below the minimum wage. Contact number: {phone}.");
    }

    private ReportDraft FarmCaravans(DateOnly day)
    {
        var town = Random.Pick([Haverfordwest, Welshpool]);
        var b = Report(Submitter.PoliceForce(town), day, town).At(Haverfordwest).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var caravans = b.Address(_caravans, EntityRole.Associated, "static caravans on farm land");
        var minibus = b.Vehicle(_minibus, EntityRole.Suspect);
        var phone = b.Phone(_gangmasterPhone, EntityRole.Suspect);
        var provider = b.Business(_provider, EntityRole.Suspect);
        return b.Intelligence(
            Random.Pick([SourceKind.OfficerObservation, SourceKind.Chis, SourceKind.Crimestoppers]),
            $"Up to 20 workers supplied by {provider} live in four static caravans at {caravans} with no running water. A {minibus} takes them to farms at 0500 and returns after 1900. "
            + $"Workers who complain are 'sent back' by the man on {phone}.",
            $"About 20 farm workers are living in poor conditions at {b.Address(_caravans, EntityRole.Associated, string.Empty)} and are transported daily in a minibus ({b.Vehicle(_minibus, EntityRole.Suspect)}). "
            + "Indicators of labour exploitation.");
    }

    private ReportDraft FoodFactory(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(Llangefni), day, Llangefni).At(Holyhead).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var provider = b.Business(_provider, EntityRole.Suspect);
        var house = b.Address(_holyheadHouse, EntityRole.Associated, "workers' house");
        var minibus = b.Vehicle(_minibus, EntityRole.Suspect);
        return b.Intelligence(
            Random.Pick([SourceKind.Chis, SourceKind.Debrief, SourceKind.OfficerObservation]),
            $"Workers on the night shift at a poultry factory in Llangefni are supplied by {provider}. Twelve live at {house} and are driven to the factory in a {minibus}, "
            + "the same minibus used on farms in Pembrokeshire. Two workers say they have not been paid for three weeks.",
            $"Workers at a food factory in Llangefni are supplied by {b.Business(_provider, EntityRole.Suspect)}, housed at {b.Address(_holyheadHouse, EntityRole.Associated, string.Empty)} "
            + "and transported by a minibus also used on farms in Pembrokeshire. Reports of unpaid wages.");
    }

    private ReportDraft CaravanInspection(DateOnly day)
    {
        var b = Report(Submitter.Council(Haverfordwest), day, Haverfordwest).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var caravans = b.Address(_caravans, EntityRole.Associated, "unlicensed caravan site");
        return b.Information(
            $"Environmental health inspection of an unlicensed caravan site at {caravans}: four caravans, {Random.Between(14, 22)} occupants, one chemical toilet, no heating, gas bottles inside. "
            + "Occupants said they work on farms and pay rent to 'the agency'. Prohibition notice considered; shared as possible labour exploitation.");
    }

    private ReportDraft InjuredWorker(DateOnly day)
    {
        var town = Random.Pick([Haverfordwest, Llangefni]);
        var b = Report(Submitter.HealthBoard(town), day, town).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var worker = Worker(day);
        var patient = b.Person(worker, EntityRole.PotentialVictim);
        var phone = b.Phone(_gangmasterPhone, EntityRole.Associated);
        return b.Information(
            $"{patient} attended the minor injuries unit with a hand injury from farm machinery, untreated for five days. "
            + $"{Capital(worker.They)} said {worker.They} would lose {worker.Their} job if {worker.They} took time off and that 'the agency' keeps {worker.Their} bank card. "
            + $"Next of kin given as 'agency' on {phone}. Safeguarding adults referral made.");
    }

    private ReportDraft FactoryWorkerReferral(DateOnly day)
    {
        var b = Report(Submitter.Ngo(NgoFocus.AdultVictimSupport), day, Holyhead).At(Llangefni).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var worker = Worker(day);
        var person = b.Person(worker, EntityRole.PotentialVictim);
        var provider = b.Business(_provider, EntityRole.Suspect);
        var house = b.Address(_holyheadHouse, EntityRole.Associated, "workers' house");
        return b.Information(
            $"{person} contacted the service after leaving {house}. {Capital(worker.They)} was recruited by {provider} with a promise of £{Random.Between(11, 13)} an hour, "
            + $"but after deductions for rent, transport and 'fees' received about £{Random.Between(60, 120)} a week for 60 hours. "
            + $"{Capital(worker.Their)} bank card is held by the agency. Consented to NRM referral.");
    }

    private ReportDraft RiuLink(DateOnly day)
    {
        var b = Report(Submitter.Riu, day, Haverfordwest).At(Llangefni, Welshpool).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var provider = b.Business(_provider, EntityRole.Suspect);
        var minibus = b.Vehicle(_minibus, EntityRole.Suspect);
        var phone = b.Phone(_gangmasterPhone, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.AnalystResearch,
            $"{provider}, its minibus ({minibus}) and {phone} link Dyfed-Powys reports on farms in Pembrokeshire and Powys with North Wales reports on a food factory on Anglesey "
            + "and with a GLAA inspection. Workers are moved between the two regions at the end of the harvest.",
            $"One unlicensed labour provider ({b.Business(_provider, EntityRole.Suspect)}) links labour exploitation on farms in west Wales and Powys with a food factory on Anglesey. "
            + $"Common identifiers: minibus {b.Vehicle(_minibus, EntityRole.Suspect)}, phone {phone}.");
    }

    private ReportDraft Historic(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(Haverfordwest), day, Haverfordwest).About(ExploitationType.Labour, VictimAgeGroup.Adult);
        var gangmaster = b.Person(_gangmaster, EntityRole.Suspect);
        var years = Random.Between(6, 9);
        return b.Intelligence(
            SourceKind.Debrief,
            $"{gangmaster} is supplying daffodil pickers to farms near Haverfordwest and keeping their first month's wages as a 'deposit'.",
            $"The man who runs a labour provider now under attention was reported {years} years ago for withholding pickers' wages near Haverfordwest.",
            historicYearsBack: years);
    }
}
