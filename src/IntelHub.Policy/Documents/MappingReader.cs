using System.Globalization;
using System.Text.RegularExpressions;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntelHub.Policy.Documents;

/// <summary>
/// Reads one YAML (or JSON) document through YamlDotNet's representation model so that every node keeps its
/// line and column, and reports what it cannot accept as diagnostics rather than exceptions.
/// </summary>
internal sealed partial class DocumentReader(string file, DiagnosticBag diagnostics)
{
    public string File { get; } = file;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourcePosition At(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public SourcePosition Start => new(File, 1, 1);

    /// <summary>Parses the text and returns its top-level mapping checked against <paramref name="shape"/>.</summary>
    public MappingReader? Root(string text, Shape shape)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(text);
        }
        catch (YamlBoundsException e)
        {
            Diagnostics.Error(new SourcePosition(File, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column)), "too-large",
                $"The file is beyond what the hub reads: {e.Message}", "Split the document or write it flatter; a sharing protocol needs neither deep nesting nor large aliases.");
            return null;
        }
        catch (YamlException e)
        {
            SyntaxError(new SourcePosition(File, (int)e.Start.Line, (int)e.Start.Column), FirstLine(e.Message));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            Diagnostics.Error(Start, "empty-file", $"The file is empty; it should hold a {shape.Name}.", $"Write the {shape.Name}, starting with the key '{shape.Required[0]}:'.");
            return null;
        }

        return Mapping(stream.Documents[0].RootNode, shape);
    }

    private void SyntaxError(SourcePosition at, string detail) =>
        Diagnostics.Error(
            at,
            "syntax",
            $"The file is not valid YAML: {detail}",
            "Correct the YAML at this position (check indentation, a missing ':' or quote, an unclosed bracket, or a key written twice).");

    public MappingReader? Mapping(YamlNode node, Shape shape)
    {
        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(this, mapping, shape);
        }

        Diagnostics.Error(At(node), "expected-mapping", $"Expected a {shape.Name} written as 'key: value' lines here.", $"Write the {shape.Name} as a mapping with the keys {string.Join(", ", shape.Keys)}.");
        return null;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    internal static partial Regex IsoDate();

    /// <summary>Suggests the closest word, so that a misspelt key or value gets "did you mean".</summary>
    internal static string? Closest(string word, IEnumerable<string> choices)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var choice in choices)
        {
            var d = Distance(word.ToUpperInvariant(), choice.ToUpperInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = choice;
            }
        }

        return bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

/// <summary>Typed access to the keys of one mapping; every problem becomes a diagnostic with the key's position.</summary>
internal sealed class MappingReader
{
    private readonly DocumentReader _reader;
    private readonly YamlMappingNode _node;
    private readonly Shape _shape;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _values = new(StringComparer.Ordinal);

    public MappingReader(DocumentReader reader, YamlMappingNode node, Shape shape)
    {
        _reader = reader;
        _node = node;
        _shape = shape;
        foreach (var (key, value) in node.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;
            if (!shape.Keys.Contains(name, StringComparer.Ordinal))
            {
                var suggestion = DocumentReader.Closest(name, shape.Keys);
                reader.Diagnostics.Error(
                    reader.At(key),
                    "unknown-key",
                    $"A {shape.Name} has no key '{name}'.",
                    suggestion is null
                        ? $"Remove it; the keys of a {shape.Name} are: {string.Join(", ", shape.Keys)}."
                        : $"Did you mean '{suggestion}'? The keys of a {shape.Name} are: {string.Join(", ", shape.Keys)}.");
                if (suggestion is not null)
                {
                    reader.Diagnostics.Blame(MisspeltKey(reader.At(node), suggestion), reader.At(key));
                }

                continue;
            }

            _values[name] = (key, value);
        }

        foreach (var required in shape.Required)
        {
            if (!_values.ContainsKey(required))
            {
                reader.Diagnostics.Error(At, "missing-key", $"This {shape.Name} has no '{required}'.", $"Add '{required}:' to the {shape.Name} that starts here.", reader.Diagnostics.CauseOf(string.Empty, MisspeltKey(At, required)));
            }
        }
    }

    public SourcePosition At => _reader.At(_node);

    /// <summary>
    /// The name under which a key written close to <paramref name="key"/> in the mapping at <paramref name="mapping"/>
    /// is blamed: "no 'view'" follows from a 'veiw:' written in the same mapping.
    /// </summary>
    public static string MisspeltKey(SourcePosition mapping, string key) => $"key '{key}' of the mapping at {mapping}";

    public DocumentReader Reader => _reader;

    public bool Has(string key) => _values.ContainsKey(key);

    public SourcePosition PositionOf(string key) => _values.TryGetValue(key, out var kv) ? _reader.At(kv.Value) : At;

    public Located<string>? String(string key)
    {
        if (!_values.TryGetValue(key, out var kv))
        {
            return null;
        }

        return Scalar(kv.Value, key);
    }

    public Located<bool>? Bool(string key)
    {
        var text = String(key);
        if (text is not { } t)
        {
            return null;
        }

        if (t.Value is "true" or "false")
        {
            return new Located<bool>(t.Value == "true", t.At);
        }

        Error(t.At, "invalid-value", $"'{key}' must be true or false; found '{t.Value}'.", $"Write '{key}: true' or '{key}: false'.");
        return null;
    }

    /// <summary>A date written strictly as YYYY-MM-DD.</summary>
    public Located<DateOnly>? Date(string key)
    {
        var text = String(key);
        return text is { } t ? ParseDate(t, key) : null;
    }

    public Located<DateOnly>? ParseDate(Located<string> text, string key)
    {
        if (DocumentReader.IsoDate().IsMatch(text.Value)
            && DateOnly.TryParseExact(text.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new Located<DateOnly>(date, text.At);
        }

        Error(text.At, "invalid-date", $"'{key}' must be a date written YYYY-MM-DD; found '{text.Value}'.", $"Write the date as year-month-day, e.g. '{key}: 2026-04-01'.");
        return null;
    }

    public Located<T>? Word<T>(string key, Vocabulary<T> words)
        where T : struct
    {
        var text = String(key);
        return text is { } t ? ParseWord(t, words, key) : null;
    }

    public Located<T>? ParseWord<T>(Located<string> text, Vocabulary<T> words, string key)
        where T : struct
    {
        if (words.TryParse(text.Value, out var value))
        {
            return new Located<T>(value, text.At);
        }

        var suggestion = DocumentReader.Closest(text.Value, words.Words);
        Error(
            text.At,
            "unknown-value",
            $"'{text.Value}' is not a known {words.Field} for '{key}'.",
            (suggestion is null ? string.Empty : $"Did you mean '{suggestion}'? ") + $"Use one of: {words.Choices}.");
        return null;
    }

    /// <summary>A list of scalars; a single scalar is not accepted, so that lists look the same everywhere.</summary>
    public List<Located<string>> Strings(string key)
    {
        var result = new List<Located<string>>();
        foreach (var child in Sequence(key, $"Write it as a list, e.g. '{key}: [a, b]' or one '- a' line per entry."))
        {
            if (Scalar(child, key) is { } s)
            {
                result.Add(s);
            }
        }

        return result;
    }

    public List<Located<T>> Words<T>(string key, Vocabulary<T> words)
        where T : struct
    {
        var result = new List<Located<T>>();
        foreach (var text in Strings(key))
        {
            if (ParseWord(text, words, key) is { } v)
            {
                result.Add(v);
            }
        }

        return result;
    }

    public MappingReader? Mapping(string key, Shape shape) =>
        _values.TryGetValue(key, out var kv) ? _reader.Mapping(kv.Value, shape) : null;

    public List<MappingReader> Mappings(string key, Shape shape)
    {
        var result = new List<MappingReader>();
        foreach (var child in Sequence(key, $"Write one '- ' entry per {shape.Name} under '{key}:'."))
        {
            if (_reader.Mapping(child, shape) is { } m)
            {
                result.Add(m);
            }
        }

        return result;
    }

    /// <summary>The entries of a list-valued key; none when the key is absent or (reported) not a list.</summary>
    private IEnumerable<YamlNode> Sequence(string key, string fix)
    {
        if (!_values.TryGetValue(key, out var kv))
        {
            return [];
        }

        if (kv.Value is YamlSequenceNode sequence)
        {
            return sequence.Children;
        }

        Error(_reader.At(kv.Value), "expected-list", $"'{key}' must be a list.", fix);
        return [];
    }

    private Located<string>? Scalar(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value))
        {
            return new Located<string>(scalar.Value.Trim(), _reader.At(node));
        }

        Error(_reader.At(node), "expected-value", $"'{key}' needs a single value here.", $"Write one value after '{key}:' (quote it if it contains ':' or '#').");
        return null;
    }

    private void Error(SourcePosition at, string code, string message, string fix) => _reader.Diagnostics.Error(at, code, message, fix);
}
