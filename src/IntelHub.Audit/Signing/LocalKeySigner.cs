using System.Security.Cryptography;

namespace IntelHub.Audit.Signing;

/// <summary>
/// The embedded default signer: a P-256 private key in a PEM (PKCS#8) file, created on first use.
/// On Unix the file is created with mode 0600 (readable by the hub's user only) before any key byte
/// is written, so there is no window in which another user could read it.
/// </summary>
public sealed class LocalKeySigner : ICheckpointSigner, IDisposable
{
    private readonly ECDsa _key;

    private LocalKeySigner(ECDsa key)
    {
        _key = key;
        SubjectPublicKeyInfo = key.ExportSubjectPublicKeyInfo();
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>Loads the key at <paramref name="path"/>, creating a new one there if the file does not exist.</summary>
    public static LocalKeySigner OpenOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException invalid)
        {
            key.Dispose();
            throw new InvalidDataException($"The audit signing key file '{path}' is not a PEM private key: {invalid.Message}", invalid);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidDataException($"The audit signing key in '{path}' is {key.KeySize}-bit; checkpoint keys are ECDSA P-256.");
        }

        return new LocalKeySigner(key);
    }

    /// <summary>Writes the public key as PEM, for verifiers.</summary>
    public string PublicKeyPem() => PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfo.Span);

    /// <inheritdoc />
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_key.SignData(message.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private static void TryCreate(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            writer.Write(pem);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the key first; use theirs.
        }
    }
}
