namespace IntelHub.Audit.Sequencing;

/// <summary>How the sequencer batches entries and how often it signs checkpoints.</summary>
public sealed record AuditSequencerOptions
{
    /// <summary>The log's origin line and key name, e.g. "intelhub.wales.police.uk/audit".</summary>
    public required string Origin { get; init; }

    /// <summary>Sign a checkpoint once this many entries are not yet covered by one.</summary>
    public int CheckpointEveryEntries { get; init; } = 1000;

    /// <summary>Sign a checkpoint when uncovered entries have waited this long, however few they are.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most entries integrated (and fsync'd) as one batch.</summary>
    public int MaxBatchEntries { get; init; } = 4096;

    /// <summary>Throws with the setting's name if a value is unusable.</summary>
    public void Validate()
    {
        if (!Checkpoints.Checkpoint.IsValidOrigin(Origin))
        {
            throw new ArgumentException($"Audit:Origin '{Origin}' must be non-empty with no whitespace or '+'.", nameof(Origin));
        }

        if (CheckpointEveryEntries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointEveryEntries), CheckpointEveryEntries, "Audit:CheckpointEveryEntries must be at least 1.");
        }

        if (CheckpointInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointInterval), CheckpointInterval, "Audit:CheckpointInterval must be positive.");
        }

        if (MaxBatchEntries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchEntries), MaxBatchEntries, "Audit:MaxBatchEntries must be at least 1.");
        }
    }
}
