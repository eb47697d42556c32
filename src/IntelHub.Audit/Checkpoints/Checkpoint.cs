using System.Globalization;
using System.Text;
using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Checkpoints;

/// <summary>
/// A tree head in the C2SP tlog-checkpoint text format: the origin line, the tree size in decimal,
/// the root hash in standard base64, then optional extension lines. IntelHub writes one extension,
/// <c>time &lt;RFC 3339 UTC&gt;</c>, when the checkpoint was made; other verifiers ignore it.
/// </summary>
public sealed record Checkpoint
{
    private const string TimePrefix = "time ";

    /// <summary>Creates a checkpoint, checking that each part can be written as a line.</summary>
    public Checkpoint(string origin, long size, MerkleHash root, IReadOnlyList<string>? extensions = null)
    {
        CheckOrigin(origin);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _ = root.Bytes;
        extensions ??= [];
        foreach (var line in extensions)
        {
            if (string.IsNullOrEmpty(line) || line.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException("A checkpoint extension is one non-empty line.", nameof(extensions));
            }
        }

        Origin = origin;
        Size = size;
        Root = root;
        Extensions = [.. extensions];
    }

    /// <summary>The log's identity, also the name of the key that signs it.</summary>
    public string Origin { get; }

    /// <summary>Leaves in the tree.</summary>
    public long Size { get; }

    /// <summary>MTH of the first <see cref="Size"/> leaves.</summary>
    public MerkleHash Root { get; }

    /// <summary>Extension lines after the root, in order.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The time extension, when present.</summary>
    public DateTimeOffset? Time =>
        Extensions.FirstOrDefault(e => e.StartsWith(TimePrefix, StringComparison.Ordinal)) is { } line
        && DateTimeOffset.TryParseExact(line[TimePrefix.Length..], "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>A checkpoint carrying the time extension.</summary>
    public static Checkpoint At(string origin, long size, MerkleHash root, DateTimeOffset time) =>
        new(origin, size, root, [TimePrefix + time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)]);

    /// <summary>The note text that is signed: every line ends in a newline.</summary>
    public string ToBody()
    {
        var body = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Root.ToBase64()).Append('\n');
        foreach (var line in Extensions)
        {
            body.Append(line).Append('\n');
        }

        return body.ToString();
    }

    /// <summary>Parses a note body; <paramref name="error"/> names the line that is wrong.</summary>
    public static bool TryParseBody(string body, out Checkpoint? checkpoint, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        checkpoint = null;
        if (!body.EndsWith('\n'))
        {
            error = "the checkpoint text does not end with a newline";
            return false;
        }

        var lines = body[..^1].Split('\n');
        if (lines.Length < 3)
        {
            error = $"a checkpoint has at least 3 lines (origin, size, root hash); this one has {lines.Length}";
            return false;
        }

        if (!IsValidOrigin(lines[0]))
        {
            error = $"line 1: origin '{lines[0]}' is empty or holds whitespace or '+'";
            return false;
        }

        // Decimal, no sign, no leading zeros (C2SP tlog-checkpoint), so each size has one spelling.
        if (lines[1].Length == 0 || (lines[1].Length > 1 && lines[1][0] == '0') || !lines[1].All(char.IsAsciiDigit)
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            error = $"line 2: tree size '{lines[1]}' is not a decimal number without leading zeros";
            return false;
        }

        if (!MerkleHash.TryFromBase64(lines[2], out var root) || root.ToBase64() != lines[2])
        {
            error = $"line 3: root hash '{lines[2]}' is not 32 bytes in standard base64";
            return false;
        }

        if (lines.Skip(3).Any(l => l.Length == 0))
        {
            error = "an extension line is empty";
            return false;
        }

        checkpoint = new Checkpoint(lines[0], size, root, lines[3..]);
        error = null;
        return true;
    }

    internal static bool IsValidOrigin(string origin) =>
        !string.IsNullOrEmpty(origin) && !origin.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));

    private static void CheckOrigin(string origin)
    {
        if (!IsValidOrigin(origin))
        {
            throw new ArgumentException(
                $"Log origin '{origin}' must be non-empty with no whitespace or '+', e.g. 'intelhub.example.gov.uk/audit'.", nameof(origin));
        }
    }
}
