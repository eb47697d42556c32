using System.Buffers.Binary;
using System.Text;

namespace IntelHub.Audit.Entries;

/// <summary>
/// The canonical byte encoding of an <see cref="AuditEntry"/> (version 1), the bytes whose leaf hash
/// goes into the tree. Specified in docs/audit.md so that another implementation can recompute every
/// hash: big-endian integers, each text field as a 16-bit length and its UTF-8 bytes, every field
/// present and in a fixed order, no padding, nothing after the last field.
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

            var written = StrictUtf8.GetBytes(strings[i], span[(at + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)written);
            at += 2 + written;
        }

        return bytes;
    }

    /// <summary>Decodes canonical bytes; on failure <paramref name="error"/> says which byte and field is wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out AuditEntry? entry, out string? error)
    {
        entry = null;
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

        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (micros < 0 || micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond)
        {
            error = $"byte 1: time {micros} µs since 1970 is out of range";
            return false;
        }

        var action = (AuditAction)bytes[9];
        if (!Enum.IsDefined(action))
        {
            error = $"byte 9: action code {bytes[9]} is not a known audit action";
            return false;
        }

        var at = 10;
        var texts = new string[FieldNames.Length];
        ContentDigest? digest = null;
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

        if (at != bytes.Length)
        {
            error = $"byte {at}: {bytes.Length - at} bytes follow the last field";
            return false;
        }

        try
        {
            entry = new AuditEntry
            {
                Time = new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (micros * TicksPerMicrosecond), TimeSpan.Zero),
                Action = action,
                Agency = texts[0],
                User = texts[1],
                Counterparty = texts[2],
                ItemId = texts[3],
                ContentDigest = digest,
                View = texts[4],
                Decision = texts[5],
                ProtocolId = texts[6],
                ProtocolVersion = texts[7],
                Rule = texts[8],
                Purpose = texts[9],
                TraceId = texts[10],
            };
        }
        catch (ArgumentException invalid)
        {
            error = invalid.Message;
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

    private const int DigestPosition = 4;

    private static string[] Fields(AuditEntry e) =>
        [e.Agency, e.User, e.Counterparty, e.ItemId, e.View, e.Decision, e.ProtocolId, e.ProtocolVersion, e.Rule, e.Purpose, e.TraceId];

    private static bool TryReadDigest(ReadOnlySpan<byte> bytes, ref int at, out ContentDigest? digest, out string? error)
    {
        digest = null;
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
            digest = ContentDigest.FromBytes(bytes.Slice(at + 1, length));
        }

        at += 1 + length;
        error = null;
        return true;
    }

    private static bool TryReadText(ReadOnlySpan<byte> bytes, ref int at, string field, out string text, out string? error)
    {
        text = "";
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

        try
        {
            text = StrictUtf8.GetString(bytes.Slice(at + 2, length));
        }
        catch (DecoderFallbackException)
        {
            error = $"byte {at + 2}: the {field} field is not valid UTF-8";
            return false;
        }

        at += 2 + length;
        error = null;
        return true;
    }
}
