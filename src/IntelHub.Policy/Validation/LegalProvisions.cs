using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;

namespace IntelHub.Policy.Validation;

/// <summary>
/// What the law asks of a permit rule's legal basis, where the protocol declares which provision each basis is
/// (<c>article:</c>). UK GDPR: an Article 6 lawful basis, for special category data an Article 9 condition besides, and
/// for criminal offence data an Article 10 condition (DPA 2018 s10(5): a Schedule 1 condition) besides.
/// DPA 2018 Part 3 (law enforcement): only competent authorities, for law-enforcement purposes, with a s35
/// sensitive-processing condition (Schedule 8) for sensitive data. A basis that rests on the person's consent, or that
/// the protocol says requires the person to be told, obliges the recipient accordingly. A basis that declares no
/// provision cannot be checked against the law, so it may not carry special category or criminal offence data.
/// </summary>
internal static class LegalProvisions
{
    public static void Check(
        RuleDocument r,
        CompiledRule rule,
        LegalBasisEntry basis,
        LegalBasisEntry? condition,
        LegalBasisEntry? criminalCondition,
        IReadOnlyDictionary<string, HashSet<string>> lawEnforcementFor,
        IReadOnlyList<AgencyEntry> agencies,
        IReadOnlyDictionary<string, int> purposeIndex,
        DiagnosticBag diagnostics)
    {
        var basisAt = r.LegalBasis!.Value.At;
        var kind = basis.Article?.Value.Kind ?? LegalArticleKind.None;
        if (kind is LegalArticleKind.Article9 or LegalArticleKind.Part3Sensitive)
        {
            // The condition checks below would only restate this error.
            diagnostics.Error(basisAt, "condition-as-basis", $"'{basis.Id.Value}' is a condition for special category data ({Word(basis)}), not a lawful basis: rule '{r.Id.Value}' needs a lawful basis as well.", "Name an Article 6 basis (or DPA 2018 Part 3) under 'legal-basis:' and this one under 'special-category-condition:'.");
        }
        else if (kind == LegalArticleKind.Article10)
        {
            diagnostics.Error(basisAt, "condition-as-basis", $"'{basis.Id.Value}' is a condition for criminal offence data (Article 10), not a lawful basis: rule '{r.Id.Value}' needs a lawful basis as well.", "Name an Article 6 basis (or DPA 2018 Part 3) under 'legal-basis:' and this one under 'criminal-offence-condition:'.");
        }
        else if (kind != LegalArticleKind.None)
        {
            SpecialCategory(r, rule, kind, condition, diagnostics);
            CriminalOffence(r, rule, kind, criminalCondition, diagnostics);
        }
        else
        {
            UndeclaredProvision(r, rule, basis, diagnostics);
        }

        DataSubject(r, rule, [basis, .. new[] { condition, criminalCondition }.OfType<LegalBasisEntry>()], diagnostics);
        if (kind == LegalArticleKind.Part3)
        {
            CompetentRecipients(r, rule, lawEnforcementFor, agencies, purposeIndex, basisAt, diagnostics);
        }
    }

    /// <summary>
    /// Special category and criminal offence data may be shared only under a basis whose provision the hub can check
    /// (Articles 9 and 10 apply to UK GDPR bases, Part 3 has its own): a basis that does not say is an error.
    /// </summary>
    private static void UndeclaredProvision(RuleDocument r, CompiledRule rule, LegalBasisEntry basis, DiagnosticBag diagnostics)
    {
        var sensitive = (PersonalDataCategories)rule.PersonalDataAllowed & (PersonalDataCategories.SpecialCategory | PersonalDataCategories.CriminalOffence);
        if (sensitive == PersonalDataCategories.None)
        {
            return;
        }

        var both = sensitive == (PersonalDataCategories.SpecialCategory | PersonalDataCategories.CriminalOffence);
        var categories = both ? "special category and criminal offence data" : sensitive == PersonalDataCategories.SpecialCategory ? "special category data" : "criminal offence data";
        var words = both ? "special-category and criminal-offence" : Words.PersonalData.WordFor(sensitive);
        diagnostics.Error(
            r.LegalBasis!.Value.At,
            "undeclared-provision",
            $"Rule '{r.Id.Value}' may release {categories} (the protocol's 'personal-data' covers it) under legal basis '{basis.Id.Value}', which declares no provision, so whether the sharing is lawful cannot be checked.",
            $"Add 'article:' to legal basis '{basis.Id.Value}' (one of: {Words.LegalArticles.Choices}), or remove {words} from the protocol's 'personal-data'.",
            basis.ArticleCause);
    }

    /// <summary>A rule that may release special category data names the condition its regime requires.</summary>
    private static void SpecialCategory(RuleDocument r, CompiledRule rule, LegalArticleKind kind, LegalBasisEntry? condition, DiagnosticBag diagnostics)
    {
        var part3 = kind == LegalArticleKind.Part3;
        var expected = part3 ? LegalArticleKind.Part3Sensitive : LegalArticleKind.Article9;
        var needed = part3 ? "a DPA 2018 s35 sensitive-processing condition (Schedule 8; 'article: part-3-sensitive')" : "an Article 9 condition ('article: 9(2)(...)', e.g. 9(2)(g) with DPA 2018 Schedule 1)";
        if ((rule.PersonalDataAllowed & (int)PersonalDataCategories.SpecialCategory) == 0)
        {
            return;
        }

        if (condition is null)
        {
            if (r.SpecialCategoryCondition is null)
            {
                diagnostics.Error(r.At, "missing-special-category-condition", $"Rule '{r.Id.Value}' may release special category data (the protocol's 'personal-data' covers it) but names no condition for it besides its legal basis '{r.LegalBasis!.Value.Value}'.", $"Add 'special-category-condition:' naming a legal basis declared as {needed}, or remove special-category from the protocol's 'personal-data'.");
            }

            return;
        }

        if (condition.Article?.Value.Kind != expected)
        {
            diagnostics.Error(r.SpecialCategoryCondition!.Value.At, "wrong-special-category-condition", $"'{condition.Id.Value}' ({Word(condition)}) is not a condition {(part3 ? "Part 3 processing" : "an Article 6 basis")} can rely on for special category data.", $"Name {needed}{(part3 ? "; Part 3 processing does not use Article 9" : "; Part 3 conditions serve law-enforcement processing only")}.");
        }
    }

    /// <summary>
    /// An Article 10 basis names the Schedule 1 condition it meets (<c>schedule-1:</c>, its paragraph), and only an
    /// Article 10 basis names one. Checked where the basis is declared, whether or not a rule relies on it.
    /// </summary>
    public static void CheckDeclaration(LegalBasisEntry basis, DiagnosticBag diagnostics)
    {
        var article10 = basis.Article?.Value.Kind == LegalArticleKind.Article10;
        if (basis.ScheduleOne is not { } written)
        {
            if (article10)
            {
                diagnostics.Error(basis.At, "missing-criminal-offence-condition", $"Legal basis '{basis.Id.Value}' is an Article 10 condition for criminal offence data but does not say which DPA 2018 Schedule 1 condition it meets (DPA 2018 s10(5)).", "Add 'schedule-1:' with the paragraph of the condition, e.g. 'schedule-1: 18' (safeguarding of children and of individuals at risk) or 'schedule-1: 10' (preventing or detecting unlawful acts).");
            }

            return;
        }

        if (!article10)
        {
            diagnostics.Error(written.At, "wrong-criminal-offence-condition", $"Legal basis '{basis.Id.Value}' ({Word(basis)}) names a Schedule 1 condition, which only an Article 10 basis for criminal offence data does here.", "Write 'article: \"10\"' if this basis is the Article 10 condition, or remove 'schedule-1:' (an Article 9 basis may cite its Schedule 1 paragraph in its name).");
        }
        else if (!ScheduleOne.TryRead(written.Value, out _, out var why))
        {
            diagnostics.Error(written.At, "wrong-criminal-offence-condition", $"'{written.Value}' is not a DPA 2018 Schedule 1 condition for criminal offence data: {why}.", "Write the paragraph number of the condition the sharing meets: 1 to 4 (Part 1), 6 to 28 (Part 2) or 29 to 35 (Part 3), e.g. 18 for safeguarding or 29 for consent.");
        }
    }

    /// <summary>
    /// A UK GDPR rule that may release criminal offence data names the Article 10 condition it relies on; Part 3
    /// processing needs none (Article 10 does not apply to it), so one named there is an error.
    /// </summary>
    private static void CriminalOffence(RuleDocument r, CompiledRule rule, LegalArticleKind kind, LegalBasisEntry? condition, DiagnosticBag diagnostics)
    {
        if (kind == LegalArticleKind.Part3)
        {
            if (condition is not null)
            {
                diagnostics.Error(r.CriminalOffenceCondition!.Value.At, "wrong-criminal-offence-condition", $"Rule '{r.Id.Value}' relies on DPA 2018 Part 3, which needs no Article 10 condition, but names '{condition.Id.Value}' as one.", "Remove 'criminal-offence-condition:' from the rule; Part 3 processing of criminal offence data rests on the Part 3 basis alone.");
            }

            return;
        }

        if ((rule.PersonalDataAllowed & (int)PersonalDataCategories.CriminalOffence) == 0)
        {
            return;
        }

        if (condition is null)
        {
            if (r.CriminalOffenceCondition is null)
            {
                diagnostics.Error(r.At, "missing-criminal-offence-condition", $"Rule '{r.Id.Value}' may release criminal offence data (the protocol's 'personal-data' covers it) under the UK GDPR basis '{r.LegalBasis!.Value.Value}' but names no Article 10 condition for it.", "Add 'criminal-offence-condition:' naming a legal basis declared as 'article: \"10\"' with its DPA 2018 Schedule 1 condition ('schedule-1:'), rely on DPA 2018 Part 3 if every recipient is a competent authority, or remove criminal-offence from the protocol's 'personal-data'.");
            }

            return;
        }

        if (condition.Article?.Value.Kind != LegalArticleKind.Article10)
        {
            diagnostics.Error(r.CriminalOffenceCondition!.Value.At, "wrong-criminal-offence-condition", $"'{condition.Id.Value}' ({Word(condition)}) is not an Article 10 condition for criminal offence data.", "Name a legal basis declared as 'article: \"10\"' with its DPA 2018 Schedule 1 condition ('schedule-1:').");
        }
    }

    /// <summary>A basis resting on the person's consent, or requiring them to be told, obliges the recipient so.</summary>
    private static void DataSubject(RuleDocument r, CompiledRule rule, IEnumerable<LegalBasisEntry> reliedOn, DiagnosticBag diagnostics)
    {
        foreach (var relied in reliedOn)
        {
            var requires = relied.Requires.Aggregate(DataSubjectRequirement.None, (m, x) => m | x.Value);
            var scheduleOneConsent = relied.Article?.Value.Kind == LegalArticleKind.Article10
                && relied.ScheduleOne is { } paragraph && ScheduleOne.TryRead(paragraph.Value, out var number, out _) && number == ScheduleOne.Consent;
            if (relied.Article is { Value.IsConsent: true } || scheduleOneConsent)
            {
                requires |= DataSubjectRequirement.Consent;
            }

            if ((requires & DataSubjectRequirement.Consent) != 0 && (rule.Obligations & Obligations.ConsentRecorded) == 0)
            {
                diagnostics.Error(r.At, "missing-consent-obligation", $"Rule '{r.Id.Value}' relies on '{relied.Id.Value}', which rests on the person's consent, but does not oblige the recipient to hold the record of it.", "Add 'consent-recorded' to the rule's 'obligations', or rely on a basis that does not need consent.");
            }

            if ((requires & DataSubjectRequirement.Notification) != 0 && (rule.Obligations & Obligations.NotifyDataSubject) == 0)
            {
                diagnostics.Error(r.At, "missing-notification-obligation", $"Rule '{r.Id.Value}' relies on '{relied.Id.Value}', which requires the person to be told of the sharing, but does not oblige anyone to tell them.", "Add 'notify-data-subject' to the rule's 'obligations'.");
            }
        }
    }

    /// <summary>Part 3 applies only where the recipient is a competent authority for the purpose (DPA 2018 s30, s31).</summary>
    private static void CompetentRecipients(RuleDocument r, CompiledRule rule, IReadOnlyDictionary<string, HashSet<string>> lawEnforcementFor, IReadOnlyList<AgencyEntry> agencies, IReadOnlyDictionary<string, int> purposeIndex, SourcePosition basisAt, DiagnosticBag diagnostics)
    {
        foreach (var recipient in rule.To.Members().Where(i => !agencies[i].LawEnforcement))
        {
            var id = agencies[recipient].Id.Value;
            var competentFor = lawEnforcementFor.TryGetValue(id, out var purposes)
                ? IndexSet.Of(purposeIndex.Count, purposes.Where(purposeIndex.ContainsKey).Select(x => purposeIndex[x]))
                : IndexSet.Of(purposeIndex.Count, []);
            if (!rule.Purposes.IsSubsetOf(competentFor))
            {
                diagnostics.Error(
                    basisAt,
                    "part-3-recipient-not-competent",
                    $"Rule '{r.Id.Value}' relies on DPA 2018 Part 3 to send to '{id}', which is not a competent authority{(purposes is null ? string.Empty : " for every purpose of the rule")}.",
                    purposes is null
                        ? $"If '{id}' acts as one for its own enforcement work (e.g. trading standards), list those purposes under 'law-enforcement-for' of its party entry; otherwise rely on a UK GDPR basis."
                        : $"Limit the rule's 'purposes' to those '{id}' is a competent authority for: {string.Join(", ", purposes.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    private static string Word(LegalBasisEntry basis) =>
        basis.Article is { } article ? Words.LegalArticles.WordFor(article.Value) : "no article";
}
