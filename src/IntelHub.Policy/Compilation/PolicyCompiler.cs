using System.Globalization;
using System.Text.RegularExpressions;
using IntelHub.Domain.Agencies;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Items;
using IntelHub.Policy.Areas;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;
using IntelHub.Policy.Retention;
using IntelHub.Policy.Validation;

namespace IntelHub.Policy.Compilation;

/// <summary>
/// Resolves the documents' names to indices, checks every reference, and compiles the decision index. Nothing is
/// returned when any error was found, so a broken file can never become the published set.
/// </summary>
internal static partial class PolicyCompiler
{
    /// <summary>Words a rule's 'from'/'to' may use besides agency ids and agency kinds.</summary>
    public const string AllParties = "all-parties";
    public const string LawEnforcement = "law-enforcement";
    public const string NonLawEnforcement = "non-law-enforcement";

    /// <summary>The area word meaning "the requesting agency's own areas".</summary>
    public const string RecipientAreas = "recipient-areas";

    private const int AllActions = 0b11111;
    private const int AllHandling = 0b111;
    private const int AllLegacy = 0b111111;
    private const int AllExploitation = 0b111111;
    private const int AllVictims = 0b111;
    private const int AcceptedClassifications = (1 << (int)ClassificationLevel.Official) | (1 << (int)ClassificationLevel.OfficialSensitive);

    public static IEnumerable<string> GroupWords => [AllParties, LawEnforcement, NonLawEnforcement, .. Words.AgencyKinds.Words];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$")]
    private static partial Regex VersionNumber();

    /// <summary>The roles that read across agencies (every audit entry; any item's decision): named agencies only.</summary>
    public static readonly IReadOnlySet<string> NamedAgencyRoles = new HashSet<string>(["auditor", "protocol-owner"], StringComparer.Ordinal);

    public static PolicySnapshot? Compile(AgencyRegister register, IReadOnlyList<AreaEntry>? areaFile, IReadOnlyList<ProtocolDocument> documents, DateOnly asOf, DiagnosticBag diagnostics)
    {
        var agencies = Agencies(register, diagnostics);
        var catalogue = Areas(areaFile, agencies, diagnostics);
        var areas = catalogue.All.Select(a => a.Id).ToList();
        var areaIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < areas.Count; i++)
        {
            areaIndex[areas[i]] = i;
        }

        var agencyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < agencies.Count; i++)
        {
            agencyIndex[agencies[i].Id.Value] = i;
        }

        var agencyAreas = agencies.Select(a => IndexSet.Of(areas.Count, a.Areas.Where(x => areaIndex.ContainsKey(x.Value)).Select(x => areaIndex[x.Value]))).ToArray();
        var roles = Distinct(register.Roles.Select(r => r.Id), "role", diagnostics);
        var roleIndex = roles.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i, StringComparer.Ordinal);
        var roleHolders = RoleHolders(register, roles, agencies, agencyIndex, diagnostics);
        var ordered = documents.OrderBy(d => d.Id.Value, StringComparer.Ordinal).ThenBy(d => d.File, StringComparer.Ordinal).ToList();
        var purposes = ordered.SelectMany(d => d.Purposes).Select(p => p.Value).Distinct(StringComparer.Ordinal).ToList();
        var purposeIndex = purposes.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);

        var (teams, agencyTeams) = Teams(agencies, diagnostics);
        var teamIndex = teams.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        MisspeltDeclarations("agency", string.Empty, agencies.Select(a => a.Id), [.. AgencyReferences(register, ordered, agencyIndex)], diagnostics);
        MisspeltDeclarations("team", string.Empty, agencies.SelectMany(a => a.Teams), [.. ordered.SelectMany(d => d.Rules).SelectMany(r => r.Teams ?? [])], diagnostics);
        var context = new Context(agencies, agencyIndex, teamIndex, areaIndex, roleIndex, purposeIndex, diagnostics);
        var protocols = new List<CompiledProtocol>();
        var rules = new List<CompiledRule>();
        var seen = new Dictionary<string, ProtocolDocument>(StringComparer.Ordinal);
        foreach (var document in ordered)
        {
            if (seen.TryGetValue(document.Id.Value, out var first))
            {
                diagnostics.Error(document.Id.At, "duplicate-id", $"Protocol id '{document.Id.Value}' is already used by {first.File}.", "Give each protocol its own id; a new version of a protocol replaces its file and raises 'version'.");
                continue;
            }

            seen[document.Id.Value] = document;
            var (protocol, compiled) = CompileProtocol(document, asOf, context);
            protocols.Add(protocol);
            foreach (var rule in compiled)
            {
                rule.Order = rules.Count;
                rules.Add(rule);
            }
        }

        // The analysis reasons about whole rules; over rules with dropped (invalid) values it would only repeat
        // the errors already reported in other words, so it runs once the files read cleanly.
        if (!diagnostics.HasErrors)
        {
            RuleAnalysis.Check(rules, agencies, diagnostics);
        }

        if (diagnostics.HasErrors)
        {
            return null;
        }

        var warnings = diagnostics.Items.Where(d => d.Severity == Severity.Warning).ToList();
        return new PolicySnapshot(agencies, agencyAreas, catalogue, roles, roleHolders, purposes, protocols, rules, warnings)
        {
            TeamIds = teams,
            AgencyTeams = agencyTeams,
        };
    }

    /// <summary>Every agency name the protocols and roles use, except the group words (for <see cref="MisspeltDeclarations"/>).</summary>
    private static IEnumerable<Located<string>> AgencyReferences(AgencyRegister register, IEnumerable<ProtocolDocument> documents, Dictionary<string, int> agencyIndex)
    {
        var groups = GroupWords.ToHashSet(StringComparer.Ordinal);
        var names = register.Roles.SelectMany(r => r.HeldBy)
            .Concat(documents.SelectMany(d => d.Parties.Select(p => p.Agency).Append(d.Owner).Concat(d.Approvers).Concat(d.Rules.SelectMany(r => r.From.Concat(r.To)))));
        return names.Where(n => !groups.Contains(n.Value) || agencyIndex.ContainsKey(n.Value));
    }

    /// <summary>
    /// The teams (functions) agencies register, one index per distinct name across agencies, and each agency's set:
    /// trading-standards is the same function in every council that has it.
    /// </summary>
    private static (List<string> Teams, IndexSet[] AgencyTeams) Teams(List<AgencyEntry> agencies, DiagnosticBag diagnostics)
    {
        var teams = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<HashSet<int>>();
        foreach (var agency in agencies)
        {
            var own = new HashSet<int>();
            foreach (var team in agency.Teams)
            {
                if (!Slug().IsMatch(team.Value))
                {
                    diagnostics.Error(team.At, "invalid-id", $"Team '{team.Value}' is not a slug.", "Write teams in lower case with hyphens, e.g. 'trading-standards'.");
                    continue;
                }

                if (!index.TryGetValue(team.Value, out var i))
                {
                    i = index[team.Value] = teams.Count;
                    teams.Add(team.Value);
                }

                if (!own.Add(i))
                {
                    diagnostics.Error(team.At, "duplicate-id", $"Agency '{agency.Id.Value}' lists the team '{team.Value}' twice.", $"Remove the second '{team.Value}'.");
                }
            }

            members.Add(own);
        }

        return (teams, [.. members.Select(m => IndexSet.Of(teams.Count, m))]);
    }

    /// <summary>
    /// The area catalogue: areas.yaml when the directory has one (every agency's areas must be listed there), otherwise
    /// the slugs the agencies serve, with no GSS codes and no containment.
    /// </summary>
    private static AreaCatalogue Areas(IReadOnlyList<AreaEntry>? file, List<AgencyEntry> agencies, DiagnosticBag diagnostics)
    {
        var areas = new List<Area>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (file is null)
        {
            foreach (var area in agencies.SelectMany(a => a.Areas))
            {
                if (IsAreaSlug(area, diagnostics) && ids.Add(area.Value))
                {
                    areas.Add(new Area(area.Value, area.Value, string.Empty, null));
                }
            }

            return new AreaCatalogue(areas);
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in file)
        {
            IsAreaSlug(entry.Id, diagnostics);
            if (!ids.Add(entry.Id.Value) || !codes.Add(entry.Gss.Value))
            {
                diagnostics.Error(entry.Id.At, "duplicate-id", $"Area '{entry.Id.Value}' or its GSS code '{entry.Gss.Value}' is listed twice.", "List each area once, with its own GSS code.");
                continue;
            }

            areas.Add(new Area(entry.Id.Value, entry.Name, entry.Gss.Value, entry.Within?.Value));
        }

        foreach (var within in file.Select(e => e.Within).OfType<Located<string>>().Where(w => !ids.Contains(w.Value)))
        {
            UnknownReference(within, "area", ids, "Name a force area listed in areas.yaml.", diagnostics);
        }

        foreach (var area in agencies.SelectMany(a => a.Areas).Where(a => !ids.Contains(a.Value)))
        {
            UnknownReference(area, "area", ids, "Use an area listed in areas.yaml, or add it there with its GSS code.", diagnostics);
        }

        return new AreaCatalogue(areas);
    }

    private static bool IsAreaSlug(Located<string> area, DiagnosticBag diagnostics)
    {
        if (Slug().IsMatch(area.Value))
        {
            return true;
        }

        diagnostics.Error(area.At, "invalid-area", $"Area '{area.Value}' is not a slug.", "Write areas in lower case with hyphens, e.g. 'cardiff' or 'vale-of-glamorgan'.");
        return false;
    }

    /// <summary>
    /// Which agencies may hold each role: agency kinds or agency ids. The roles that read across agencies
    /// (<see cref="NamedAgencyRoles"/>) are granted to named agencies only, so a new agency of some kind never gains them.
    /// </summary>
    private static IndexSet[] RoleHolders(AgencyRegister register, List<string> roles, List<AgencyEntry> agencies, Dictionary<string, int> agencyIndex, DiagnosticBag diagnostics)
    {
        var holders = new IndexSet[roles.Count];
        for (var r = 0; r < roles.Count; r++)
        {
            var entry = register.Roles.First(e => e.Id.Value == roles[r]);
            var members = new HashSet<int>();
            foreach (var word in entry.HeldBy)
            {
                if (agencyIndex.TryGetValue(word.Value, out var agency))
                {
                    members.Add(agency);
                }
                else if (Words.AgencyKinds.TryParse(word.Value, out AgencyKind kind))
                {
                    if (NamedAgencyRoles.Contains(roles[r]))
                    {
                        diagnostics.Error(word.At, "named-agencies-only", $"The role '{roles[r]}' reads across agencies, so it is granted to named agencies, not to the kind '{word.Value}'.", $"List the agencies that may hold '{roles[r]}' by id, e.g. 'held-by: [{agencies.FirstOrDefault(a => a.Kind == kind)?.Id.Value ?? "nca"}]'.");
                        continue;
                    }

                    members.UnionWith(Enumerable.Range(0, agencies.Count).Where(i => agencies[i].Kind == kind));
                }
                else
                {
                    UnknownReference(word, "agency or agency kind", [.. Words.AgencyKinds.Words, .. agencyIndex.Keys], "List agency kinds or agency ids from agencies.yaml under 'held-by:'.", diagnostics);
                }
            }

            holders[r] = IndexSet.Of(agencies.Count, members);
        }

        return holders;
    }

    private static List<AgencyEntry> Agencies(AgencyRegister register, DiagnosticBag diagnostics)
    {
        var result = new List<AgencyEntry>();
        var seen = new Dictionary<string, AgencyEntry>(StringComparer.Ordinal);
        var groups = GroupWords.ToHashSet(StringComparer.Ordinal);
        foreach (var agency in register.Agencies)
        {
            var id = agency.Id;
            if (seen.TryGetValue(id.Value, out var first))
            {
                diagnostics.Error(id.At, "duplicate-id", $"Agency id '{id.Value}' is already used at line {first.Id.At.Line}.", "Give each agency its own id, or remove the duplicate entry.");
                continue;
            }

            if (!Slug().IsMatch(id.Value) || groups.Contains(id.Value))
            {
                diagnostics.Error(id.At, "invalid-id", $"Agency id '{id.Value}' must be a lower-case slug and not one of the group words ({string.Join(", ", groups)}).", "Use lower case letters, digits and hyphens, e.g. 'gwent-police'.");
            }

            LawEnforcementFlag(agency, diagnostics);
            if (agency.Areas.Count == 0)
            {
                diagnostics.Error(id.At, "missing-area", $"Agency '{id.Value}' has no areas.", "List the force or council areas the agency serves under 'areas:'.");
            }

            seen[id.Value] = agency;
            result.Add(agency);
        }

        return result;
    }

    /// <summary>
    /// The flag releases full intelligence, so it must agree with the agency's kind (domain.md, "Who shares with whom"):
    /// police forces, the RIU, national law enforcement and prosecutors are competent authorities; health boards, NGOs
    /// and government bodies are not; a council is one only for its own enforcement functions, which a flag on the
    /// whole council cannot tell apart, so the register keeps it false and a DDA covers those functions.
    /// </summary>
    private static void LawEnforcementFlag(AgencyEntry agency, DiagnosticBag diagnostics)
    {
        var competent = agency.Kind.IsCompetentAuthorityByDefault();
        if (agency.LawEnforcement == competent)
        {
            return;
        }

        var kind = Words.AgencyKinds.WordFor(agency.Kind);
        diagnostics.Error(
            agency.LawEnforcementAt,
            "law-enforcement-kind",
            $"Agency '{agency.Id.Value}' is a {kind} but is marked law-enforcement: {(agency.LawEnforcement ? "true" : "false")}.",
            competent
                ? $"A {kind} is a law-enforcement competent authority: write 'law-enforcement: true', or correct its kind."
                : $"Only police forces, regional intelligence units, law-enforcement agencies and prosecutors may be marked law enforcement (they alone receive full intelligence): write 'law-enforcement: false', or correct its kind.");
    }

    private static List<string> Distinct(IEnumerable<Located<string>> values, string what, DiagnosticBag diagnostics)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (!seen.Add(value.Value))
            {
                diagnostics.Error(value.At, "duplicate-id", $"The {what} '{value.Value}' is listed twice.", $"Remove the second '{value.Value}'.");
                continue;
            }

            result.Add(value.Value);
        }

        return result;
    }

    private sealed record Context(
        IReadOnlyList<AgencyEntry> Agencies,
        Dictionary<string, int> AgencyIndex,
        Dictionary<string, int> TeamIndex,
        Dictionary<string, int> AreaIndex,
        Dictionary<string, int> RoleIndex,
        Dictionary<string, int> PurposeIndex,
        DiagnosticBag Diagnostics);

    private sealed record ProtocolScope(
        ProtocolDocument Document,
        CompiledProtocol Protocol,
        Dictionary<string, int> PartyIndex,
        Dictionary<string, HashSet<string>> PartyLegalBases,
        Dictionary<string, LegalBasisEntry> LegalBases,
        IndexSet Purposes,
        int PersonalData)
    {
        /// <summary>Per party that is not a competent authority, the purposes for which it acts as one (DPA 2018 Part 3).</summary>
        public Dictionary<string, HashSet<string>> LawEnforcementFor { get; } = new(StringComparer.Ordinal);

        public string Scope => Document.File;
    }

    private static (CompiledProtocol, List<CompiledRule>) CompileProtocol(ProtocolDocument d, DateOnly asOf, Context c)
    {
        var diagnostics = c.Diagnostics;
        if (!Slug().IsMatch(d.Id.Value))
        {
            diagnostics.Error(d.Id.At, "invalid-id", $"Protocol id '{d.Id.Value}' is not a slug.", "Use lower case letters, digits and hyphens, e.g. 'wales-anti-trafficking-isp'.");
        }

        if (!VersionNumber().IsMatch(d.Version.Value))
        {
            diagnostics.Error(d.Version.At, "invalid-version", $"Version '{d.Version.Value}' is not a version number.", "Write the version as numbers separated by dots, e.g. '3' or '2.1'.");
        }

        if (d.Review.Value <= d.Effective.Value)
        {
            diagnostics.Error(d.Review.At, "review-before-effective", $"The review date {Format(d.Review.Value)} is not after the effective date {Format(d.Effective.Value)}.", "Set 'review' to a date after 'effective'.");
        }
        else if (d.Review.Value < asOf)
        {
            diagnostics.Warning(d.Review.At, "past-review", $"Protocol '{d.Id.Value}' passed its review date {Format(d.Review.Value)}: it authorises nothing until it is reviewed.", "Review the protocol with its parties, then publish a new version with a new 'review' date.");
        }

        if (d.Covers.Count == 0)
        {
            diagnostics.Error(d.At, "covers-nothing", $"Protocol '{d.Id.Value}' does not say what it covers.", "Set 'covers:' to a list of information, intelligence and/or product; an ISP written for information does not cover intelligence.");
        }

        if (d.Purposes.Count == 0)
        {
            diagnostics.Error(d.At, "no-purpose", $"Protocol '{d.Id.Value}' names no purpose.", "Add at least one entry under 'purposes:'; requesters must declare one of them.");
        }

        Distinct(d.Purposes, "purpose", diagnostics);
        var legalBases = new Dictionary<string, LegalBasisEntry>(StringComparer.Ordinal);
        foreach (var basis in d.LegalBases)
        {
            if (!legalBases.TryAdd(basis.Id.Value, basis))
            {
                diagnostics.Error(basis.Id.At, "duplicate-id", $"Legal basis '{basis.Id.Value}' is listed twice.", "Remove the second entry or give it its own id.");
                continue;
            }

            LegalProvisions.CheckDeclaration(basis, diagnostics);
        }

        // A misspelt declaration breaks every use of the name: report it first, and the uses as following from it.
        MisspeltDeclarations("purpose", d.File, d.Purposes, [.. d.Rules.SelectMany(r => r.Purposes ?? []).Concat(d.Parties.SelectMany(p => p.LawEnforcementFor))], diagnostics);
        MisspeltDeclarations("legal basis", d.File, d.LegalBases.Select(b => b.Id), [.. d.Parties.SelectMany(p => p.LegalBases).Concat(d.Rules.SelectMany(r => new[] { r.LegalBasis, r.SpecialCategoryCondition, r.CriminalOffenceCondition }).OfType<Located<string>>())], diagnostics);

        var partyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var partyBases = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var lawEnforcementFor = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var party in d.Parties)
        {
            if (!KnownAgency(party.Agency, c, out var index))
            {
                // The rules, owner and approvers that name the agency meant here are "not a party" because of this typo.
                if (DocumentReader.Closest(party.Agency.Value, c.AgencyIndex.Keys) is { } meant && diagnostics.CauseOf(d.File, party.Agency.Value) is null)
                {
                    diagnostics.Blame(d.File, NotAParty(meant), party.Agency.At);
                }

                continue;
            }

            if (!partyIndex.TryAdd(party.Agency.Value, index))
            {
                diagnostics.Error(party.Agency.At, "duplicate-party", $"'{party.Agency.Value}' is listed twice as a party.", "Remove the second entry and merge its legal bases into the first.");
                continue;
            }

            if (party.LegalBases.Count == 0)
            {
                diagnostics.Error(party.At, "party-without-legal-basis", $"Party '{party.Agency.Value}' has no legal basis.", $"Add the legal basis it shares under to its 'legal-bases' (one of: {string.Join(", ", legalBases.Keys)}), or remove the party.");
            }

            foreach (var basis in party.LegalBases.Where(b => !legalBases.ContainsKey(b.Value)))
            {
                UnknownReference(basis, "legal basis", legalBases.Keys, "Declare it under 'legal-bases:' of the protocol or use a declared one.", diagnostics);
                if (DocumentReader.Closest(basis.Value, legalBases.Keys) is { } meant)
                {
                    diagnostics.Blame(d.File, PartyBasis(party.Agency.Value, meant), diagnostics.CauseOf(d.File, basis.Value) ?? basis.At);
                }
            }

            partyBases[party.Agency.Value] = [.. party.LegalBases.Select(b => b.Value)];
            LawEnforcementFor(d, party, c, lawEnforcementFor);
        }

        if (KnownAgency(d.Owner, c, out _) && !partyIndex.ContainsKey(d.Owner.Value))
        {
            diagnostics.Error(d.Owner.At, "owner-not-party", $"The owner '{d.Owner.Value}' is not a party of the protocol.", "Add the owner to 'parties:' or name a party as owner.", diagnostics.CauseOf(d.File, NotAParty(d.Owner.Value)));
        }

        foreach (var approver in d.Approvers)
        {
            if (KnownAgency(approver, c, out _) && !partyIndex.ContainsKey(approver.Value))
            {
                diagnostics.Error(approver.At, "approver-not-party", $"Approver '{approver.Value}' is not a party of the protocol.", "Approvers sign the protocol: add them to 'parties:' or remove them from 'approvers:'.", diagnostics.CauseOf(d.File, NotAParty(approver.Value)));
            }
        }

        var covers = d.Covers.Aggregate(0, (m, k) => m | (1 << (int)k.Value));
        var protocol = new CompiledProtocol(
            d.Id.Value, d.Version.Value, d.Title, d.Kind, d.File, d.Effective.Value, d.Review.Value,
            IndexSet.Of(c.Agencies.Count, partyIndex.Values), covers)
        {
            Owner = d.Owner.Value,
            Approvers = [.. d.Approvers.Select(a => a.Value)],
            DocumentText = d.Text,
            Retention = Retention(d, covers, diagnostics),
            CategoryRetention = CategoryRetention(d, diagnostics),
            PersonalData = d.PersonalData.Aggregate(PersonalDataCategories.None, (m, x) => m | x.Value),
        };
        var purposes = IndexSet.Of(c.PurposeIndex.Count, d.Purposes.Select(p => c.PurposeIndex[p.Value]));
        var personalData = d.PersonalData.Aggregate(0, (m, p) => m | (int)p.Value);
        var scope = new ProtocolScope(d, protocol, partyIndex, partyBases, legalBases, purposes, personalData);
        foreach (var (party, enforcementPurposes) in lawEnforcementFor)
        {
            scope.LawEnforcementFor[party] = enforcementPurposes;
        }

        var rules = new List<CompiledRule>();
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in d.Rules)
        {
            if (!ruleIds.Add(rule.Id.Value))
            {
                diagnostics.Error(rule.Id.At, "duplicate-id", $"Rule id '{rule.Id.Value}' is used twice in protocol '{d.Id.Value}'.", "Give each rule its own id; decisions cite it.");
                continue;
            }

            rules.Add(CompileRule(rule, scope, c));
        }

        return (protocol, rules);
    }

    private static Dictionary<ItemKind, RetentionPeriod> Retention(ProtocolDocument d, int covers, DiagnosticBag diagnostics) =>
        Periods(d.Retention, Words.ItemKinds, kind => (covers & (1 << (int)kind)) != 0, (kind, word) => diagnostics.Error(
            kind.At, "kind-not-covered", $"Protocol '{d.Id.Value}' sets a retention for {word}, which it does not cover.", $"Remove '{word}' from 'retention:', or add it to 'covers:'."), diagnostics);

    private static Dictionary<PersonalDataCategories, RetentionPeriod> CategoryRetention(ProtocolDocument d, DiagnosticBag diagnostics)
    {
        var covered = d.PersonalData.Aggregate(PersonalDataCategories.None, (m, p) => m | p.Value);
        return Periods(d.CategoryRetention, Words.PersonalData, category => (covered & category) != 0, (category, word) => diagnostics.Error(
            category.At, "category-not-covered", $"Protocol '{d.Id.Value}' sets a retention for {word} data, which its 'personal-data' does not cover.", $"Remove '{word}' from 'retention: personal-data:', or add it to the protocol's 'personal-data:'."), diagnostics);
    }

    /// <summary>The retention periods written per key (an item kind, a personal-data category), each for something the protocol covers.</summary>
    private static Dictionary<T, RetentionPeriod> Periods<T>(IEnumerable<(Located<T> Key, Located<string> Period)> written, Vocabulary<T> words, Func<T, bool> covered, Action<Located<T>, string> notCovered, DiagnosticBag diagnostics)
        where T : struct
    {
        var retention = new Dictionary<T, RetentionPeriod>();
        foreach (var (key, text) in written)
        {
            var word = words.WordFor(key.Value);
            if (!covered(key.Value))
            {
                notCovered(key, word);
            }
            else if (RetentionPeriod.TryParse(text.Value, out var period))
            {
                retention[key.Value] = period;
            }
            else
            {
                diagnostics.Error(text.At, "invalid-period", $"'{text.Value}' is not a retention period.", $"Write an ISO-8601 period of years, months and days, e.g. '{word}: P6Y' or 'P18M'.");
            }
        }

        return retention;
    }

    /// <summary>
    /// A party's <c>law-enforcement-for</c>: purposes of this protocol for which an agency that is not a competent
    /// authority acts as one for its own enforcement work (DPA 2018 Part 3; e.g. a council's trading standards).
    /// </summary>
    private static void LawEnforcementFor(ProtocolDocument d, PartyEntry party, Context c, Dictionary<string, HashSet<string>> result)
    {
        if (party.LawEnforcementFor.Count == 0)
        {
            return;
        }

        var agency = c.Agencies[c.AgencyIndex[party.Agency.Value]];
        if (agency.LawEnforcement)
        {
            c.Diagnostics.Error(party.LawEnforcementFor[0].At, "already-law-enforcement", $"Party '{party.Agency.Value}' is a law-enforcement competent authority for every purpose; 'law-enforcement-for' is for agencies that are one only for their own enforcement work.", "Remove 'law-enforcement-for' from this party.");
            return;
        }

        foreach (var purpose in party.LawEnforcementFor.Where(x => !d.Purposes.Any(y => y.Value == x.Value)))
        {
            UnknownReference(purpose, "purpose of this protocol", d.Purposes.Select(x => x.Value), "Name the protocol's purpose for which the party acts as a competent authority, or add it under 'purposes:'.", c.Diagnostics);
        }

        result[party.Agency.Value] = [.. party.LawEnforcementFor.Select(x => x.Value)];
    }

    /// <summary>The name blamed for "'x' is not a party" errors when a party entry meant to be x is misspelt.</summary>
    private static string NotAParty(string agency) => $"party {agency}";

    /// <summary>The name blamed for "party has no legal basis b" errors when the party's list misspells b.</summary>
    private static string PartyBasis(string party, string basis) => $"legal basis {basis} of party {party}";

    private static CompiledRule CompileRule(RuleDocument r, ProtocolScope p, Context c)
    {
        var diagnostics = c.Diagnostics;
        var d = p.Document;
        var rule = new CompiledRule(p.Protocol, r.Id.Value, r.Effect.Value, r.At)
        {
            From = Selectors(r.From, "from", p, c),
            To = Selectors(r.To, "to", p, c),
            Actions = r.Actions.Aggregate(0, (m, a) => m | (1 << (int)a.Value)),
            Obligations = r.Obligations.Aggregate(Obligations.None, (m, o) => m | o.Value),
            View = r.View?.Value ?? DisclosureView.None,
        };

        if (r.Purposes is null)
        {
            rule.Purposes = p.Purposes;
        }
        else
        {
            foreach (var purpose in r.Purposes.Where(x => !d.Purposes.Any(y => y.Value == x.Value)))
            {
                UnknownReference(purpose, "purpose of this protocol", d.Purposes.Select(x => x.Value), "Name one of the protocol's purposes, or add the purpose under 'purposes:'.", diagnostics);
            }

            rule.Purposes = IndexSet.Of(c.PurposeIndex.Count, r.Purposes.Where(x => c.PurposeIndex.ContainsKey(x.Value)).Select(x => c.PurposeIndex[x.Value]));
        }

        if (r.Roles is not null)
        {
            foreach (var role in r.Roles.Where(x => !c.RoleIndex.ContainsKey(x.Value)))
            {
                UnknownReference(role, "role", c.RoleIndex.Keys, "Use a role listed under 'roles:' in agencies.yaml, or add it there.", diagnostics);
            }

            rule.Roles = IndexSet.Of(c.RoleIndex.Count, r.Roles.Where(x => c.RoleIndex.ContainsKey(x.Value)).Select(x => c.RoleIndex[x.Value]));
        }

        Teams(r, rule, p, c);

        Conditions(r, rule, p, c);
        if (rule.IsDeny)
        {
            if (r.View is { } view || r.LegalBasis is { } || r.SpecialCategoryCondition is { } || r.CriminalOffenceCondition is { } || r.Obligations.Count > 0)
            {
                diagnostics.Error(r.At, "deny-with-permit-fields", $"Deny rule '{r.Id.Value}' has a view, legal basis, condition or obligations, which only a permit uses.", "Remove 'view', 'legal-basis', 'special-category-condition', 'criminal-offence-condition' and 'obligations' from the deny rule.");
            }

            rule.PersonalDataAllowed = (int)(PersonalDataCategories.SpecialCategory | PersonalDataCategories.CriminalOffence | PersonalDataCategories.Children);

            // Deny fails closed: a condition on the theme also matches an item that leaves that fact out (bit 0, "not
            // given"), so a deny keyed on victims: [minor] cannot be dodged by omitting the age group.
            rule.Exploitation |= r.When.Exploitation is null ? 0 : 1;
            rule.Victims |= r.When.Victims is null ? 0 : 1;
            return rule;
        }

        rule.PersonalDataAllowed = p.PersonalData;
        if (r.View is null)
        {
            diagnostics.Error(r.At, "permit-without-view", $"Permit rule '{r.Id.Value}' does not say which view it releases.", "Add 'view: full', 'view: sanitised' or 'view: existence-only'.", diagnostics.CauseOf(string.Empty, MappingReader.MisspeltKey(r.At, "view")));
        }

        LegalBasis(r, rule, p, c);
        return rule;
    }

    /// <summary>
    /// A rule's <c>teams:</c>: each must be a team (agencies.yaml) of some agency the rule sends to. Unknown names are
    /// errors, never silently "any team", so a misspelt team cannot widen or empty a rule unnoticed.
    /// </summary>
    private static void Teams(RuleDocument r, CompiledRule rule, ProtocolScope p, Context c)
    {
        if (r.Teams is null)
        {
            return;
        }

        var recipientTeams = rule.To.Members().SelectMany(i => c.Agencies[i].Teams.Select(t => t.Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var team in r.Teams.Where(t => !recipientTeams.Contains(t.Value)))
        {
            if (c.TeamIndex.ContainsKey(team.Value))
            {
                c.Diagnostics.Error(team.At, "team-not-of-recipient", $"No agency in the 'to' of rule '{r.Id.Value}' has the team '{team.Value}'.", $"Add '{team.Value}' to the 'teams' of a recipient in agencies.yaml, or use one of their teams: {string.Join(", ", recipientTeams.Order(StringComparer.Ordinal))}.");
            }
            else
            {
                UnknownReference(team, "team", recipientTeams.Count > 0 ? recipientTeams : c.TeamIndex.Keys, "Use a team listed under the recipient's 'teams:' in agencies.yaml, or add it there.", c.Diagnostics);
            }
        }

        rule.Teams = IndexSet.Of(c.TeamIndex.Count, r.Teams.Where(t => c.TeamIndex.ContainsKey(t.Value)).Select(t => c.TeamIndex[t.Value]));
    }

    private static void LegalBasis(RuleDocument r, CompiledRule rule, ProtocolScope p, Context c)
    {
        var diagnostics = c.Diagnostics;
        if (r.LegalBasis is not { } basis)
        {
            diagnostics.Error(r.At, "permit-without-legal-basis", $"Permit rule '{r.Id.Value}' names no legal basis for its flow.", $"Add 'legal-basis:' with one of the protocol's legal bases: {string.Join(", ", p.LegalBases.Keys)}.", diagnostics.CauseOf(string.Empty, MappingReader.MisspeltKey(r.At, "legal-basis")));
            return;
        }

        if (!p.LegalBases.TryGetValue(basis.Value, out var entry))
        {
            UnknownReference(basis, "legal basis", p.LegalBases.Keys, "Declare it under the protocol's 'legal-bases:' or use a declared one.", diagnostics);
            return;
        }

        rule.LegalBasis = entry.Name;
        foreach (var recipient in rule.To.Members())
        {
            var id = c.Agencies[recipient].Id.Value;
            if (p.PartyLegalBases.TryGetValue(id, out var held) && !held.Contains(basis.Value))
            {
                diagnostics.Error(basis.At, "party-without-legal-basis", $"Rule '{r.Id.Value}' sends to party '{id}', which has no legal basis '{basis.Value}' in this protocol.", $"Add '{basis.Value}' to the legal bases of party '{id}', or narrow the rule's 'to'.", diagnostics.CauseOf(p.Scope, PartyBasis(id, basis.Value)));
            }
        }

        var condition = Condition(r.SpecialCategoryCondition, "Article 9 (or Part 3 sensitive-processing) condition", p, c);
        var criminalCondition = Condition(r.CriminalOffenceCondition, "Article 10 condition", p, c);
        // The decision cites every provision the flow rests on: "basis; condition; condition".
        rule.LegalBasis = string.Join("; ", new[] { entry, condition, criminalCondition }.OfType<LegalBasisEntry>().Select(b => b.Name));
        LegalProvisions.Check(r, rule, entry, condition, criminalCondition, p.LawEnforcementFor, c.Agencies, c.PurposeIndex, diagnostics);
    }

    /// <summary>A condition a rule names (special category, criminal offence), resolved; null when none (or an unknown one, reported).</summary>
    private static LegalBasisEntry? Condition(Located<string>? written, string what, ProtocolScope p, Context c)
    {
        if (written is not { } name)
        {
            return null;
        }

        if (!p.LegalBases.TryGetValue(name.Value, out var condition))
        {
            UnknownReference(name, "legal basis", p.LegalBases.Keys, $"Declare the {what} under the protocol's 'legal-bases:' or use a declared one.", c.Diagnostics);
            return null;
        }

        return condition;
    }

    private static void Conditions(RuleDocument r, CompiledRule rule, ProtocolScope p, Context c)
    {
        var diagnostics = c.Diagnostics;
        var w = r.When;
        var covers = p.Protocol.Covers;
        if (w.Kinds is null)
        {
            rule.Kinds = covers;
        }
        else
        {
            foreach (var kind in w.Kinds.Where(k => (covers & (1 << (int)k.Value)) == 0))
            {
                diagnostics.Error(kind.At, "kind-not-covered", $"Rule '{r.Id.Value}' is about {Words.ItemKinds.WordFor(kind.Value)}, which protocol '{p.Document.Id.Value}' does not cover.", $"Add '{Words.ItemKinds.WordFor(kind.Value)}' to the protocol's 'covers:' (the parties must agree to it), or remove it from the rule.");
            }

            rule.Kinds = Mask(w.Kinds, k => (int)k) & covers;
        }

        rule.Classifications = w.Classifications is null ? AcceptedClassifications : Mask(w.Classifications, x => (int)x) & AcceptedClassifications;
        rule.Handling = w.Handling is null ? AllHandling : Mask(w.Handling, x => (int)x);
        rule.Legacy = w.LegacyHandling is null ? AllLegacy : Mask(w.LegacyHandling, x => (int)x);
        rule.Exploitation = w.Exploitation is null ? AllExploitation : Mask(w.Exploitation, x => (int)x);
        rule.Victims = w.Victims is null ? AllVictims : Mask(w.Victims, x => (int)x);
        rule.PersonalDataAny = w.PersonalData is null ? 0 : w.PersonalData.Aggregate(0, (m, x) => m | (int)x.Value);
        if (w.Areas is not null)
        {
            rule.AreasOfRecipient = w.Areas.Any(a => a.Value == RecipientAreas);
            foreach (var area in w.Areas.Where(a => a.Value != RecipientAreas && !c.AreaIndex.ContainsKey(a.Value)))
            {
                UnknownReference(area, "area", [RecipientAreas, .. c.AreaIndex.Keys], "Use an area of areas.yaml (or, without areas.yaml, one some agency serves), or 'recipient-areas' for the requester's own areas.", diagnostics);
            }

            rule.Areas = IndexSet.Of(c.AreaIndex.Count, w.Areas.Where(a => c.AreaIndex.ContainsKey(a.Value)).Select(a => c.AreaIndex[a.Value]));
        }
    }

    private static int Mask<T>(IEnumerable<Located<T>> values, Func<T, int> bit)
        where T : struct => values.Aggregate(0, (m, v) => m | (1 << bit(v.Value)));

    private static IndexSet Selectors(IReadOnlyList<Located<string>> selectors, string key, ProtocolScope p, Context c)
    {
        var members = new HashSet<int>();
        foreach (var selector in selectors)
        {
            var word = selector.Value;
            if (word == AllParties)
            {
                members.UnionWith(p.PartyIndex.Values);
            }
            else if (word is LawEnforcement or NonLawEnforcement)
            {
                var wanted = word == LawEnforcement;
                members.UnionWith(p.PartyIndex.Values.Where(i => c.Agencies[i].LawEnforcement == wanted));
            }
            else if (Words.AgencyKinds.TryParse(word, out AgencyKind kind))
            {
                members.UnionWith(p.PartyIndex.Values.Where(i => c.Agencies[i].Kind == kind));
            }
            else if (p.PartyIndex.TryGetValue(word, out var index))
            {
                members.Add(index);
            }
            else if (c.AgencyIndex.ContainsKey(word))
            {
                c.Diagnostics.Error(selector.At, "not-a-party", $"'{word}' in '{key}' is not a party of protocol '{p.Document.Id.Value}'.", $"Add '{word}' to 'parties:' with its legal bases, or remove it from '{key}'.", c.Diagnostics.CauseOf(p.Scope, NotAParty(word)));
            }
            else
            {
                UnknownReference(selector, "agency or party group", [.. GroupWords, .. p.PartyIndex.Keys], "Use an agency id from agencies.yaml that is a party, or a group word.", c.Diagnostics);
            }
        }

        return IndexSet.Of(c.Agencies.Count, members);
    }

    private static bool KnownAgency(Located<string> id, Context c, out int index)
    {
        if (c.AgencyIndex.TryGetValue(id.Value, out index))
        {
            return true;
        }

        UnknownReference(id, "agency", c.AgencyIndex.Keys, "Use an agency id from policies/agencies.yaml, or add the agency there first.", c.Diagnostics);
        return false;
    }

    private static void UnknownReference(Located<string> value, string what, IEnumerable<string> known, string fix, DiagnosticBag diagnostics)
    {
        var suggestion = DocumentReader.Closest(value.Value, known);
        diagnostics.Error(
            value.At,
            what == "agency" ? "unknown-agency" : "unknown-reference",
            $"'{value.Value}' is not a known {what}.",
            (suggestion is null ? string.Empty : $"Did you mean '{suggestion}'? ") + fix,
            diagnostics.CauseOf(value.At.File, value.Value));
    }

    /// <summary>
    /// A declaration that is probably misspelt: declared, never used, and close to a name that is used but never
    /// declared. It is reported first, as the root cause, and every "unknown" error about the used name follows from it.
    /// </summary>
    private static void MisspeltDeclarations(string what, string scope, IEnumerable<Located<string>> declared, IReadOnlyList<Located<string>> references, DiagnosticBag diagnostics)
    {
        var declarations = declared.ToList();
        var names = declarations.Select(d => d.Value).ToHashSet(StringComparer.Ordinal);
        var used = references.Select(r => r.Value).ToHashSet(StringComparer.Ordinal);
        // One use of an undeclared name is more likely its own typo; the same name used again and again, and the
        // declaration it resembles never, is more likely a misspelt declaration.
        var undeclared = references.Where(r => !names.Contains(r.Value)).GroupBy(r => r.Value, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        foreach (var declaration in declarations.Where(d => !used.Contains(d.Value)))
        {
            if (undeclared.FirstOrDefault(u => DocumentReader.Closest(u.Key, [declaration.Value]) is not null) is not { } uses)
            {
                continue;
            }

            diagnostics.Error(
                declaration.At,
                "misspelt-declaration",
                $"The {what} '{declaration.Value}' is declared here but never used, while '{uses.Key}' is used {uses.Count()} times but never declared: one of the two is misspelt.",
                $"If '{uses.Key}' is right, write it here and the errors where it is used go away; otherwise correct the uses to '{declaration.Value}'.");
            diagnostics.Blame(scope, uses.Key, declaration.At);
            undeclared.Remove(uses);
        }
    }

    internal static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
