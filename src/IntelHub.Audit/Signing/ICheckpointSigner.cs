namespace IntelHub.Audit.Signing;

/// <summary>
/// Signs checkpoints with an ECDSA P-256 key. The private key may live anywhere (a local file, a key
/// vault); the log only needs its public key and signatures.
/// </summary>
public interface ICheckpointSigner
{
    /// <summary>The DER SubjectPublicKeyInfo of the signing key, from which verifiers compute the key hint.</summary>
    ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>ASN.1 DER ECDSA signature over SHA-256 of <paramref name="message"/>.</summary>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);
}
