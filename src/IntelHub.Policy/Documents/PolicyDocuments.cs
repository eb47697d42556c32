using IntelHub.Domain.Agencies;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;

namespace IntelHub.Policy.Documents;

/// <summary>policies/agencies.yaml as written: every agency that can be a party, and the roles requesters hold.</summary>
public sealed record AgencyRegister(string File, IReadOnlyList<AgencyEntry> Agencies, IReadOnlyList<RoleEntry> Roles);

/// <summary>A user role and the agencies that may hold it: agency kinds or agency ids.</summary>
public sealed record RoleEntry(Located<string> Id, IReadOnlyList<Located<string>> HeldBy, SourcePosition At);

/// <summary>One entry of policies/areas.yaml: slug, name, GSS code and the force area it lies within.</summary>
public sealed record AreaEntry(Located<string> Id, string Name, Located<string> Gss, Located<string>? Within);

public sealed record AgencyEntry(Located<string> Id, string Name, AgencyKind Kind, bool LawEnforcement, IReadOnlyList<Located<string>> Areas)
{
    /// <summary>Where the <c>law-enforcement</c> flag is written, for diagnostics about it.</summary>
    public SourcePosition LawEnforcementAt { get; init; }

    /// <summary>The agency's teams or functions (a council's trading standards); a user's token may name one of them.</summary>
    public IReadOnlyList<Located<string>> Teams { get; init; } = [];
}

/// <summary>One protocol file (an ISP or a DDA) as written, every value with its position.</summary>
public sealed record ProtocolDocument(
    string File,
    SourcePosition At,
    Located<string> Id,
    string Title,
    ProtocolKind Kind,
    Located<string> Version,
    Located<string> Owner,
    IReadOnlyList<Located<string>> Approvers,
    Located<DateOnly> Effective,
    Located<DateOnly> Review,
    IReadOnlyList<Located<string>> Purposes,
    IReadOnlyList<LegalBasisEntry> LegalBases,
    IReadOnlyList<PartyEntry> Parties,
    IReadOnlyList<Located<ItemKind>> Covers,
    IReadOnlyList<Located<PersonalDataCategories>> PersonalData,
    IReadOnlyList<RuleDocument> Rules,
    string Text)
{
    /// <summary>The longest review period per item kind (the protocol's retention rule); empty when it states none.</summary>
    public IReadOnlyList<(Located<ItemKind> Kind, Located<string> Period)> Retention { get; init; } = [];

    /// <summary>The longest review period for an item holding each personal-data category; empty when it states none.</summary>
    public IReadOnlyList<(Located<PersonalDataCategories> Category, Located<string> Period)> CategoryRetention { get; init; } = [];
}

public sealed record LegalBasisEntry(Located<string> Id, string Name)
{
    /// <summary>The provision the basis is (6(1)(e), 9(2)(g), part-3...); null when the protocol does not say.</summary>
    public Located<LegalArticle>? Article { get; init; }

    /// <summary>What relying on the basis needs from the person: consent, notification.</summary>
    public IReadOnlyList<Located<DataSubjectRequirement>> Requires { get; init; } = [];

    /// <summary>
    /// The DPA 2018 Schedule 1 condition an Article 10 basis meets (its paragraph number, as written); null when not given.
    /// </summary>
    public Located<string>? ScheduleOne { get; init; }

    /// <summary>Where the basis is declared, for errors about the declaration itself.</summary>
    public SourcePosition At { get; init; }

    /// <summary>Where the error that left <see cref="Article"/> unread was reported (a misspelt key or word); null when none.</summary>
    public SourcePosition? ArticleCause { get; init; }
}

public sealed record PartyEntry(Located<string> Agency, IReadOnlyList<Located<string>> LegalBases, SourcePosition At)
{
    /// <summary>
    /// The protocol's purposes for which this party, not otherwise a competent authority, acts as one for its own
    /// enforcement work (DPA 2018 Part 3, e.g. a council's trading standards prosecuting offences).
    /// </summary>
    public IReadOnlyList<Located<string>> LawEnforcementFor { get; init; } = [];
}

/// <summary>One rule of a protocol. A list left out means "any"; a list written empty matches nothing.</summary>
public sealed record RuleDocument(
    SourcePosition At,
    Located<string> Id,
    Located<DecisionEffect> Effect,
    Located<string>? LegalBasis,
    IReadOnlyList<Located<string>> From,
    IReadOnlyList<Located<string>> To,
    IReadOnlyList<Located<SharingAction>> Actions,
    IReadOnlyList<Located<string>>? Purposes,
    IReadOnlyList<Located<string>>? Roles,
    ItemConditions When,
    Located<DisclosureView>? View,
    IReadOnlyList<Located<Obligations>> Obligations)
{
    /// <summary>The Article 9 condition (or Part 3 sensitive-processing condition) for special category data; a legal basis id.</summary>
    public Located<string>? SpecialCategoryCondition { get; init; }

    /// <summary>The Article 10 condition (a legal basis id) a UK GDPR basis relies on for criminal offence data.</summary>
    public Located<string>? CriminalOffenceCondition { get; init; }

    /// <summary>The recipients' teams the rule is for; null when any of the agency's users may act under it.</summary>
    public IReadOnlyList<Located<string>>? Teams { get; init; }
}

/// <summary>The item facts a rule requires; null means the rule does not look at that fact.</summary>
public sealed record ItemConditions(
    IReadOnlyList<Located<ItemKind>>? Kinds,
    IReadOnlyList<Located<ClassificationLevel>>? Classifications,
    IReadOnlyList<Located<HandlingCode>>? Handling,
    IReadOnlyList<Located<LegacyHandling>>? LegacyHandling,
    IReadOnlyList<Located<ExploitationType>>? Exploitation,
    IReadOnlyList<Located<AgeGroup>>? Victims,
    IReadOnlyList<Located<string>>? Areas,
    IReadOnlyList<Located<PersonalDataCategories>>? PersonalData)
{
    public static readonly ItemConditions Any = new(null, null, null, null, null, null, null, null);
}

/// <summary>Turns the text of the policy files into documents, reporting everything it cannot accept.</summary>
internal static class PolicyDocumentParser
{
    public static AgencyRegister? ParseAgencies(string file, string text, DiagnosticBag diagnostics)
    {
        var root = new DocumentReader(file, diagnostics).Root(text, Shapes.AgenciesFile);
        if (root is null)
        {
            return null;
        }

        var agencies = new List<AgencyEntry>();
        foreach (var a in root.Mappings("agencies", Shapes.Agency))
        {
            var before = diagnostics.Count;
            var id = a.String("id");
            var name = a.String("name");
            var kind = a.Word("kind", Words.AgencyKinds);
            var lawEnforcement = a.Bool("law-enforcement");
            var areas = a.Strings("areas");
            var teams = a.Strings("teams");
            if (id is { } i && name is { } n && kind is { } k && lawEnforcement is { } le)
            {
                agencies.Add(new AgencyEntry(i, n.Value, k.Value, le.Value, areas) { LawEnforcementAt = le.At, Teams = teams });
            }
            else if (id is { } dropped && diagnostics.FirstErrorSince(before) is { } cause)
            {
                // Every later reference to this agency would be "unknown": they follow from the entry's own error.
                diagnostics.Blame(dropped.Value, cause);
            }
        }

        var roles = new List<RoleEntry>();
        foreach (var r in root.Mappings("roles", Shapes.Role))
        {
            var heldBy = r.Strings("held-by");
            if (r.String("id") is { } id)
            {
                roles.Add(new RoleEntry(id, heldBy, r.At));
            }
        }

        return new AgencyRegister(file, agencies, roles);
    }

    /// <summary>Reads policies/areas.yaml.</summary>
    public static List<AreaEntry>? ParseAreas(string file, string text, DiagnosticBag diagnostics)
    {
        var root = new DocumentReader(file, diagnostics).Root(text, Shapes.AreasFile);
        if (root is null)
        {
            return null;
        }

        var areas = new List<AreaEntry>();
        foreach (var a in root.Mappings("areas", Shapes.Area))
        {
            var id = a.String("id");
            var name = a.String("name");
            var gss = a.String("gss");
            var within = a.String("within");
            if (id is { } i && name is { } n && gss is { } g)
            {
                areas.Add(new AreaEntry(i, n.Value, g, within));
            }
        }

        return areas;
    }

    public static ProtocolDocument? ParseProtocol(string file, string text, DiagnosticBag diagnostics)
    {
        var root = new DocumentReader(file, diagnostics).Root(text, Shapes.Protocol);
        if (root is null)
        {
            return null;
        }

        var id = root.String("id");
        var title = root.String("title");
        var kind = root.Word("kind", Words.ProtocolKinds);
        var version = root.String("version");
        var owner = root.String("owner");
        var approvers = root.Strings("approvers");
        var effective = root.Date("effective");
        var review = root.Date("review");
        var purposes = root.Mappings("purposes", Shapes.Purpose).Select(p => p.String("id")).OfType<Located<string>>().ToList();
        var legalBases = new List<LegalBasisEntry>();
        foreach (var b in root.Mappings("legal-bases", Shapes.LegalBasis))
        {
            var before = diagnostics.Count;
            var article = b.Word("article", Words.LegalArticles);
            // A provision written wrongly (or under a misspelt key) reads as none: the errors that follow blame it.
            var articleCause = article is null ? diagnostics.FirstErrorSince(before) ?? diagnostics.CauseOf(string.Empty, MappingReader.MisspeltKey(b.At, "article")) : null;
            var requires = b.Words("requires", Words.DataSubjectRequirements);
            var scheduleOne = b.String("schedule-1");
            if (b.String("id") is { } bid && b.String("name") is { } bname)
            {
                legalBases.Add(new LegalBasisEntry(bid, bname.Value) { Article = article, Requires = requires, ArticleCause = articleCause, ScheduleOne = scheduleOne, At = b.At });
            }
        }

        var parties = new List<PartyEntry>();
        foreach (var p in root.Mappings("parties", Shapes.Party))
        {
            var bases = p.Strings("legal-bases");
            var enforcement = p.Strings("law-enforcement-for");
            if (p.String("agency") is { } agency)
            {
                parties.Add(new PartyEntry(agency, bases, p.At) { LawEnforcementFor = enforcement });
            }
        }

        var covers = root.Words("covers", Words.ItemKinds);
        var personalData = root.Words("personal-data", Words.PersonalData);
        var rules = root.Mappings("rules", Shapes.Rule).Select(ParseRule).OfType<RuleDocument>().ToList();

        if (id is not { } i || title is not { } t || kind is not { } k || version is not { } v || owner is not { } o
            || effective is not { } e || review is not { } r)
        {
            return null;
        }

        var retention = new List<(Located<ItemKind>, Located<string>)>();
        var categoryRetention = new List<(Located<PersonalDataCategories>, Located<string>)>();
        if (root.Mapping("retention", Shapes.Retention) is { } kept)
        {
            retention.AddRange(Periods(kept, Words.ItemKinds));
            if (kept.Mapping("personal-data", Shapes.CategoryRetention) is { } categories)
            {
                categoryRetention.AddRange(Periods(categories, Words.PersonalData));
            }
        }

        return new ProtocolDocument(file, root.At, i, t.Value, k.Value, v, o, approvers, e, r, purposes, legalBases, parties, covers, personalData, rules, text)
        {
            Retention = retention,
            CategoryRetention = categoryRetention,
        };
    }

    /// <summary>The periods of a retention mapping whose keys are words of <paramref name="words"/>.</summary>
    private static IEnumerable<(Located<T>, Located<string>)> Periods<T>(MappingReader mapping, Vocabulary<T> words)
        where T : struct
    {
        foreach (var word in words.Words)
        {
            if (mapping.Has(word) && mapping.String(word) is { } period && words.TryParse(word, out var value))
            {
                yield return (new Located<T>(value, mapping.PositionOf(word)), period);
            }
        }
    }

    private static RuleDocument? ParseRule(MappingReader rule)
    {
        var id = rule.String("id");
        var effect = rule.Word("effect", Words.Effects);
        var legalBasis = rule.String("legal-basis");
        var from = rule.Strings("from");
        var to = rule.Strings("to");
        var actions = rule.Words("actions", Words.Actions);
        var purposes = rule.Has("purposes") ? rule.Strings("purposes") : null;
        var roles = rule.Has("roles") ? rule.Strings("roles") : null;
        var teams = rule.Has("teams") ? rule.Strings("teams") : null;
        var condition = rule.String("special-category-condition");
        var criminalCondition = rule.String("criminal-offence-condition");
        var when = rule.Mapping("when", Shapes.Conditions) is { } w ? ParseConditions(w) : ItemConditions.Any;
        var view = rule.Word("view", Words.Views);
        var obligations = rule.Words("obligations", Words.Obligations);
        if (id is not { } i || effect is not { } e)
        {
            return null;
        }

        return new RuleDocument(rule.At, i, e, legalBasis, from, to, actions, purposes, roles, when, view, obligations)
        {
            SpecialCategoryCondition = condition,
            CriminalOffenceCondition = criminalCondition,
            Teams = teams,
        };
    }

    private static ItemConditions ParseConditions(MappingReader when) => new(
        Optional(when, "kinds", Words.ItemKinds),
        Optional(when, "classifications", Words.Classifications),
        Optional(when, "handling", Words.HandlingCodes),
        Optional(when, "legacy-handling", Words.LegacyHandlings),
        Optional(when, "exploitation", Words.Exploitation),
        Optional(when, "victims", Words.AgeGroups),
        when.Has("areas") ? when.Strings("areas") : null,
        Optional(when, "personal-data", Words.PersonalData));

    private static List<Located<T>>? Optional<T>(MappingReader reader, string key, Vocabulary<T> words)
        where T : struct => reader.Has(key) ? reader.Words(key, words) : null;
}
