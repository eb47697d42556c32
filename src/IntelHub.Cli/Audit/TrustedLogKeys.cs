using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Verification;
using IntelHub.Cli.Client;

namespace IntelHub.Cli.Audit;

/// <summary>
/// The checkpoint public keys a client command was given to check the hub's signatures with, or none.
/// The files are checked before the hub is asked anything; the keys are named by the log's origin,
/// which is --origin when given and otherwise the origin of the checkpoint being checked.
/// </summary>
internal sealed class TrustedLogKeys
{
    private readonly string[] _files;
    private readonly string? _origin;

    public TrustedLogKeys(IEnumerable<string> files, string? origin)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = [.. files];
        _origin = origin;
        foreach (var file in _files.Where(f => !File.Exists(f)))
        {
            throw new CliProblem($"--log-key {file}: no such file. Get the hub's public key with 'intelhub audit public-key --signing-key <data>/keys/audit-checkpoint-key.pem' (or from the hub's operators).");
        }
    }

    /// <summary>Whether any key was given, so signatures can be checked.</summary>
    public bool Any => _files.Length > 0;

    /// <summary>The keys for checking <paramref name="checkpoint"/>, or null when none were given.</summary>
    public CheckpointKeySet? For(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!Any)
        {
            return null;
        }

        try
        {
            return VerifierKeys.Load(_files, _origin ?? checkpoint.Origin);
        }
        catch (InvalidDataException unreadable)
        {
            throw new CliProblem($"--log-key: {unreadable.Message}");
        }
    }
}
