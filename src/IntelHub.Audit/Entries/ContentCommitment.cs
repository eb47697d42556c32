using System.Security.Cryptography;
using System.Text;

namespace IntelHub.Audit.Entries;

/// <summary>
/// A salted commitment to content, recorded in audit entries instead of a plain digest: SHA-256 of a
/// domain tag, a zero byte, a 32-byte secret salt and the content. A plain SHA-256 would let anyone
/// holding an export or one proof confirm a guessed report by hashing the guess; without the salt
/// no guess can be tested. The hub keeps the salt with the item, so for a court it hands over salt
/// and content and the court recomputes the commitment (<see cref="Opens"/>); the domain tag keeps
/// a commitment to a submission from ever equalling one to a disclosure of the same bytes.
/// </summary>
public static class ContentCommitment
{
    /// <summary>Salt size in bytes.</summary>
    public const int SaltSize = 32;

    /// <summary>The domain of a submission's commitment: its content as <c>intelhub audit open</c> documents it.</summary>
    public const string Submission = "intelhub/commitment/v1/submission";

    /// <summary>The domain of a disclosure's or delivery's commitment: the disclosed item's protobuf bytes.</summary>
    public const string Disclosure = "intelhub/commitment/v1/disclosure";

    /// <summary>A new random salt.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltSize);

    /// <summary>The commitment to <paramref name="content"/> under <paramref name="salt"/> in <paramref name="domain"/>.</summary>
    public static ContentDigest Commit(string domain, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"A commitment salt is {SaltSize} bytes; got {salt.Length}.", nameof(salt));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes(domain));
        hash.AppendData([0]);
        hash.AppendData(salt);
        hash.AppendData(content);
        Span<byte> digest = stackalloc byte[ContentDigest.Size];
        hash.GetHashAndReset(digest);
        return ContentDigest.FromBytes(digest);
    }

    /// <summary>Whether <paramref name="salt"/> and <paramref name="content"/> open <paramref name="commitment"/> in <paramref name="domain"/>.</summary>
    public static bool Opens(ContentDigest commitment, string domain, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> content)
    {
        if (salt.Length != SaltSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[ContentDigest.Size];
        commitment.CopyTo(expected);
        Span<byte> actual = stackalloc byte[ContentDigest.Size];
        Commit(domain, salt, content).CopyTo(actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
