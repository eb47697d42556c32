using IntelHub.Demo.Geography;
using IntelHub.Demo.Roster;

namespace IntelHub.Demo.Reports;

/// <summary>The kinds of agency the scenario's reports come from.</summary>
internal enum SubmitterKind
{
    Force = 1,
    Riu = 2,
    Council = 3,
    HealthBoard = 4,
    Ngo = 5,
    Nca = 6,
    ImmigrationEnforcement = 7,
    Gla = 8,
}

/// <summary>
/// Who writes a report, by part rather than by id: "the council for Newport", "a children's charity".
/// The roster turns it into an agency id when the request is assembled.
/// </summary>
internal sealed record Submitter(SubmitterKind Kind, WelshForce? Force = null, LocalAuthority? Area = null, NgoFocus? Focus = null)
{
    public static Submitter PoliceForce(WelshForce force) => new(SubmitterKind.Force, Force: force);

    public static Submitter PoliceForce(Town town) => PoliceForce(town.Authority.Force);

    public static readonly Submitter Riu = new(SubmitterKind.Riu);

    public static Submitter Council(Town town) => new(SubmitterKind.Council, Area: town.Authority);

    public static Submitter HealthBoard(Town town) => new(SubmitterKind.HealthBoard, Area: town.Authority);

    public static Submitter Ngo(NgoFocus focus) => new(SubmitterKind.Ngo, Focus: focus);

    public static readonly Submitter Nca = new(SubmitterKind.Nca);

    public static readonly Submitter ImmigrationEnforcement = new(SubmitterKind.ImmigrationEnforcement);

    public static readonly Submitter Gla = new(SubmitterKind.Gla);

    /// <summary>Only law-enforcement agencies grade and submit intelligence (domain.md).</summary>
    public bool IsLawEnforcement => Kind is SubmitterKind.Force or SubmitterKind.Riu or SubmitterKind.Nca
        or SubmitterKind.ImmigrationEnforcement or SubmitterKind.Gla;

    /// <summary>A short code for references, e.g. "GW" for Gwent Police.</summary>
    public string Code => Kind switch
    {
        SubmitterKind.Force => Force switch
        {
            WelshForce.Gwent => "GW",
            WelshForce.SouthWales => "SW",
            WelshForce.DyfedPowys => "DP",
            _ => "NW",
        },
        SubmitterKind.Riu => "RIU",
        SubmitterKind.Council => "LA",
        SubmitterKind.HealthBoard => "HB",
        SubmitterKind.Ngo => "NGO",
        SubmitterKind.Nca => "NCA",
        SubmitterKind.ImmigrationEnforcement => "ICE",
        _ => "GLA",
    };

    /// <summary>The unit a pseudonymous user id names, e.g. "fib-officer".</summary>
    public string Unit => Kind switch
    {
        SubmitterKind.Force => "fib-officer",
        SubmitterKind.Riu => "riu-analyst",
        SubmitterKind.Council => "safeguarding-officer",
        SubmitterKind.HealthBoard => "safeguarding-nurse",
        SubmitterKind.Ngo => "caseworker",
        SubmitterKind.Nca => "ukhtc-officer",
        SubmitterKind.ImmigrationEnforcement => "ice-officer",
        _ => "glaa-officer",
    };
}
