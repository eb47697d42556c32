using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Log;

namespace IntelHub.Audit.Verification;

/// <summary>Loads the public keys a verifier is given as PEM files, under the log's origin.</summary>
public static class VerifierKeys
{
    /// <summary>Loads each PEM public key, named <paramref name="origin"/>; errors name the file.</summary>
    public static CheckpointKeySet Load(IEnumerable<string> pemFiles, string origin)
    {
        ArgumentNullException.ThrowIfNull(pemFiles);
        var keys = new List<CheckpointKey>();
        foreach (var file in pemFiles)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"Public key file '{file}' does not exist.", file);
            }

            try
            {
                keys.Add(CheckpointKey.FromPem(origin, File.ReadAllText(file)));
            }
            catch (ArgumentException invalid)
            {
                throw new InvalidDataException($"'{file}' is not a P-256 public key in PEM: {invalid.Message}", invalid);
            }
        }

        return new CheckpointKeySet(keys);
    }

    /// <summary>The origin line of a log directory's latest checkpoint, or null if it has none.</summary>
    public static string? OriginOfLog(string directory) =>
        LogFiles.ReadCheckpoints(Path.Combine(directory, LogFiles.CheckpointsFile), out _) is { Count: > 0 } notes
            ? OriginOfCheckpoint(notes[^1].Note)
            : null;

    /// <summary>
    /// The origin line of a proof document's checkpoint, or null if it has none: a proof without the
    /// blank line before its checkpoint has its checkpoint's signature line where the origin should be.
    /// </summary>
    public static string? OriginOfProof(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var blank = document.IndexOf("\n\n", StringComparison.Ordinal);
        return blank >= 0 && OriginOfCheckpoint(document[(blank + 2)..]) is var origin && Checkpoint.IsValidOrigin(origin) ? origin : null;
    }

    /// <summary>The origin line of a signed checkpoint.</summary>
    public static string OriginOfCheckpoint(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return note.Split('\n', 2)[0];
    }
}
