using System.Security.Cryptography;

namespace IntelHub.Audit.Entries;

/// <summary>
/// The SHA-256 of the content that was disclosed. The log records this digest, never the content, so
/// that it can be handed to an oversight body and still proves what was shared after disposal.
/// </summary>
public readonly record struct ContentDigest
{
    /// <summary>Digest size in bytes.</summary>
    public const int Size = 32;

    private readonly string? _hex;

    private ContentDigest(string hex) => _hex = hex;

    /// <summary>Lower-case hex of the 32 digest bytes.</summary>
    public string Hex => _hex ?? throw new InvalidOperationException("This ContentDigest is the default value and holds no digest.");

    /// <summary>Digests <paramref name="content"/>.</summary>
    public static ContentDigest Of(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(content, digest);
        return FromBytes(digest);
    }

    /// <summary>Wraps an existing digest; throws unless it is 32 bytes.</summary>
    public static ContentDigest FromBytes(ReadOnlySpan<byte> digest) =>
        digest.Length == Size
            ? new ContentDigest(Convert.ToHexStringLower(digest))
            : throw new ArgumentException($"A content digest is {Size} bytes of SHA-256; got {digest.Length}.", nameof(digest));

    /// <summary>Parses 64 hex digits.</summary>
    public static ContentDigest FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return hex.Length == 2 * Size
            ? FromBytes(Convert.FromHexString(hex))
            : throw new ArgumentException($"A content digest is {2 * Size} hex digits; got {hex.Length}.", nameof(hex));
    }

    /// <summary>Writes the 32 bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => Convert.FromHexString(Hex, destination, out _, out _);

    /// <inheritdoc />
    public override string ToString() => _hex ?? "(none)";
}
