using System.Globalization;

namespace IntelHub.Policy.Validation;

/// <summary>
/// The conditions of DPA 2018 Schedule 1 that authorise processing criminal offence data under UK GDPR Article 10
/// (DPA 2018 s10(5): any condition of Parts 1, 2 or 3), by paragraph. Paragraphs 5 and 38-41 are requirements, not
/// conditions, and 36-37 only extend Part 2 conditions to Article 10: a basis cites the paragraph it actually meets.
/// </summary>
internal static class ScheduleOne
{
    /// <summary>Paragraph 29: the person's consent.</summary>
    public const int Consent = 29;

    private static readonly Dictionary<int, string> Conditions = new()
    {
        [1] = "employment, social security and social protection",
        [2] = "health or social care purposes",
        [3] = "public health",
        [4] = "research etc",
        [6] = "statutory etc and government purposes",
        [7] = "administration of justice and parliamentary purposes",
        [8] = "equality of opportunity or treatment",
        [9] = "racial and ethnic diversity at senior levels of organisations",
        [10] = "preventing or detecting unlawful acts",
        [11] = "protecting the public against dishonesty etc",
        [12] = "regulatory requirements relating to unlawful acts and dishonesty etc",
        [13] = "journalism etc in connection with unlawful acts and dishonesty etc",
        [14] = "preventing fraud",
        [15] = "suspicion of terrorist financing or money laundering",
        [16] = "support for individuals with a particular disability or medical condition",
        [17] = "counselling etc",
        [18] = "safeguarding of children and of individuals at risk",
        [19] = "safeguarding of economic well-being of certain individuals",
        [20] = "insurance",
        [21] = "occupational pensions",
        [22] = "political parties",
        [23] = "elected representatives responding to requests",
        [24] = "disclosure to elected representatives",
        [25] = "informing elected representatives about prisoners",
        [26] = "publication of legal judgments",
        [27] = "anti-doping in sport",
        [28] = "standards of behaviour in sport",
        [29] = "consent",
        [30] = "protecting individual's vital interests",
        [31] = "processing by not-for-profit bodies",
        [32] = "personal data in the public domain",
        [33] = "legal claims",
        [34] = "judicial acts",
        [35] = "administration of accounts used in commission of indecency offences involving children",
    };

    /// <summary>The paragraphs that are in the schedule but are not a condition a basis can meet, and why.</summary>
    private static readonly Dictionary<int, string> NotConditions = new()
    {
        [5] = "paragraph 5 requires an appropriate policy document; it is not a condition",
        [36] = "paragraph 36 only extends the Part 2 conditions to criminal offence data; cite the Part 2 paragraph met (e.g. 18)",
        [37] = "paragraph 37 only extends the insurance condition; cite paragraph 20",
        [38] = "Part 4 (paragraphs 38 to 41) sets the policy-document safeguards; it holds no condition",
        [39] = "Part 4 (paragraphs 38 to 41) sets the policy-document safeguards; it holds no condition",
        [40] = "Part 4 (paragraphs 38 to 41) sets the policy-document safeguards; it holds no condition",
        [41] = "Part 4 (paragraphs 38 to 41) sets the policy-document safeguards; it holds no condition",
    };

    /// <summary>The condition's paragraph and name; false, with why, when the text is not a Schedule 1 condition.</summary>
    public static bool TryRead(string text, out int paragraph, out string nameOrWhy)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out paragraph))
        {
            nameOrWhy = "it is not a paragraph number of DPA 2018 Schedule 1";
            return false;
        }

        if (Conditions.TryGetValue(paragraph, out var name))
        {
            nameOrWhy = name;
            return true;
        }

        nameOrWhy = NotConditions.TryGetValue(paragraph, out var why) ? why : "DPA 2018 Schedule 1 has no such paragraph (its conditions are paragraphs 1 to 4 and 6 to 35)";
        return false;
    }
}
