namespace IntelHub.Storage.Relational;

/// <summary>
/// Builds a profile read's rows from its columns. Shapes take few distinct values: each shape text is parsed once per
/// read and every row with it gets the same <see cref="ProfileShape"/>, found from the text's characters without a
/// string made per row; lists within a shape (handling conditions, personal data, themes, areas) are shared likewise.
/// </summary>
internal sealed class ProfileRowBuilder
{
    /// <summary>Separates a shape text's fields (the ASCII record separator: in no code, stored key or JSON text).</summary>
    public const char FieldSeparator = '\u001e';

    private readonly Dictionary<string, ProfileShape> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProfileShape>.AlternateLookup<ReadOnlySpan<char>> _shapesBySpan;
    private readonly Dictionary<string, IReadOnlyList<string>> _jsonLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _sets = new(StringComparer.Ordinal);

    public ProfileRowBuilder() => _shapesBySpan = _shapes.GetAlternateLookup<ReadOnlySpan<char>>();

    public ProfileShape ShapeOf(ReadOnlySpan<char> text)
    {
        if (_shapesBySpan.TryGetValue(text, out var shape)) return shape;
        var key = text.ToString();
        _shapes.Add(key, shape = Parse(key));
        return shape;
    }

    public static ProfileRow Row(string itemId, ProfileShape shape, DateTimeOffset eventsFrom, DateTimeOffset eventsTo, string? entities, string? people) => new()
    {
        ItemId = itemId,
        Shape = shape,
        EventsFrom = eventsFrom,
        EventsTo = eventsTo,
        Entities = EntityPairs(entities),
        People = people is null ? [] : [.. people.Split(ProfileSummary.Separator).Select(Person)],
    };

    private ProfileShape Parse(string text)
    {
        var fields = text.Split(FieldSeparator);
        if (fields.Length != 10) throw new FormatException($"A profile shape has {fields.Length} fields where 10 were expected.");
        return new ProfileShape
        {
            Kind = fields[0],
            OriginatorAgencyId = fields[1],
            Classification = fields[2],
            Grading = fields[3].Length == 0 ? null : fields[3],
            LegacyGrading = fields[4].Length == 0 ? null : fields[4],
            HandlingConditions = JsonListOf(fields[5]),
            PersonalDataCategories = JsonListOf(fields[6]),
            HasSanitisedText = fields[7] == "1",
            Themes = SetOf(fields[8]),
            Areas = SetOf(fields[9]),
        };
    }

    private IReadOnlyList<string> JsonListOf(string json)
    {
        if (!_jsonLists.TryGetValue(json, out var list)) _jsonLists.Add(json, list = JsonList.Read(json));
        return list;
    }

    private string[] SetOf(string joined)
    {
        if (joined.Length == 0) return [];
        if (!_sets.TryGetValue(joined, out var set)) _sets.Add(joined, set = joined.Split(ProfileSummary.Separator));
        return set;
    }

    /// <summary>A person as joined in the summary: role, nationality and match key (a role or code holds no '|').</summary>
    private static ItemPerson Person(string joined)
    {
        var first = joined.IndexOf('|', StringComparison.Ordinal);
        var second = joined.IndexOf('|', first + 1);
        return new ItemPerson(joined[..first], joined[(first + 1)..second], joined[(second + 1)..]);
    }

    /// <summary>An item's entities as (kind, match key), read from the joined list without splitting it into strings first.</summary>
    private static List<(string Kind, string MatchKey)> EntityPairs(string? joined)
    {
        if (joined is null) return [];
        var pairs = new List<(string Kind, string MatchKey)>(1);
        foreach (var range in joined.AsSpan().Split(ProfileSummary.Separator))
        {
            var part = joined.AsSpan(range);
            var bar = part.IndexOf('|');
            pairs.Add((KindName(part[..bar]), part[(bar + 1)..].ToString()));
        }
        return pairs;
    }

    /// <summary>The stored entity kind as one shared string per kind (a million rows name six kinds).</summary>
    private static string KindName(ReadOnlySpan<char> kind) => kind switch
    {
        "person" => "person",
        "location" => "location",
        "vehicle" => "vehicle",
        "phone-number" => "phone-number",
        "organisation" => "organisation",
        "business" => "business",
        _ => kind.ToString(),
    };
}
