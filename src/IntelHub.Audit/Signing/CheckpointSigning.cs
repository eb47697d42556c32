using System.Text;
using IntelHub.Audit.Checkpoints;

namespace IntelHub.Audit.Signing;

/// <summary>Turns a checkpoint into a signed note.</summary>
public static class CheckpointSigning
{
    /// <summary>Signs <paramref name="checkpoint"/>; the key is named after the log origin.</summary>
    public static async ValueTask<SignedNote> SignAsync(Checkpoint checkpoint, ICheckpointSigner signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(signer);
        var body = checkpoint.ToBody();
        var signature = await signer.SignAsync(Encoding.UTF8.GetBytes(body), cancellationToken);
        var hint = CheckpointKey.ComputeKeyHint(signer.SubjectPublicKeyInfo.Span);
        return new SignedNote(body, [new NoteSignature(checkpoint.Origin, hint, signature)]);
    }

    /// <summary>The signer's public key under the given log origin, for a verifier's key set.</summary>
    public static CheckpointKey PublicKey(this ICheckpointSigner signer, string origin)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return CheckpointKey.FromSubjectPublicKeyInfo(origin, signer.SubjectPublicKeyInfo.Span);
    }
}
