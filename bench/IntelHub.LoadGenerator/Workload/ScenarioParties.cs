using IntelHub.Contracts.V1;
using IntelHub.Demo.Roster;
using IntelHub.Identity;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>An agency's reader: the user who searches, gets and receives for it, and the purpose it declares.</summary>
/// <param name="OwnAreas">The areas (GSS codes) the agency serves, for searches by area; empty for agencies across Wales.</param>
internal sealed record Reader(Caller Caller, Purpose Purpose, IReadOnlyList<string> OwnAreas);

/// <summary>
/// Who reads in the load: law enforcement (the forces, the RIU, the national agencies) as analysts
/// for <c>disrupt-trafficking</c>, partners (councils, health boards, NGOs) as practitioners for
/// <c>safeguarding-victims</c>: the purposes the Wales anti-trafficking protocols name.
/// </summary>
internal sealed class ScenarioParties
{
    private const string LawEnforcementPurpose = "disrupt-trafficking";
    private const string PartnerPurpose = "safeguarding-victims";
    private readonly Dictionary<string, Reader> _readers = new(StringComparer.Ordinal);

    public ScenarioParties(ScenarioRoster roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        Add(roster.Riu, UserRole.RiuAnalyst, LawEnforcementPurpose, []);
        foreach (var force in new[] { roster.Forces.SouthWales, roster.Forces.Gwent, roster.Forces.NorthWales, roster.Forces.DyfedPowys })
            Add(force, UserRole.Analyst, LawEnforcementPurpose, []);
        foreach (var council in roster.Councils) Add(council.AgencyId, UserRole.PartnerPractitioner, PartnerPurpose, [council.GssCode]);
        foreach (var board in roster.HealthBoards) Add(board.AgencyId, UserRole.PartnerPractitioner, PartnerPurpose, board.GssCodes);
        foreach (var ngo in roster.Ngos) Add(ngo.AgencyId, UserRole.PartnerPractitioner, PartnerPurpose, []);
        foreach (var national in new[] { roster.National.Nca, roster.National.ImmigrationEnforcement, roster.National.Gla })
            Add(national, UserRole.Analyst, LawEnforcementPurpose, []);
        Readers = [.. _readers.Values];
    }

    /// <summary>Every agency's reader, in the order inbox followers are given out: the RIU, the forces, councils, health boards, NGOs, national agencies.</summary>
    public IReadOnlyList<Reader> Readers { get; }

    /// <summary>The reader of an agency in the roster; null for an agency the scenario does not know.</summary>
    public Reader? ReaderAt(string agencyId) => _readers.GetValueOrDefault(agencyId);

    private void Add(string agencyId, UserRole role, string purpose, IReadOnlyList<string> ownAreas) =>
        _readers.Add(agencyId, new Reader(
            new Caller(agencyId, $"{agencyId}-load-reader", role),
            new Purpose
            {
                PurposeId = purpose,
                Justification = "Checking what the hub holds on a trafficking concern in our area (synthetic load test).",
                CaseReference = "LOAD-TEST",
            },
            ownAreas));
}
