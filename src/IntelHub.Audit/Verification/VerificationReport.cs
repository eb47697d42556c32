namespace IntelHub.Audit.Verification;

/// <summary>What is wrong with a log, proof or checkpoint.</summary>
public enum VerificationProblem
{
    /// <summary>An entry's bytes are not a canonical entry.</summary>
    MalformedEntry,

    /// <summary>An entry's content no longer matches the leaf hash recorded when it was written.</summary>
    TamperedEntry,

    /// <summary>The log ends early: inside a record, or before the size a signed checkpoint covers.</summary>
    TruncatedLog,

    /// <summary>A record's length prefix is impossible: the file is damaged at that point.</summary>
    CorruptRecord,

    /// <summary>The entries no longer hash to the root a checkpoint signed: they were rewritten after signing.</summary>
    RewrittenEntries,

    /// <summary>A later checkpoint covers fewer entries than an earlier one, or the log is smaller than a trusted checkpoint.</summary>
    RolledBack,

    /// <summary>Two signed checkpoints commit to different trees over the same entries.</summary>
    Forked,

    /// <summary>A checkpoint is not a well-formed signed checkpoint.</summary>
    MalformedCheckpoint,

    /// <summary>A checkpoint is signed by no trusted key.</summary>
    UnknownKey,

    /// <summary>A trusted key's signature on a checkpoint does not verify.</summary>
    BadSignature,

    /// <summary>A checkpoint names another log (origin) than its key's.</summary>
    WrongOrigin,

    /// <summary>Entries exist but no signed checkpoint covers any of them.</summary>
    NoCheckpoint,

    /// <summary>A proof document is malformed or does not verify.</summary>
    MalformedProof,
}

/// <summary>The first thing found wrong, and where: entry index and byte offset, or checkpoint number.</summary>
public sealed record VerificationFailure(VerificationProblem Problem, string Message)
{
    /// <summary>The first bad entry's index, when the problem is located at one entry.</summary>
    public long? EntryIndex { get; init; }

    /// <summary>Byte offset in the file named in the message.</summary>
    public long? ByteOffset { get; init; }

    /// <summary>1-based number of the checkpoint concerned, in file order.</summary>
    public int? CheckpointNumber { get; init; }
}

/// <summary>The outcome of verifying a whole log.</summary>
public sealed record VerificationReport
{
    /// <summary>Entries read and checked.</summary>
    public long Entries { get; init; }

    /// <summary>Checkpoints whose signatures verified and whose roots matched the recomputed tree.</summary>
    public int CheckpointsVerified { get; init; }

    /// <summary>Size covered by the latest verified checkpoint.</summary>
    public long CoveredSize { get; init; }

    /// <summary>The first problem found, or null if the log verified.</summary>
    public VerificationFailure? Failure { get; init; }

    /// <summary>Whether the log verified.</summary>
    public bool IsValid => Failure is null;

    /// <summary>Entries after the latest checkpoint (the sequencer has not signed them yet): not an error, but not yet vouched for.</summary>
    public long UncoveredEntries => Entries - CoveredSize;
}

/// <summary>Maps a checkpoint check onto the problem a report names.</summary>
internal static class CheckpointProblems
{
    public static VerificationProblem Of(Checkpoints.CheckpointCheck check) => check switch
    {
        Checkpoints.CheckpointCheck.UnknownKey => VerificationProblem.UnknownKey,
        Checkpoints.CheckpointCheck.BadSignature => VerificationProblem.BadSignature,
        _ => VerificationProblem.MalformedCheckpoint,
    };
}
