using System.Buffers.Binary;
using System.Security.Cryptography;

namespace IntelHub.Audit.Checkpoints;

/// <summary>
/// A public key that signs checkpoints: ECDSA P-256, named by the log origin and identified by the
/// key hint Sigstore's Rekor uses for non-Ed25519 keys, the first four bytes of SHA-256 of the key's
/// DER SubjectPublicKeyInfo. A rotated-out key stays in a <see cref="CheckpointKeySet"/> so that old
/// checkpoints keep verifying.
/// </summary>
public sealed class CheckpointKey : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointKey(string name, ECDsa key, byte[] subjectPublicKeyInfo)
    {
        Name = name;
        _key = key;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        KeyHint = ComputeKeyHint(subjectPublicKeyInfo);
    }

    /// <summary>The key name on signature lines (the log origin).</summary>
    public string Name { get; }

    /// <summary>The DER SubjectPublicKeyInfo.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>The 4-byte key hint, big-endian.</summary>
    public uint KeyHint { get; }

    /// <summary>The key hint as 8 hex digits, as messages show it.</summary>
    public string KeyHintHex => KeyHint.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>First four bytes of SHA-256(DER SubjectPublicKeyInfo), read big-endian.</summary>
    public static uint ComputeKeyHint(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(subjectPublicKeyInfo, digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    /// <summary>Loads a P-256 public key from DER SubjectPublicKeyInfo.</summary>
    public static CheckpointKey FromSubjectPublicKeyInfo(string name, ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        if (!Checkpoint.IsValidOrigin(name))
        {
            throw new ArgumentException($"Key name '{name}' must be non-empty with no whitespace or '+'.", nameof(name));
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ArgumentException("Checkpoint keys are ECDSA on curve P-256 (secp256r1).", nameof(subjectPublicKeyInfo));
            }

            // Re-export so that the hint is computed over the canonical DER, whatever the input's form.
            return new CheckpointKey(name, key, key.ExportSubjectPublicKeyInfo());
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Loads a P-256 public key from PEM ("-----BEGIN PUBLIC KEY-----").</summary>
    public static CheckpointKey FromPem(string name, string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException invalid)
        {
            throw new ArgumentException($"Not a PEM public key: {invalid.Message}", nameof(pem), invalid);
        }

        return FromSubjectPublicKeyInfo(name, key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The public key as PEM, to hand to a verifier.</summary>
    public string ToPem() => PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfo.Span);

    /// <summary>Whether <paramref name="signature"/> (ASN.1 DER) is this key's ECDSA signature over SHA-256 of <paramref name="message"/>.</summary>
    public bool Verifies(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
