using IntelHub.Domain.Agencies;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;

namespace IntelHub.Policy.Decisions;

/// <summary>
/// A closed set of words a policy file or a request may use for one field, with the value each stands for.
/// The JSON Schema files in policies/schema/ list the same words; a test keeps the two in step.
/// </summary>
public sealed class Vocabulary<T>
    where T : struct
{
    private readonly (string Word, T Value)[] _entries;

    internal Vocabulary(string field, params (string Word, T Value)[] entries)
    {
        Field = field;
        _entries = entries;
    }

    /// <summary>What the words describe, as a protocol owner would say it ("an action").</summary>
    public string Field { get; }

    public IEnumerable<string> Words => _entries.Select(e => e.Word);

    public bool TryParse(string word, out T value)
    {
        foreach (var (w, v) in _entries)
        {
            if (string.Equals(w, word, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    public string WordFor(T value)
    {
        foreach (var (w, v) in _entries)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return w;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"No word for {Field} value {value}.");
    }

    public string Choices => string.Join(", ", Words);
}

/// <summary>One provision a legal basis rests on: its kind and, for UK GDPR, the point of the article (6(1)(e): 'e').</summary>
public readonly record struct LegalArticle(LegalArticleKind Kind, char Point)
{
    /// <summary>Article 6(1)(a) and 9(2)(a): the person's explicit consent.</summary>
    public bool IsConsent => Kind is LegalArticleKind.Article6 or LegalArticleKind.Article9 && Point == 'a';
}

/// <summary>Every closed vocabulary of the policy files and the request JSON.</summary>
public static class Words
{
    public static readonly Vocabulary<AgencyKind> AgencyKinds = new(
        "agency kind",
        ("police-force", AgencyKind.PoliceForce),
        ("regional-intelligence-unit", AgencyKind.RegionalIntelligenceUnit),
        ("law-enforcement-agency", AgencyKind.LawEnforcementAgency),
        ("prosecutor", AgencyKind.Prosecutor),
        ("local-authority", AgencyKind.LocalAuthority),
        ("health-board", AgencyKind.HealthBoard),
        ("ngo", AgencyKind.Ngo),
        ("government", AgencyKind.Government));

    public static readonly Vocabulary<ProtocolKind> ProtocolKinds = new(
        "protocol kind",
        ("isp", ProtocolKind.InformationSharingProtocol),
        ("dda", ProtocolKind.DataDisclosureAgreement));

    public static readonly Vocabulary<ItemKind> ItemKinds = new(
        "item kind",
        ("information", ItemKind.Information),
        ("intelligence", ItemKind.Intelligence),
        ("product", ItemKind.Product));

    public static readonly Vocabulary<SharingAction> Actions = new(
        "action",
        ("receive", SharingAction.Receive),
        ("view", SharingAction.View),
        ("search", SharingAction.Search),
        ("compile", SharingAction.Compile),
        ("disseminate", SharingAction.Disseminate));

    public static readonly Vocabulary<DecisionEffect> Effects = new(
        "effect",
        ("permit", DecisionEffect.Permit),
        ("deny", DecisionEffect.Deny));

    public static readonly Vocabulary<DisclosureView> Views = new(
        "view",
        ("full", DisclosureView.Full),
        ("sanitised", DisclosureView.Sanitised),
        ("existence-only", DisclosureView.ExistenceOnly));

    public static readonly Vocabulary<Obligations> Obligations = new(
        "obligation",
        ("no-onward-dissemination", Decisions.Obligations.NoOnwardDissemination),
        ("not-for-evidential-use", Decisions.Obligations.NotForEvidentialUse),
        ("notify-originator", Decisions.Obligations.NotifyOriginator),
        ("contact-originator-before-action", Decisions.Obligations.ContactOriginatorBeforeAction),
        ("refer-to-originator", Decisions.Obligations.ReferToOriginator),
        ("notify-data-subject", Decisions.Obligations.NotifyDataSubject),
        ("consent-recorded", Decisions.Obligations.ConsentRecorded));

    /// <summary>What a legal basis needs from the person: their consent, or that they are told.</summary>
    public static readonly Vocabulary<DataSubjectRequirement> DataSubjectRequirements = new(
        "data-subject requirement",
        ("consent", DataSubjectRequirement.Consent),
        ("notification", DataSubjectRequirement.Notification));

    /// <summary>
    /// The provisions a legal basis may declare it is: UK GDPR Article 6(1)(a)-(f), Article 9(2)(a)-(j), Article 10 (criminal
    /// offence data, with a DPA 2018 Schedule 1 condition), DPA 2018 Part 3 (s35(2), law-enforcement processing) and its
    /// sensitive-processing conditions (s35(4)/(5), Schedule 8), or a statutory gateway.
    /// </summary>
    public static readonly Vocabulary<LegalArticle> LegalArticles = new(
        "legal provision",
        [
            .. "abcdef".Select(c => ($"6(1)({c})", new LegalArticle(LegalArticleKind.Article6, c))),
            .. "abcdefghij".Select(c => ($"9(2)({c})", new LegalArticle(LegalArticleKind.Article9, c))),
            ("10", new LegalArticle(LegalArticleKind.Article10, ' ')),
            ("part-3", new LegalArticle(LegalArticleKind.Part3, ' ')),
            ("part-3-sensitive", new LegalArticle(LegalArticleKind.Part3Sensitive, ' ')),
            ("gateway", new LegalArticle(LegalArticleKind.Gateway, ' ')),
        ]);

    public static readonly Vocabulary<HandlingCode> HandlingCodes = new(
        "handling code",
        ("P", HandlingCode.P),
        ("C", HandlingCode.C));

    public static readonly Vocabulary<OriginatorConditions> HandlingConditions = new(
        "handling condition",
        ("no-onward-dissemination", Decisions.OriginatorConditions.NoOnwardDissemination),
        ("not-for-evidential-use", Decisions.OriginatorConditions.NotForEvidentialUse),
        ("contact-originator-before-action", Decisions.OriginatorConditions.ContactOriginatorBeforeAction),
        ("sanitised-only", Decisions.OriginatorConditions.SanitisedOnly),
        ("refer-to-originator", Decisions.OriginatorConditions.ReferToOriginator),
        ("law-enforcement-only", Decisions.OriginatorConditions.LawEnforcementOnly));

    public static readonly Vocabulary<LegacyHandling> LegacyHandlings = new(
        "legacy 5x5x5 handling code",
        ("1", LegacyHandling.LawEnforcementAndProsecutors),
        ("2", LegacyHandling.UkNonProsecutingParties),
        ("3", LegacyHandling.NonEeaLawEnforcement),
        ("4", LegacyHandling.OriginatingAgencyOnly),
        ("5", LegacyHandling.ReferToOriginator));

    public static readonly Vocabulary<ClassificationLevel> Classifications = new(
        "classification",
        ("official", ClassificationLevel.Official),
        ("official-sensitive", ClassificationLevel.OfficialSensitive));

    /// <summary>
    /// The markings a request may carry. SECRET and TOP SECRET are recognised only to be refused: they stand for
    /// "no accepted level" (0), which every decision denies.
    /// </summary>
    public static readonly Vocabulary<ClassificationLevel> RequestClassifications = new(
        "classification",
        ("official", ClassificationLevel.Official),
        ("official-sensitive", ClassificationLevel.OfficialSensitive),
        ("secret", default),
        ("top-secret", default));

    public static readonly Vocabulary<ExploitationType> Exploitation = new(
        "exploitation type",
        ("sexual", ExploitationType.Sexual),
        ("labour", ExploitationType.Labour),
        ("domestic-servitude", ExploitationType.DomesticServitude),
        ("criminal", ExploitationType.Criminal),
        ("organ-harvesting", ExploitationType.OrganHarvesting));

    public static readonly Vocabulary<AgeGroup> AgeGroups = new(
        "victim age group",
        ("adult", AgeGroup.Adult),
        ("minor", AgeGroup.Minor));

    public static readonly Vocabulary<PersonalDataCategories> PersonalData = new(
        "personal-data category",
        ("special-category", PersonalDataCategories.SpecialCategory),
        ("criminal-offence", PersonalDataCategories.CriminalOffence),
        ("children", PersonalDataCategories.Children));

    /// <summary>
    /// The personal-data categories an item may be marked with: the API's categories (UK GDPR Articles 9 and 10 map to
    /// the protocols' special-category and criminal-offence; the others are ordinary personal data) and the protocols' words.
    /// </summary>
    public static readonly Vocabulary<PersonalDataCategories> ItemPersonalData = new(
        "personal-data category of an item",
        ("special-category", PersonalDataCategories.SpecialCategory),
        ("criminal-offence", PersonalDataCategories.CriminalOffence),
        ("children", PersonalDataCategories.Children),
        ("health", PersonalDataCategories.SpecialCategory),
        ("racial-or-ethnic-origin", PersonalDataCategories.SpecialCategory),
        ("religious-beliefs", PersonalDataCategories.SpecialCategory),
        ("sex-life-or-orientation", PersonalDataCategories.SpecialCategory),
        ("genetic-or-biometric", PersonalDataCategories.SpecialCategory),
        ("identifiers", PersonalDataCategories.None),
        ("contact-details", PersonalDataCategories.None),
        ("nationality-and-immigration", PersonalDataCategories.None),
        ("financial", PersonalDataCategories.None));

    public static readonly Vocabulary<DecisionReason> Reasons = new(
        "decision reason",
        ("permitted", DecisionReason.Permitted),
        ("own-item", DecisionReason.OwnItem),
        ("no-protocol-permits", DecisionReason.NoProtocolPermits),
        ("deny-rule", DecisionReason.DenyRule),
        ("unknown-agency", DecisionReason.UnknownAgency),
        ("classification-not-accepted", DecisionReason.ClassificationNotAccepted),
        ("intelligence-without-handling-code", DecisionReason.IntelligenceWithoutHandlingCode),
        ("originating-agency-only", DecisionReason.OriginatingAgencyOnly),
        ("law-enforcement-only", DecisionReason.LawEnforcementOnly),
        ("onward-dissemination-forbidden", DecisionReason.OnwardDisseminationForbidden),
        ("unknown-role", DecisionReason.UnknownRole),
        ("unknown-name", DecisionReason.UnknownName),
        ("protocol-past-review", DecisionReason.ProtocolPastReview));
}
