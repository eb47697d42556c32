namespace IntelHub.Policy.Decisions;

/// <summary>WASPI's two kinds of protocol (domain.md, "WASPI").</summary>
public enum ProtocolKind
{
    /// <summary>An Information Sharing Protocol: regular sharing between named partners.</summary>
    InformationSharingProtocol = 1,
    /// <summary>A Data Disclosure Agreement: a one-off or limited disclosure.</summary>
    DataDisclosureAgreement = 2,
}

/// <summary>What the requester wants to do with an item.</summary>
public enum SharingAction
{
    /// <summary>Be sent the item by routing.</summary>
    Receive = 0,
    View = 1,
    Search = 2,
    /// <summary>Use the item in a product such as a problem profile.</summary>
    Compile = 3,
    /// <summary>Pass the item on to another agency.</summary>
    Disseminate = 4,
}

public enum DecisionEffect
{
    Deny = 0,
    Permit = 1,
}

/// <summary>The form in which an item is disclosed, ordered from least to most revealing.</summary>
public enum DisclosureView
{
    None = 0,
    /// <summary>The recipient learns the item exists and must refer to the originator, who decides.</summary>
    ExistenceOnly = 1,
    /// <summary>The sanitised text the submitting officer wrote for wider release.</summary>
    Sanitised = 2,
    /// <summary>The full text, which may reveal the source.</summary>
    Full = 3,
}

/// <summary>What the recipient must do, or must not do, with what it is given.</summary>
[Flags]
public enum Obligations
{
    None = 0,
    NoOnwardDissemination = 1,
    NotForEvidentialUse = 2,
    NotifyOriginator = 4,
    ContactOriginatorBeforeAction = 8,
    ReferToOriginator = 16,
    /// <summary>The legal basis relied on needs the person told of the sharing (UK GDPR Art. 13/14 or the protocol's terms).</summary>
    NotifyDataSubject = 32,
    /// <summary>The legal basis relied on is the person's consent: it must be recorded, and withdrawal stops further use.</summary>
    ConsentRecorded = 64,
}

/// <summary>What a legal basis needs from the person the data is about before sharing relies on it.</summary>
[Flags]
public enum DataSubjectRequirement
{
    None = 0,
    /// <summary>The person consented (e.g. an adult's consent to an NRM referral, UK GDPR Art. 6(1)(a) or 9(2)(a)).</summary>
    Consent = 1,
    /// <summary>The person is told that the information was shared.</summary>
    Notification = 2,
}

/// <summary>
/// What a legal basis declared by a protocol is, in law: an Article 6 lawful basis, an Article 9 condition for special
/// category data, an Article 10 condition for criminal offence data (with its DPA 2018 Schedule 1 condition), DPA 2018
/// Part 3 law-enforcement processing or its sensitive-processing conditions (s35), or a statutory gateway (a power to
/// share, such as Crime and Disorder Act 1998 s115, that needs a lawful basis besides).
/// </summary>
public enum LegalArticleKind
{
    None = 0,
    Article6 = 1,
    Article9 = 2,
    Part3 = 3,
    Part3Sensitive = 4,
    Gateway = 5,
    Article10 = 6,
}

/// <summary>The conditions an originator records on handling code C intelligence (3x5x2, APP).</summary>
[Flags]
public enum OriginatorConditions
{
    None = 0,
    NoOnwardDissemination = 1,
    NotForEvidentialUse = 2,
    ContactOriginatorBeforeAction = 4,
    /// <summary>Only the sanitised text may be released.</summary>
    SanitisedOnly = 8,
    /// <summary>Others may learn only that the item exists.</summary>
    ReferToOriginator = 16,
    LawEnforcementOnly = 32,
}

/// <summary>Categories of personal data that need a protocol to say it covers them (UK GDPR Art. 9 and 10).</summary>
[Flags]
public enum PersonalDataCategories
{
    None = 0,
    SpecialCategory = 1,
    CriminalOffence = 2,
    Children = 4,
}
