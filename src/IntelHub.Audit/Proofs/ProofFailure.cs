namespace IntelHub.Audit.Proofs;

/// <summary>Why a Merkle proof did not verify.</summary>
public enum ProofFailure
{
    /// <summary>The leaf index is not inside the tree, or the sizes are out of order.</summary>
    IndexOutOfRange,

    /// <summary>The proof has the wrong number of hashes for the index and size it claims.</summary>
    WrongLength,

    /// <summary>A hash in the proof is not 32 bytes, or a root or leaf hash is malformed.</summary>
    MalformedHash,

    /// <summary>The proof is well formed but leads to a different root: the leaf is not in that tree, or the trees fork.</summary>
    RootMismatch,
}

/// <summary>A Merkle proof failed verification; <see cref="Failure"/> says how, the message says where.</summary>
public sealed class InvalidProofException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidProofException(ProofFailure failure, string message)
        : base(message) => Failure = failure;

    /// <summary>Creates the exception (for serializers; prefer the typed constructor).</summary>
    public InvalidProofException()
        : this(ProofFailure.RootMismatch, "The proof did not verify.")
    {
    }

    /// <summary>Creates the exception (for serializers; prefer the typed constructor).</summary>
    public InvalidProofException(string message)
        : this(ProofFailure.RootMismatch, message)
    {
    }

    /// <summary>Creates the exception (for serializers; prefer the typed constructor).</summary>
    public InvalidProofException(string message, Exception innerException)
        : base(message, innerException) => Failure = ProofFailure.RootMismatch;

    /// <summary>How the proof failed.</summary>
    public ProofFailure Failure { get; }
}
