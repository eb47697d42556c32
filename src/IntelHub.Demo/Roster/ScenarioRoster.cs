using System.Text.RegularExpressions;

namespace IntelHub.Demo.Roster;

/// <summary>The agency ids of the four Welsh police forces.</summary>
public sealed record ForceIds(string Gwent, string SouthWales, string DyfedPowys, string NorthWales);

/// <summary>The agency ids of the national law-enforcement agencies the scenario uses.</summary>
/// <param name="Nca">The National Crime Agency (incl. the UK Human Trafficking Centre).</param>
/// <param name="ImmigrationEnforcement">Home Office Immigration Enforcement.</param>
/// <param name="Gla">The Gangmasters and Labour Abuse Licensing Authority.</param>
public sealed record NationalAgencyIds(string Nca, string ImmigrationEnforcement, string Gla);

/// <summary>A council in the roster and the local authority it is, by GSS code (W06...).</summary>
public sealed record CouncilParty(string AgencyId, string GssCode);

/// <summary>A health board and the local authorities (GSS codes) it serves.</summary>
public sealed record HealthBoardParty(string AgencyId, IReadOnlyList<string> GssCodes);

/// <summary>What an NGO's caseworkers mostly deal with, so that a referral comes from a plausible charity.</summary>
public enum NgoFocus
{
    /// <summary>Support for adult victims of modern slavery, e.g. the Salvation Army.</summary>
    AdultVictimSupport = 1,
    /// <summary>Black and minority ethnic women and girls, e.g. Bawso.</summary>
    WomenAndGirls = 2,
    /// <summary>Sexual violence support, e.g. New Pathways.</summary>
    SexualViolence = 3,
    /// <summary>Children, incl. independent child trafficking guardians, e.g. Barnardo's.</summary>
    Children = 4,
}

/// <summary>An NGO in the roster and what it mostly deals with.</summary>
public sealed record NgoParty(string AgencyId, NgoFocus Focus);

/// <summary>
/// The agencies the scenario submits as, named by their part in it, so that the generator never
/// hard-codes the policy file's agency ids: the hub passes a roster built from its agency register,
/// or uses <see cref="Wales"/>. Validated on construction: every id is a lowercase slug, ids are
/// unique, councils carry a Welsh local authority GSS code, and there is at least one council,
/// health board and NGO.
/// </summary>
public sealed partial record ScenarioRoster
{
    public ScenarioRoster(
        ForceIds forces,
        string riu,
        IReadOnlyList<CouncilParty> councils,
        IReadOnlyList<HealthBoardParty> healthBoards,
        IReadOnlyList<NgoParty> ngos,
        NationalAgencyIds national)
    {
        ArgumentNullException.ThrowIfNull(forces);
        ArgumentNullException.ThrowIfNull(councils);
        ArgumentNullException.ThrowIfNull(healthBoards);
        ArgumentNullException.ThrowIfNull(ngos);
        ArgumentNullException.ThrowIfNull(national);
        Forces = forces;
        Riu = riu;
        Councils = [.. councils];
        HealthBoards = [.. healthBoards];
        Ngos = [.. ngos];
        National = national;
        Validate();
    }

    public ForceIds Forces { get; }

    /// <summary>The Regional Intelligence Unit.</summary>
    public string Riu { get; }

    public IReadOnlyList<CouncilParty> Councils { get; }

    public IReadOnlyList<HealthBoardParty> HealthBoards { get; }

    public IReadOnlyList<NgoParty> Ngos { get; }

    public NationalAgencyIds National { get; }

    /// <summary>Every agency id in the roster, forces first.</summary>
    public IEnumerable<string> AllAgencyIds =>
        new[] { Forces.Gwent, Forces.SouthWales, Forces.DyfedPowys, Forces.NorthWales, Riu }
            .Concat(Councils.Select(c => c.AgencyId))
            .Concat(HealthBoards.Select(h => h.AgencyId))
            .Concat(Ngos.Select(n => n.AgencyId))
            .Concat([National.Nca, National.ImmigrationEnforcement, National.Gla]);

    /// <summary>The agencies that may submit intelligence: the forces, the RIU and national law enforcement.</summary>
    public IEnumerable<string> LawEnforcementAgencyIds =>
        [Forces.Gwent, Forces.SouthWales, Forces.DyfedPowys, Forces.NorthWales, Riu, National.Nca, National.ImmigrationEnforcement, National.Gla];

    /// <summary>
    /// The Welsh default: the four forces, the Wales RIU, the 22 councils, the seven health boards,
    /// four NGOs, and the NCA, Immigration Enforcement and the GLAA.
    /// </summary>
    public static ScenarioRoster Wales { get; } = new(
        new ForceIds("gwent-police", "south-wales-police", "dyfed-powys-police", "north-wales-police"),
        "wales-riu",
        [
            new("isle-of-anglesey-council", "W06000001"), new("gwynedd-council", "W06000002"),
            new("conwy-council", "W06000003"), new("denbighshire-council", "W06000004"),
            new("flintshire-council", "W06000005"), new("wrexham-council", "W06000006"),
            new("ceredigion-council", "W06000008"), new("pembrokeshire-council", "W06000009"),
            new("carmarthenshire-council", "W06000010"), new("swansea-council", "W06000011"),
            new("neath-port-talbot-council", "W06000012"), new("bridgend-council", "W06000013"),
            new("vale-of-glamorgan-council", "W06000014"), new("cardiff-council", "W06000015"),
            new("rhondda-cynon-taf-council", "W06000016"), new("caerphilly-council", "W06000018"),
            new("blaenau-gwent-council", "W06000019"), new("torfaen-council", "W06000020"),
            new("monmouthshire-council", "W06000021"), new("newport-council", "W06000022"),
            new("powys-council", "W06000023"), new("merthyr-tydfil-council", "W06000024"),
        ],
        [
            new("aneurin-bevan-uhb", ["W06000018", "W06000019", "W06000020", "W06000021", "W06000022"]),
            new("betsi-cadwaladr-uhb", ["W06000001", "W06000002", "W06000003", "W06000004", "W06000005", "W06000006"]),
            new("cardiff-and-vale-uhb", ["W06000015", "W06000014"]),
            new("cwm-taf-morgannwg-uhb", ["W06000013", "W06000016", "W06000024"]),
            new("hywel-dda-uhb", ["W06000008", "W06000009", "W06000010"]),
            new("powys-teaching-hb", ["W06000023"]),
            new("swansea-bay-uhb", ["W06000011", "W06000012"]),
        ],
        [
            new("bawso", NgoFocus.WomenAndGirls), new("new-pathways", NgoFocus.SexualViolence),
            new("salvation-army", NgoFocus.AdultVictimSupport), new("barnardos", NgoFocus.Children),
        ],
        new NationalAgencyIds("nca", "immigration-enforcement", "gla"));

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    [GeneratedRegex("^W060000(0[1-9]|1[0-9]|2[0-4])$", RegexOptions.CultureInvariant)]
    private static partial Regex WelshLocalAuthority();

    private void Validate()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in AllAgencyIds)
        {
            if (id is null || !Slug().IsMatch(id))
            {
                throw new ArgumentException(
                    $"Roster agency id '{id}' is not an agency id: use the lowercase slug from the agency register, e.g. 'gwent-police'.");
            }

            if (!seen.Add(id))
            {
                throw new ArgumentException(
                    $"Roster agency id '{id}' is given for two parts of the scenario: give each part its own agency.");
            }
        }

        if (Councils.Count == 0 || HealthBoards.Count == 0 || Ngos.Count == 0)
        {
            throw new ArgumentException(
                "The roster needs at least one council, one health board and one NGO: partners' information is half of the scenario.");
        }

        foreach (var code in Councils.Select(c => c.GssCode).Concat(HealthBoards.SelectMany(h => h.GssCodes)))
        {
            if (code is null || !WelshLocalAuthority().IsMatch(code) || code is "W06000007" or "W06000017")
            {
                throw new ArgumentException(
                    $"Roster area '{code}' is not the GSS code of a Welsh local authority: use W06000001 to W06000024 (e.g. W06000015 for Cardiff).");
            }
        }
    }
}
