using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace IntelHub.Policy.Documents;

/// <summary>
/// Every YAML file the hub reads goes through here. YamlDotNet builds its node tree recursively, so
/// unbounded nesting overflows the stack and kills the process; aliases let a small file stand for
/// an exponentially large one ("billion laughs"). The limits sit far above any real policy file.
/// </summary>
public static class BoundedYaml
{
    /// <summary>The longest document read, in characters.</summary>
    public const int MaxDocumentLength = 1_000_000;

    /// <summary>The deepest nesting of sequences and mappings.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes a document may stand for once every alias is expanded.</summary>
    public const int MaxExpandedNodes = 200_000;

    /// <summary>Loads the text into a stream, or throws <see cref="YamlBoundsException"/> at the first limit it breaks.</summary>
    public static YamlStream Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxDocumentLength)
            throw new YamlBoundsException(Mark.Empty, $"the document is {text.Length} characters long; the most the hub reads is {MaxDocumentLength}.");
        var stream = new YamlStream();
        stream.Load(new BoundedParser(new Parser(new StringReader(text))));
        return stream;
    }

    /// <summary>
    /// Counts nesting and the expanded size of each anchored node as events arrive, before the
    /// representation model recurses into them.
    /// </summary>
    private sealed class BoundedParser(IParser inner) : IParser
    {
        private readonly Stack<(string? Anchor, long ExpandedAtStart)> _open = new();
        private readonly Dictionary<string, long> _anchoredSizes = new(StringComparer.Ordinal);
        private long _expanded;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!Advance()) return false;
            switch (inner.Current)
            {
                case NodeEvent { } node when node is MappingStart or SequenceStart:
                    Count(node, 1);
                    _open.Push((node.Anchor.IsEmpty ? null : node.Anchor.Value, _expanded - 1));
                    if (_open.Count > MaxDepth)
                        throw new YamlBoundsException(node.Start, $"sequences and mappings are nested more than {MaxDepth} deep.");
                    break;
                case MappingEnd or SequenceEnd when _open.Count > 0:
                    var (anchor, start) = _open.Pop();
                    if (anchor is not null) _anchoredSizes[anchor] = _expanded - start;
                    break;
                case AnchorAlias alias:
                    Count(alias, _anchoredSizes.GetValueOrDefault(alias.Value.Value, 1));
                    break;
                case Scalar scalar:
                    Count(scalar, 1);
                    if (!scalar.Anchor.IsEmpty) _anchoredSizes[scalar.Anchor.Value] = 1;
                    break;
            }
            return true;
        }

        private bool Advance()
        {
            try
            {
                return inner.MoveNext();
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner fails this way on some unterminated constructs (an unclosed '[' at the end
                // of the file); the last event it produced is where the reader should look.
                var near = inner.Current?.Start ?? Mark.Empty;
                throw new YamlException(near, near, "a bracket, brace or quote opened here is never closed.");
            }
        }

        private void Count(ParsingEvent at, long nodes)
        {
            _expanded += nodes;
            if (_expanded > MaxExpandedNodes)
                throw new YamlBoundsException(at.Start, $"the document stands for more than {MaxExpandedNodes} values once its aliases are expanded.");
        }
    }
}

/// <summary>A YAML document beyond the limits of <see cref="BoundedYaml"/>: the message says which.</summary>
public sealed class YamlBoundsException(Mark at, string limit) : YamlException(at, at, limit);
