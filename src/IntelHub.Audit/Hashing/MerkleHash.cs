using System.Security.Cryptography;

namespace IntelHub.Audit.Hashing;

/// <summary>
/// A 32-byte tree hash (leaf, node or root). Validated and copied on construction, so a value once
/// made is always a whole SHA-256 output and never aliases a caller's buffer.
/// <c>default</c> holds no hash; reading it throws.
/// </summary>
public readonly struct MerkleHash : IEquatable<MerkleHash>
{
    private readonly byte[]? _bytes;

    private MerkleHash(byte[] bytes) => _bytes = bytes;

    /// <summary>The hash's bytes.</summary>
    public ReadOnlySpan<byte> Bytes =>
        _bytes ?? throw new InvalidOperationException("This MerkleHash is the default value and holds no hash.");

    /// <summary>Copies and validates <paramref name="bytes"/>.</summary>
    public static MerkleHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != MerkleHashing.HashSize)
        {
            throw new ArgumentException($"A tree hash is {MerkleHashing.HashSize} bytes; got {bytes.Length}.", nameof(bytes));
        }

        return new MerkleHash(bytes.ToArray());
    }

    /// <summary>Parses standard base64 (RFC 4648 §4), as checkpoints and proofs write hashes.</summary>
    public static bool TryFromBase64(string text, out MerkleHash hash)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> buffer = stackalloc byte[MerkleHashing.HashSize + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written) && written == MerkleHashing.HashSize)
        {
            hash = FromBytes(buffer[..written]);
            return true;
        }

        hash = default;
        return false;
    }

    /// <summary>Parses lower- or upper-case hex.</summary>
    public static MerkleHash FromHex(string hex) => FromBytes(Convert.FromHexString(hex));

    /// <summary>The hash of an empty tree.</summary>
    public static MerkleHash EmptyRoot => FromBytes(MerkleHashing.EmptyRoot);

    /// <summary>Standard base64 of the bytes.</summary>
    public string ToBase64() => Convert.ToBase64String(Bytes);

    /// <summary>Lower-case hex of the bytes.</summary>
    public string ToHex() => Convert.ToHexStringLower(Bytes);

    /// <inheritdoc />
    public override string ToString() => _bytes is null ? "(none)" : ToHex();

    /// <summary>Constant-time comparison: roots are compared with attacker-supplied values.</summary>
    public bool Equals(MerkleHash other) =>
        _bytes is null ? other._bytes is null : other._bytes is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MerkleHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, 0);

    /// <summary>Value equality.</summary>
    public static bool operator ==(MerkleHash left, MerkleHash right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(MerkleHash left, MerkleHash right) => !left.Equals(right);
}
