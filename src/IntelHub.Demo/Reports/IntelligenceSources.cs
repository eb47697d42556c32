using System.Text.RegularExpressions;
using IntelHub.Demo.Geography;
using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.Reports;

/// <summary>How a piece of intelligence was obtained: the part of a report that can reveal its source.</summary>
internal enum SourceKind
{
    Chis = 1,
    Crimestoppers = 2,
    Debrief = 3,
    HandsetDownload = 4,
    OfficerObservation = 5,
    Anpr = 6,
    LabourInspection = 7,
    EncounterInterview = 8,
    AnalystResearch = 9,
    NationalChis = 10,
}

/// <summary>
/// The source paragraph of an intelligence report. It goes in the full text only: the sanitised text
/// an officer writes for partners leaves out who or what the source was and every source reference,
/// which is what protects a CHIS. The phrases and the reference shape are listed here so that the
/// tests can prove no sanitised text carries them.
/// </summary>
internal static partial class IntelligenceSources
{
    /// <summary>Words that reveal the source; none may appear in a sanitised text.</summary>
    public static IReadOnlyList<string> RevealingPhrases { get; } =
    [
        "CHIS", "covert human intelligence source", "Dedicated Source Unit", "source reports",
        "Crimestoppers", "anonymous caller", "debrief", "detained person", "custody suite",
        "handset", "exhibit", "seized under warrant", "observation by PC", "pocket notebook",
        "ANPR", "worker interviews", "inspection file", "encounter interview", "intelligence logs", "tasking",
    ];

    /// <summary>A source reference, e.g. "DSU/GW/24/0413".</summary>
    [GeneratedRegex(@"\b[A-Z]{2,4}/[A-Z]{2,4}/\d{2}/\d{4}\b", RegexOptions.CultureInvariant)]
    public static partial Regex Reference();

    /// <summary>Custody suites of each force, so that a debrief happens where the force would hold someone.</summary>
    private static IReadOnlyList<string> CustodySuites(WelshForce? force) => force switch
    {
        WelshForce.Gwent => ["Newport Central", "Ystrad Mynach"],
        WelshForce.SouthWales => ["Cardiff Bay", "Swansea Central", "Bridgend", "Merthyr Tydfil"],
        WelshForce.DyfedPowys => ["Llanelli", "Aberystwyth", "Haverfordwest", "Newtown"],
        _ => ["St Asaph", "Caernarfon", "Wrexham", "Llandudno"],
    };

    public static string Describe(SourceKind kind, Submitter submitter, SyntheticIdentities identities, ScenarioRandom random, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(submitter);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(random);
        var code = submitter.Code;
        return kind switch
        {
            SourceKind.Chis =>
                $"SOURCE: CHIS {identities.Reference($"DSU/{code}", day)}, handled by the Dedicated Source Unit. The source reports first hand and has provided reliable intelligence before.",
            SourceKind.Crimestoppers =>
                $"SOURCE: Crimestoppers report {identities.Reference("CS/WAL", day)} from an anonymous caller; not known to police.",
            SourceKind.Debrief =>
                $"SOURCE: voluntary debrief of a detained person at {random.Pick(CustodySuites(submitter.Force))} custody suite, debrief ref {identities.Reference($"DBF/{code}", day)}.",
            SourceKind.HandsetDownload =>
                $"SOURCE: download of a handset seized under warrant, exhibit {identities.Reference($"EXH/{code}", day)}.",
            SourceKind.OfficerObservation =>
                $"SOURCE: observation by PC {random.Between(1000, 9999)} of the local neighbourhood team, pocket notebook {identities.Reference($"PNB/{code}", day)}.",
            SourceKind.Anpr =>
                $"SOURCE: ANPR camera records, search {identities.Reference($"ANPR/{code}", day)}.",
            SourceKind.LabourInspection =>
                $"SOURCE: worker interviews during compliance inspection {identities.Reference("GLA/INS", day)}; interview notes are held on the inspection file.",
            SourceKind.EncounterInterview =>
                $"SOURCE: encounter interview during an enforcement visit, record {identities.Reference("ICE/ENC", day)}.",
            SourceKind.AnalystResearch =>
                $"SOURCE: RIU analyst research of force intelligence logs {identities.Reference("SW/INT", day)}, {identities.Reference("GW/INT", day)}, {identities.Reference("DP/INT", day)} and {identities.Reference("NW/INT", day)}; tasking {identities.Reference("RIU/TSK", day)}.",
            _ =>
                $"SOURCE: covert human intelligence source handled by the NCA, reference {identities.Reference("NCA/CHS", day)}.",
        };
    }
}
