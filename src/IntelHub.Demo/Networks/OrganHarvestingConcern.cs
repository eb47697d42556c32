using IntelHub.Contracts.V1;
using IntelHub.Demo.Reports;
using IntelHub.Demo.Synthesis;
using static IntelHub.Demo.Geography.WelshGeography;

namespace IntelHub.Demo.Networks;

/// <summary>
/// A rare suspicion of trafficking for organ removal: a renal unit's concern and the NCA's reporting on
/// the same broker's phone. Two reports only, as such cases are rare.
/// </summary>
internal sealed class OrganHarvestingConcern : Network
{
    private readonly SyntheticPhone _brokerPhone;
    private readonly SyntheticPerson _patient;

    public OrganHarvestingConcern(ScenarioRandom random, SyntheticIdentities identities, DateOnly start)
        : base(
            "Suspected organ-harvesting broker",
            "Rare: a man told to travel abroad to 'donate' a kidney to clear a travel debt; a renal unit's concern and NCA reporting share the broker's phone.",
            random,
            identities)
    {
        _brokerPhone = identities.Mobile()!;
        _patient = SyntheticPeople.Make(random, Nationality.Sudanese, male: true, 22, 35, start);
        Episodes =
        [
            Middle("renal unit concern about a kidney 'donation' abroad", RenalUnit, repeatable: false),
            Late("NCA reporting on the broker", NcaBroker, repeatable: false),
        ];
    }

    public override IReadOnlyList<Episode> Episodes { get; }

    private ReportDraft RenalUnit(DateOnly day)
    {
        var b = Report(Submitter.HealthBoard(CardiffCity), day, CardiffCity).About(ExploitationType.OrganHarvesting, VictimAgeGroup.Adult);
        var patient = b.Person(_patient, EntityRole.PotentialVictim);
        var phone = b.Phone(_brokerPhone, EntityRole.Suspect);
        return b.Information(
            $"Renal unit: {patient} asked for tests 'to see if my kidney is good' before travelling abroad. He said a man he owes for his journey to the UK "
            + $"told him that giving a kidney to 'a rich patient' would clear the debt, and that flights are arranged. He gave the man's number as {phone}. "
            + "He appeared frightened and unsure. Safeguarding adults referral made; shared as a suspected case of trafficking for organ removal.");
    }

    private ReportDraft NcaBroker(DateOnly day)
    {
        var b = Report(Submitter.Nca, day, CardiffCity).About(ExploitationType.OrganHarvesting, VictimAgeGroup.Adult);
        var phone = b.Phone(_brokerPhone, EntityRole.Suspect);
        return b.Intelligence(
            SourceKind.NationalChis,
            $"{phone} is used by a broker who recruits indebted migrants in UK cities as kidney 'donors' for transplant tourism abroad and arranges their travel.",
            $"The number {phone} is linked to a broker suspected of recruiting indebted migrants in the UK for organ removal abroad. Any partner encountering it should refer to police at once.");
    }
}
