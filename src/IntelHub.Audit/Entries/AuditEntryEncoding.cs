using System.Buffers.Binary;
using System.Text;

namespace IntelHub.Audit.Entries;

/// <summary>
/// The canonical byte encoding of an <see cref="AuditEntry"/> (version 1), the bytes whose leaf hash
/// goes into the tree. Specified in docs/audit.md so that another implementation can recompute every
/// hash: big-endian integers, each text field as a 16-bit length and its UTF-8 bytes, every field
/// present and in a fixed order, no padding. The extension (justification, search terms, result
/// count) follows the trace id only when the entry has one of them, so entries without them encode
/// exactly as before it existed; nothing follows the extension.
/// </summary>
public static class AuditEntryEncoding
{
    /// <summary>The first byte of every version-1 entry.</summary>
    public const byte Version = 1;

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const long TicksPerMicrosecond = 10;

    /// <summary>The canonical bytes of <paramref name="entry"/>.</summary>
    public static byte[] Encode(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var strings = Fields(entry);
        var length = 1 + 8 + 1 + 1 + (entry.ContentDigest is null ? 0 : ContentDigest.Size);
        foreach (var s in strings)
        {
            length += 2 + StrictUtf8.GetByteCount(s);
        }

        if (entry.HasExtension)
        {
            length += 2 + StrictUtf8.GetByteCount(entry.Justification) + 2 + StrictUtf8.GetByteCount(entry.SearchTerms)
                + 1 + (entry.ResultCount is null ? 0 : 4);
        }

        var bytes = new byte[length];
        var span = bytes.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], (entry.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond);
        span[9] = (byte)entry.Action;
        var at = 10;
        for (var i = 0; i < strings.Length; i++)
        {
            if (i == DigestPosition)
            {
                if (entry.ContentDigest is { } digest)
                {
                    span[at++] = ContentDigest.Size;
                    digest.CopyTo(span.Slice(at, ContentDigest.Size));
                    at += ContentDigest.Size;
                }
                else
                {
                    span[at++] = 0;
                }
            }

            WriteText(span, ref at, strings[i]);
        }

        if (entry.HasExtension)
        {
            WriteText(span, ref at, entry.Justification);
            WriteText(span, ref at, entry.SearchTerms);
            span[at++] = entry.ResultCount is null ? (byte)0 : (byte)1;
            if (entry.ResultCount is { } count)
            {
                BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)count);
            }
        }

        return bytes;
    }

    private static void WriteText(Span<byte> span, ref int at, string text)
    {
        var written = StrictUtf8.GetBytes(text, span[(at + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)written);
        at += 2 + written;
    }

    /// <summary>
    /// Checks that <paramref name="bytes"/> are one well-formed canonical entry without building it:
    /// the verifier's per-entry check, which allocates nothing unless the entry is bad.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> bytes, out string? error)
    {
        Span<Range> texts = stackalloc Range[FieldNames.Length + ExtensionNames.Length];
        return TryWalk(bytes, texts, out _, out _, out _, out _, out error);
    }

    /// <summary>Decodes canonical bytes; on failure <paramref name="error"/> says which byte and field is wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out AuditEntry? entry, out string? error)
    {
        entry = null;
        Span<Range> texts = stackalloc Range[FieldNames.Length + ExtensionNames.Length];
        if (!TryWalk(bytes, texts, out var micros, out var action, out var digest, out var resultCount, out error))
        {
            return false;
        }

        var text = new string[texts.Length];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = StrictUtf8.GetString(bytes[texts[i]]);
        }

        try
        {
            entry = new AuditEntry
            {
                Time = new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (micros * TicksPerMicrosecond), TimeSpan.Zero),
                Action = action,
                Agency = text[0],
                User = text[1],
                Counterparty = text[2],
                ItemId = text[3],
                ContentDigest = digest.Equals(default(Range)) ? null : ContentDigest.FromBytes(bytes[digest]),
                View = text[4],
                Decision = text[5],
                ProtocolId = text[6],
                ProtocolVersion = text[7],
                Rule = text[8],
                Purpose = text[9],
                TraceId = text[10],
                Justification = text[11],
                SearchTerms = text[12],
                ResultCount = resultCount,
            };
        }
        catch (ArgumentException invalid)
        {
            error = invalid.Message;
            return false;
        }

        return true;
    }

    // One pass over the layout: bounds, version, action code, lengths, UTF-8 validity, the extension, no trailing bytes.
    private static bool TryWalk(ReadOnlySpan<byte> bytes, Span<Range> texts, out long micros, out AuditAction action, out Range digest, out int? resultCount, out string? error)
    {
        resultCount = null;
        micros = 0;
        action = default;
        digest = default;
        if (bytes.Length < 11)
        {
            error = $"the entry is {bytes.Length} bytes; a version-1 entry is at least 11";
            return false;
        }

        if (bytes[0] != Version)
        {
            error = $"byte 0: encoding version {bytes[0]} is not the supported version {Version}";
            return false;
        }

        micros = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (micros < 0 || micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond)
        {
            error = $"byte 1: time {micros} µs since 1970 is out of range";
            return false;
        }

        action = (AuditAction)bytes[9];
        if (!Enum.IsDefined(action))
        {
            error = $"byte 9: action code {bytes[9]} is not a known audit action";
            return false;
        }

        var at = 10;
        for (var i = 0; i < FieldNames.Length; i++)
        {
            if (i == DigestPosition && !TryReadDigest(bytes, ref at, out digest, out error))
            {
                return false;
            }

            if (!TryReadText(bytes, ref at, FieldNames[i], out texts[i], out error))
            {
                return false;
            }
        }

        if (texts[0].End.Value == texts[0].Start.Value)
        {
            error = "byte 10: the agency field is empty; every entry names the acting agency";
            return false;
        }

        if (bytes.Length - at >= MinExtensionBytes && !TryReadExtension(bytes, ref at, texts[FieldNames.Length..], out resultCount, out error))
        {
            return false;
        }

        if (at != bytes.Length)
        {
            error = $"byte {at}: {bytes.Length - at} bytes follow the last field";
            return false;
        }

        error = null;
        return true;
    }

    // The extension: justification, search terms, then a result-count flag (0 none, 1 present) and the count as
    // 32 bits. An extension with every part empty is not canonical: such an entry is encoded without one.
    private static bool TryReadExtension(ReadOnlySpan<byte> bytes, ref int at, Span<Range> texts, out int? resultCount, out string? error)
    {
        resultCount = null;
        var start = at;
        for (var i = 0; i < ExtensionNames.Length; i++)
        {
            if (!TryReadText(bytes, ref at, ExtensionNames[i], out texts[i], out error))
            {
                return false;
            }
        }

        if (at >= bytes.Length || bytes[at] > 1)
        {
            error = at >= bytes.Length
                ? $"byte {at}: the entry ends before the result count flag"
                : $"byte {at}: result count flag {bytes[at]} is neither 0 (none) nor 1";
            return false;
        }

        if (bytes[at++] == 1)
        {
            if (at + 4 > bytes.Length)
            {
                error = $"byte {at}: the result count runs past the end of the entry";
                return false;
            }

            var count = BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);
            if (count > int.MaxValue)
            {
                error = $"byte {at}: result count {count} is out of range";
                return false;
            }

            resultCount = (int)count;
            at += 4;
        }

        if (resultCount is null && texts[0].End.Value == texts[0].Start.Value && texts[1].End.Value == texts[1].Start.Value)
        {
            error = $"byte {start}: the extension is empty; an entry without justification, search terms or result count has no extension";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Decodes canonical bytes or throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static AuditEntry Decode(ReadOnlySpan<byte> bytes) =>
        TryDecode(bytes, out var entry, out var error) ? entry! : throw new InvalidDataException($"Not a canonical audit entry: {error}.");

    // The text fields in encoding order; the content digest sits between item id and view.
    private static readonly string[] FieldNames =
        ["agency", "user", "counterparty", "item id", "view", "decision", "protocol id", "protocol version", "rule", "purpose", "trace id"];

    // The extension's text fields, in encoding order, after the trace id.
    private static readonly string[] ExtensionNames = ["justification", "search terms"];

    // Two empty texts and the result count flag: fewer bytes after the trace id cannot be an extension.
    private const int MinExtensionBytes = 2 + 2 + 1;

    private const int DigestPosition = 4;

    private static string[] Fields(AuditEntry e) =>
        [e.Agency, e.User, e.Counterparty, e.ItemId, e.View, e.Decision, e.ProtocolId, e.ProtocolVersion, e.Rule, e.Purpose, e.TraceId];

    private static bool TryReadDigest(ReadOnlySpan<byte> bytes, ref int at, out Range digest, out string? error)
    {
        digest = default;
        if (at >= bytes.Length)
        {
            error = $"byte {at}: the entry ends before the content digest";
            return false;
        }

        var length = bytes[at];
        if (length != 0 && length != ContentDigest.Size)
        {
            error = $"byte {at}: content digest length {length} is neither 0 (none) nor {ContentDigest.Size}";
            return false;
        }

        if (at + 1 + length > bytes.Length)
        {
            error = $"byte {at}: the content digest runs past the end of the entry";
            return false;
        }

        if (length != 0)
        {
            digest = new Range(at + 1, at + 1 + length);
        }

        at += 1 + length;
        error = null;
        return true;
    }

    private static bool TryReadText(ReadOnlySpan<byte> bytes, ref int at, string field, out Range text, out string? error)
    {
        text = default;
        if (at + 2 > bytes.Length)
        {
            error = $"byte {at}: the entry ends before the {field} field";
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
        if (at + 2 + length > bytes.Length)
        {
            error = $"byte {at}: the {field} field claims {length} bytes but only {bytes.Length - at - 2} remain";
            return false;
        }

        if (length > AuditEntry.MaxFieldBytes)
        {
            error = $"byte {at}: the {field} field is {length} bytes; the most a field holds is {AuditEntry.MaxFieldBytes}";
            return false;
        }

        text = new Range(at + 2, at + 2 + length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes[text]))
        {
            error = $"byte {at + 2}: the {field} field is not valid UTF-8";
            return false;
        }

        at += 2 + length;
        error = null;
        return true;
    }
}
