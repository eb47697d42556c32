using IntelHub.Audit.Checkpoints;
using IntelHub.Cli.Client;

namespace IntelHub.Cli.Audit;

/// <summary>
/// A checkpoint together with the signed note it came in. The note is what a verifier checks and
/// what a client keeps; the parsed checkpoint is only a reading of it.
/// </summary>
internal sealed record SignedCheckpoint(string Note, Checkpoint Checkpoint)
{
    /// <summary>The number of leaves the checkpoint commits to.</summary>
    public long Size => Checkpoint.Size;

    /// <summary>
    /// Reads a signed checkpoint's text without checking its signature (that needs a key); the
    /// error names <paramref name="source"/> so the user knows which file or reply was wrong.
    /// </summary>
    public static SignedCheckpoint Parse(string note, string source)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (!SignedNote.TryParse(note, out var signed, out var error) || !Checkpoint.TryParseBody(signed!.Body, out var checkpoint, out error))
        {
            throw new InvalidDataException($"{source} is not a signed checkpoint: {error}.");
        }

        return new SignedCheckpoint(note, checkpoint!);
    }

    /// <summary>Reads a checkpoint the user kept (from 'intelhub audit checkpoint --out' or an export's checkpoint.txt).</summary>
    public static SignedCheckpoint ReadKept(FileInfo file, string option)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            throw new CliProblem($"{option} {file.FullName}: no such file. Keep a checkpoint with 'intelhub audit checkpoint --out FILE'.");
        }

        try
        {
            return Parse(File.ReadAllText(file.FullName), $"{option} {file.FullName}");
        }
        catch (InvalidDataException malformed)
        {
            throw new CliProblem(malformed.Message + " Give the file written by 'intelhub audit checkpoint --out', unchanged.");
        }
    }
}
