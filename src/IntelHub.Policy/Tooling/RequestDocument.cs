using System.Globalization;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;

namespace IntelHub.Policy.Tooling;

/// <summary>
/// A decision request as written in JSON (<c>policy decide --request</c>) or in a policy test. It describes the item
/// as the hub does (<see cref="ItemDescription"/>: themes, areas by GSS code or slug, the API's personal-data
/// categories, grades as text) and is decided by the same <see cref="PolicySnapshot.Decide(ItemRequest)"/> as the hub.
/// </summary>
public sealed record RequestDocument(SourcePosition At, ItemRequest Question)
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
        var team = requester?.String("team");
        var action = root.Word("action", Words.Actions);
        var item = root.Mapping("item", Shapes.Item);
        var description = item is null ? null : ReadItem(item);
        if (description is null || on is not { } day || agency is not { } a || role is not { } r || purpose is not { } p || action is not { } act)
        {
            return null;
        }

        return new RequestDocument(root.At, new ItemRequest(a.Value, r.Value, p.Value, act.Value, description, day.Value) { Team = team?.Value });
    }

    private static ItemDescription? ReadItem(MappingReader item)
    {
        var diagnostics = item.Reader.Diagnostics;
        var kind = item.Word("kind", Words.ItemKinds);
        var originator = item.String("originator");
        var classification = item.Word("classification", Words.RequestClassifications);
        var grading = item.String("grading");
        if (grading is { } g && !Grade.TryParse(g.Value, out _, out var gradeError))
        {
            diagnostics.Error(g.At, "invalid-grading", gradeError.Message, "Give the 3x5x2 grade, e.g. 'grading: 1AP' (source 1-3, assessment A-E, handling code P or C).");
        }

        var legacy = item.String("legacy-grading");
        if (legacy is { } l && !LegacyGrade.TryParse(l.Value, out _, out var legacyError))
        {
            diagnostics.Error(l.At, "invalid-grading", legacyError.Message, "Give the 5x5x5 grade, e.g. 'legacy-grading: B24' (source A-E, intelligence 1-5, handling 1-5).");
        }

        var conditions = item.Strings("handling-conditions");
        foreach (var condition in conditions.Where(c => !Words.HandlingConditions.TryParse(c.Value, out _) && !c.Value.StartsWith(PolicySnapshot.OtherConditionPrefix, StringComparison.Ordinal)))
        {
            item.ParseWord(condition, Words.HandlingConditions, "handling-conditions");
        }

        var personalData = item.Strings("personal-data");
        foreach (var category in personalData)
        {
            item.ParseWord(category, Words.ItemPersonalData, "personal-data");
        }

        var themes = new List<ItemTheme>();
        var written = item.Mappings("themes", Shapes.Theme);
        if (item.Mapping("theme", Shapes.Theme) is { } one)
        {
            written.Insert(0, one);
        }

        foreach (var theme in written)
        {
            themes.Add(new ItemTheme(theme.Word("exploitation", Words.Exploitation)?.Value ?? 0, theme.Word("victims", Words.AgeGroups)?.Value ?? 0));
        }

        // Areas as the hub takes them (GSS codes) or as protocols write them (slugs); unknown ones deny when decided.
        var areas = item.Strings("areas").Select(x => x.Value).ToList();
        if (item.String("area") is { } area)
        {
            areas.Insert(0, area.Value);
        }

        var sanitised = item.Bool("has-sanitised-text")?.Value ?? false;
        if (kind is not { } k || originator is not { } o || classification is not { } c)
        {
            return null;
        }

        return new ItemDescription
        {
            Kind = k.Value,
            Originator = o.Value,
            Classification = c.Value,
            Grading = grading?.Value,
            LegacyGrading = legacy?.Value,
            HandlingConditions = [.. conditions.Select(x => x.Value)],
            Themes = themes,
            Areas = areas,
            PersonalData = [.. personalData.Select(x => x.Value)],
            HasSanitisedText = sanitised,
        };
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
        return snapshot.UnknownNames(Question);
    }
}
