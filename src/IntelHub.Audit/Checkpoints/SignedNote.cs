using System.Buffers.Binary;
using System.Text;

namespace IntelHub.Audit.Checkpoints;

/// <summary>A signature line of a signed note: key name, 4-byte key hint, signature bytes.</summary>
public sealed record NoteSignature
{
    /// <summary>Creates a signature line's content.</summary>
    public NoteSignature(string keyName, uint keyHint, ReadOnlyMemory<byte> signature)
    {
        if (!Checkpoint.IsValidOrigin(keyName))
        {
            throw new ArgumentException($"Key name '{keyName}' must be non-empty with no whitespace or '+'.", nameof(keyName));
        }

        KeyName = keyName;
        KeyHint = keyHint;
        Signature = signature.ToArray();
    }

    /// <summary>The signer's name (for IntelHub, the log origin).</summary>
    public string KeyName { get; }

    /// <summary>Big-endian first four bytes of SHA-256 of the key's DER SubjectPublicKeyInfo (as Rekor computes it).</summary>
    public uint KeyHint { get; }

    /// <summary>The signature bytes (ASN.1 DER ECDSA for IntelHub's keys).</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The line without its newline: em dash, space, name, space, base64(hint || signature).</summary>
    public string ToLine()
    {
        var blob = new byte[4 + Signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, KeyHint);
        Signature.Span.CopyTo(blob.AsSpan(4));
        return $"{SignedNote.SignaturePrefix}{KeyName} {Convert.ToBase64String(blob)}";
    }
}

/// <summary>
/// A C2SP signed note: UTF-8 text ending in a newline, a blank line, then one or more signature lines
/// "— name base64(keyhint || signature)". The signatures cover the text including its final newline.
/// </summary>
public sealed record SignedNote
{
    /// <summary>U+2014 EM DASH and a space: how every signature line starts.</summary>
    public const string SignaturePrefix = "\u2014 ";

    // The C2SP spec lets verifiers stop at 100 signatures; a longer note is treated as hostile.
    private const int MaxSignatures = 100;

    /// <summary>Creates a note; the body must end with a newline and contain no blank line.</summary>
    public SignedNote(string body, IReadOnlyList<NoteSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(signatures);
        if (!body.EndsWith('\n') || body.Contains("\n\n", StringComparison.Ordinal))
        {
            throw new ArgumentException("A note body ends with a newline and has no blank lines.", nameof(body));
        }

        if (signatures.Count == 0)
        {
            throw new ArgumentException("A signed note carries at least one signature.", nameof(signatures));
        }

        Body = body;
        Signatures = [.. signatures];
    }

    /// <summary>The signed text.</summary>
    public string Body { get; }

    /// <summary>The signature lines, in order.</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>The whole note as text.</summary>
    public string ToText()
    {
        var text = new StringBuilder(Body).Append('\n');
        foreach (var signature in Signatures)
        {
            text.Append(signature.ToLine()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses a note; <paramref name="error"/> names the line that is wrong.</summary>
    public static bool TryParse(string text, out SignedNote? note, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        note = null;
        var split = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "no blank line separates the note text from its signatures";
            return false;
        }

        var body = text[..(split + 1)];
        if (body.Contains("\n\n", StringComparison.Ordinal))
        {
            error = "the note text holds more than one blank line";
            return false;
        }

        var signatureBlock = text[(split + 2)..];
        if (!signatureBlock.EndsWith('\n'))
        {
            error = "the last signature line does not end with a newline";
            return false;
        }

        var lines = signatureBlock[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            error = $"the note has {lines.Length} signature lines; at most {MaxSignatures} are accepted";
            return false;
        }

        var signatures = new List<NoteSignature>(lines.Length);
        var bodyLines = body.Count(c => c == '\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = bodyLines + 2 + i;
            var line = lines[i];
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            {
                error = $"line {lineNumber}: a signature line starts with an em dash (U+2014) and a space";
                return false;
            }

            var parts = line[SignaturePrefix.Length..].Split(' ');
            if (parts.Length != 2 || !Checkpoint.IsValidOrigin(parts[0]))
            {
                error = $"line {lineNumber}: a signature line is '— <key name> <base64 signature>'";
                return false;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[1]);
            }
            catch (FormatException)
            {
                error = $"line {lineNumber}: the signature of key '{parts[0]}' is not valid base64";
                return false;
            }

            if (blob.Length < 5)
            {
                error = $"line {lineNumber}: the signature of key '{parts[0]}' is {blob.Length} bytes, too short to hold a key hint and a signature";
                return false;
            }

            signatures.Add(new NoteSignature(parts[0], BinaryPrimitives.ReadUInt32BigEndian(blob), blob.AsMemory(4)));
        }

        note = new SignedNote(body, signatures);
        error = null;
        return true;
    }
}
