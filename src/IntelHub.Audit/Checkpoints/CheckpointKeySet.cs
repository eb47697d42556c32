using System.Text;

namespace IntelHub.Audit.Checkpoints;

/// <summary>Outcome of checking a signed checkpoint against the trusted keys.</summary>
public enum CheckpointCheck
{
    /// <summary>Parsed, and signed by a trusted key whose signature verifies.</summary>
    Valid,

    /// <summary>The text is not a signed note or not a checkpoint.</summary>
    Malformed,

    /// <summary>No signature line is from a trusted key (name and key hint).</summary>
    UnknownKey,

    /// <summary>A trusted key's signature line does not verify: the text was altered or the signature forged.</summary>
    BadSignature,
}

/// <summary>The result of <see cref="CheckpointKeySet.Verify"/>: the checkpoint and the key that vouched for it, or why not.</summary>
public sealed record VerifiedCheckpoint(CheckpointCheck Check, Checkpoint? Checkpoint, CheckpointKey? Key, string? Error)
{
    /// <summary>Whether the checkpoint verified.</summary>
    public bool IsValid => Check == CheckpointCheck.Valid;
}

/// <summary>
/// The public keys a verifier trusts. Keys are matched by name and key hint, as signed-note verifiers
/// do; signatures by keys not in the set are ignored, and one good signature by a trusted key is
/// enough. Holding old keys alongside the current one is how rotation works: every checkpoint names
/// the key that signed it.
/// </summary>
public sealed class CheckpointKeySet
{
    private readonly List<CheckpointKey> _keys;

    /// <summary>Creates a set.</summary>
    public CheckpointKeySet(IEnumerable<CheckpointKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [.. keys];
        if (_keys.Count == 0)
        {
            throw new ArgumentException("A verifier needs at least one public key.", nameof(keys));
        }
    }

    /// <summary>The keys in the set.</summary>
    public IReadOnlyList<CheckpointKey> Keys => _keys;

    /// <summary>Parses and checks a signed checkpoint.</summary>
    public VerifiedCheckpoint Verify(string noteText)
    {
        if (!SignedNote.TryParse(noteText, out var note, out var noteError))
        {
            return new VerifiedCheckpoint(CheckpointCheck.Malformed, null, null, $"not a signed note: {noteError}");
        }

        if (!Checkpoint.TryParseBody(note!.Body, out var checkpoint, out var bodyError))
        {
            return new VerifiedCheckpoint(CheckpointCheck.Malformed, null, null, $"not a checkpoint: {bodyError}");
        }

        var message = Encoding.UTF8.GetBytes(note.Body);
        foreach (var signature in note.Signatures)
        {
            var key = _keys.FirstOrDefault(k => k.Name == signature.KeyName && k.KeyHint == signature.KeyHint);
            if (key is null)
            {
                continue;
            }

            return key.Verifies(message, signature.Signature.Span)
                ? new VerifiedCheckpoint(CheckpointCheck.Valid, checkpoint, key, null)
                : new VerifiedCheckpoint(
                    CheckpointCheck.BadSignature,
                    checkpoint,
                    key,
                    $"the signature by key '{key.Name}' (hint {key.KeyHintHex}) does not verify: the checkpoint text was altered or the signature forged");
        }

        var signers = string.Join(", ", note.Signatures.Select(s => $"'{s.KeyName}' hint {s.KeyHint:x8}"));
        var trusted = string.Join(", ", _keys.Select(k => $"'{k.Name}' hint {k.KeyHintHex}"));
        return new VerifiedCheckpoint(
            CheckpointCheck.UnknownKey,
            checkpoint,
            null,
            $"signed only by unknown key(s) {signers}; trusted keys are {trusted}: pass the log's public key with --key");
    }
}
