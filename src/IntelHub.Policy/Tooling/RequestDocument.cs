using System.Globalization;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;

namespace IntelHub.Policy.Tooling;

/// <summary>
/// A decision request as written in JSON (<c>policy decide --request</c>) or in a policy test: names, not indices.
/// Grades are read with the Domain's 3x5x2 and 5x5x5 parsers; the handling code and the legacy handling code are
/// what the policy looks at.
/// </summary>
public sealed record RequestDocument(
    SourcePosition At,
    DateOnly On,
    string Requester,
    string Role,
    string Purpose,
    SharingAction Action,
    ItemKind Kind,
    string Originator,
    ClassificationLevel Classification,
    string Area,
    HandlingCode Handling,
    OriginatorConditions Conditions,
    LegacyHandling LegacyHandling,
    ExploitationType Exploitation,
    AgeGroup Victims,
    PersonalDataCategories PersonalData,
    bool HasSanitisedText)
{
    /// <summary>Parses a JSON or YAML request file, reporting problems as diagnostics.</summary>
    public static RequestDocument? Parse(string file, string text, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);

        // JSON is read as YAML to keep line and column; tabs outside strings are plain whitespace in JSON.
        var root = new DocumentReader(file, diagnostics).Root(text.Replace('\t', ' '), Shapes.Request);
        return root is null ? null : Read(root);
    }

    internal static RequestDocument? Read(MappingReader root)
    {
        var on = ReadInstant(root);
        var requester = root.Mapping("requester", Shapes.Requester);
        var agency = requester?.String("agency");
        var role = requester?.String("role");
        var purpose = requester?.String("purpose");
        var action = root.Word("action", Words.Actions);
        var item = root.Mapping("item", Shapes.Item);
        if (item is null || on is not { } day || agency is not { } a || role is not { } r || purpose is not { } p || action is not { } act)
        {
            return null;
        }

        var kind = item.Word("kind", Words.ItemKinds);
        var originator = item.String("originator");
        var classification = item.Word("classification", Words.RequestClassifications);
        var area = item.String("area");
        var handling = (HandlingCode)0;
        if (item.String("grading") is { } grading)
        {
            if (Grade.TryParse(grading.Value, out var grade, out var error))
            {
                handling = grade.Handling;
            }
            else
            {
                root.Reader.Diagnostics.Error(grading.At, "invalid-grading", error.Message, "Give the 3x5x2 grade, e.g. 'grading: 1AP' (source 1-3, assessment A-E, handling code P or C).");
            }
        }

        LegacyHandling legacy = 0;
        if (item.String("legacy-grading") is { } legacyGrading)
        {
            if (LegacyGrade.TryParse(legacyGrading.Value, out var grade, out var error))
            {
                legacy = grade.Handling;
            }
            else
            {
                root.Reader.Diagnostics.Error(legacyGrading.At, "invalid-grading", error.Message, "Give the 5x5x5 grade, e.g. 'legacy-grading: B24' (source A-E, intelligence 1-5, handling 1-5).");
            }
        }

        var conditions = item.Words("handling-conditions", Words.HandlingConditions).Aggregate(OriginatorConditions.None, (m, c) => m | c.Value);
        var personalData = item.Words("personal-data", Words.PersonalData).Aggregate(PersonalDataCategories.None, (m, c) => m | c.Value);
        var theme = item.Mapping("theme", Shapes.Theme);
        var exploitation = theme?.Word("exploitation", Words.Exploitation)?.Value ?? 0;
        var victims = theme?.Word("victims", Words.AgeGroups)?.Value ?? 0;
        var sanitised = item.Bool("has-sanitised-text")?.Value ?? false;
        if (kind is not { } k || originator is not { } o || classification is not { } c || area is not { } ar)
        {
            return null;
        }

        return new RequestDocument(
            root.At, day.Value, a.Value, r.Value, p.Value, act.Value, k.Value, o.Value, c.Value, ar.Value,
            handling, conditions, legacy, exploitation, victims, personalData, sanitised);
    }

    /// <summary>The request's point in time: a date (YYYY-MM-DD) or an instant with an offset; decisions use its UTC day.</summary>
    private static Located<DateOnly>? ReadInstant(MappingReader root)
    {
        var text = root.String("at");
        if (text is not { } t)
        {
            return null;
        }

        if (t.Value.Length > 10
            && DateTimeOffset.TryParseExact(t.Value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && (t.Value.EndsWith('Z') || t.Value[^6] is '+' or '-'))
        {
            return new Located<DateOnly>(DateOnly.FromDateTime(instant.UtcDateTime), t.At);
        }

        return root.ParseDate(t, "at");
    }

    /// <summary>Names the request uses that the snapshot does not know; such a request is denied.</summary>
    public IReadOnlyList<string> UnknownNames(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var unknown = new List<string>();
        if (!snapshot.Agency(Requester).IsKnown)
        {
            unknown.Add($"agency '{Requester}'");
        }

        if (!snapshot.Agency(Originator).IsKnown)
        {
            unknown.Add($"agency '{Originator}'");
        }

        if (snapshot.Role(Role).Index < 0)
        {
            unknown.Add($"role '{Role}'");
        }

        if (snapshot.Purpose(Purpose).Index < 0)
        {
            unknown.Add($"purpose '{Purpose}'");
        }

        if (snapshot.Area(Area).Index < 0)
        {
            unknown.Add($"area '{Area}'");
        }

        return unknown;
    }

    /// <summary>Resolves the names against <paramref name="snapshot"/>; unknown names become unknown refs, which deny.</summary>
    public DecisionRequest Resolve(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new DecisionRequest
        {
            Requester = snapshot.Agency(Requester),
            Role = snapshot.Role(Role),
            Purpose = snapshot.Purpose(Purpose),
            Action = Action,
            On = On,
            Item = new ItemFacts
            {
                Kind = Kind,
                Originator = snapshot.Agency(Originator),
                Classification = Classification,
                Area = snapshot.Area(Area),
                Handling = Handling,
                Conditions = Conditions,
                LegacyHandling = LegacyHandling,
                Exploitation = Exploitation,
                Victims = Victims,
                PersonalData = PersonalData,
                HasSanitisedText = HasSanitisedText,
            },
        };
    }
}
