using IntelHub.Contracts.V1;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Roster;
using IntelHub.Demo.Synthesis;
using static IntelHub.Demo.Geography.WelshGeography;

namespace IntelHub.Demo.Networks;

/// <summary>
/// A household that kept domestic workers first in Newport, then in Cardiff: an adult woman
/// reported by health and a women's charity, and a girl kept out of school.
/// </summary>
internal sealed class DomesticServitudeNetwork : Network
{
    private readonly SyntheticPerson _employer;
    private readonly SyntheticPerson _worker;
    private readonly SyntheticPhone _employerPhone;
    private readonly SyntheticAddress _cardiffHouse;
    private readonly SyntheticAddress _newportHouse;

    public DomesticServitudeNetwork(ScenarioRandom random, SyntheticIdentities identities, DateOnly start)
        : base(
            "Domestic servitude in a Cardiff household",
            "An Eritrean woman kept as a domestic worker by a family who moved from Newport to Cardiff, her passport held; a girl of 14 in the same household kept out of school; the employer linked to an earlier worker in Newport.",
            random,
            identities)
    {
        _employer = SyntheticPeople.Make(random, Nationality.Nigerian, male: random.Chance(0.5), 40, 58, start);
        _worker = SyntheticPeople.Make(random, Nationality.Eritrean, male: false, 24, 40, start);
        _employerPhone = identities.Landline()!;
        _cardiffHouse = identities.Address(CardiffCity);
        _newportHouse = identities.Address(NewportTown);
        Episodes =
        [
            Early("GP surgery concern about a domestic worker", GpConcern, repeatable: false),
            Middle("women's charity referral after escape", Escape, repeatable: false),
            Middle("South Wales intelligence on the household", SouthWalesHousehold, repeatable: false),
            Middle("Gwent intelligence on the earlier Newport household", GwentEarlierHousehold, repeatable: false),
            Anytime("school concern about a girl kept at home", SchoolConcern),
            Late("Immigration Enforcement check of the worker's visa", VisaCheck, repeatable: false),
        ];
    }

    public override double Weight => 0.5;

    public override IReadOnlyList<Episode> Episodes { get; }

    private ReportDraft GpConcern(DateOnly day)
    {
        var b = Report(Submitter.HealthBoard(CardiffCity), day, CardiffCity).About(ExploitationType.DomesticServitude, VictimAgeGroup.Adult);
        var patient = b.Person(_worker, EntityRole.PotentialVictim);
        var house = b.Address(_cardiffHouse, EntityRole.Associated, "household");
        var employer = b.Person(_employer, EntityRole.Suspect, dateOfBirthKnown: false);
        return b.Information(
            $"GP surgery: {patient} registered as living at {house}. She attended with untreated burns and bruising and was accompanied by {employer}, who answered for her. "
            + "Seen alone, she said she cares for the family's three children and cleans from 0600 to midnight, is not paid, and has 'no papers' because the family keeps them. "
            + "She became very frightened and asked staff not to tell anyone. Safeguarding adults referral made.");
    }

    private ReportDraft Escape(DateOnly day)
    {
        var b = Report(Submitter.Ngo(NgoFocus.WomenAndGirls), day, CardiffCity).At(NewportTown)
            .About(ExploitationType.DomesticServitude, VictimAgeGroup.Adult);
        var person = b.Person(_worker, EntityRole.PotentialVictim);
        var house = b.Address(_cardiffHouse, EntityRole.Associated, "former household");
        var phone = b.Phone(_employerPhone, EntityRole.Suspect);
        return b.Information(
            $"{person} came to the refuge after leaving {house} at night. She came to the UK on an overseas domestic worker visa with the family, who first lived in Newport. "
            + $"She has worked seven days a week for {Random.Between(2, 4)} years without pay; her passport is held by her employer. The family have been calling the refuge's number from {phone}. "
            + "NRM referral made with her consent.");
    }

    private ReportDraft SouthWalesHousehold(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(CardiffCity), day, CardiffCity).About(ExploitationType.DomesticServitude, VictimAgeGroup.Adult);
        var employer = b.Person(_employer, EntityRole.Suspect);
        var house = b.Address(_cardiffHouse, EntityRole.Associated, "household");
        var phone = b.Phone(_employerPhone, EntityRole.Suspect);
        return b.Intelligence(
            Random.Pick([SourceKind.Chis, SourceKind.Debrief]),
            $"{employer} of {house}, {phone}, has brought domestic workers from abroad before and 'sends them back' when they complain. "
            + "A new worker is expected now that the last one has left.",
            $"The household at {b.Address(_cardiffHouse, EntityRole.Associated, string.Empty)} is believed to have brought domestic workers from abroad before and may bring another. Indicators of domestic servitude.");
    }

    private ReportDraft GwentEarlierHousehold(DateOnly day)
    {
        var b = Report(Submitter.PoliceForce(NewportTown), day, NewportTown).About(ExploitationType.DomesticServitude, VictimAgeGroup.Adult);
        var employer = b.Person(_employer, EntityRole.Suspect);
        var house = b.Address(_newportHouse, EntityRole.Associated, "previous household");
        var phone = b.Phone(_employerPhone, EntityRole.Suspect);
        return b.Intelligence(
            Random.Pick([SourceKind.Crimestoppers, SourceKind.OfficerObservation]),
            $"When living at {house}, {employer} (phone {phone}) employed a woman from East Africa who was never seen outside without a family member and slept in the kitchen. "
            + "The family moved to Cardiff; the woman was not seen again.",
            $"A family now in Cardiff, linked to a domestic servitude concern there, previously lived at {b.Address(_newportHouse, EntityRole.Associated, string.Empty)}, where a live-in worker was kept in similar conditions.");
    }

    private ReportDraft SchoolConcern(DateOnly day)
    {
        var b = Report(Submitter.Council(CardiffCity), day, CardiffCity).About(ExploitationType.DomesticServitude, VictimAgeGroup.Minor);
        var girl = SyntheticPeople.Make(Random, Random.Pick([Nationality.Nigerian, Nationality.Eritrean, Nationality.Sudanese]), male: false, 13, 15, day);
        var child = b.Person(girl, EntityRole.PotentialVictim);
        var house = Random.Chance(0.6) ? _cardiffHouse : Identities.Address(CardiffCity);
        var address = b.Address(house, EntityRole.Associated, "child's home");
        return b.Information(
            $"Education welfare: {child}, living at {address} with adults who say they are 'relatives', has not been enrolled in school. "
            + "Neighbours see her doing the household's shopping and cleaning during school hours and taking younger children to nursery. "
            + "Child protection strategy discussion held; private fostering assessment started.");
    }

    private ReportDraft VisaCheck(DateOnly day)
    {
        var b = Report(Submitter.ImmigrationEnforcement, day, CardiffCity).About(ExploitationType.DomesticServitude, VictimAgeGroup.Adult);
        var person = b.Person(_worker, EntityRole.PotentialVictim);
        var employer = b.Person(_employer, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.EncounterInterview,
            $"{person} entered on an overseas domestic worker visa naming {employer} as employer. The visa expired; no extension was sought. The employer sponsored a previous worker whose whereabouts are unknown.",
            "The domestic worker in the Cardiff household entered on an overseas domestic worker visa tied to the employer; the employer sponsored a previous worker whose whereabouts are unknown.");
    }
}
