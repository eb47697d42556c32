namespace IntelHub.Identity;

/// <summary>
/// Writes key material, and the certificates and directories beside it, readable by the hub's user only:
/// each is created with owner-only permissions before any byte is written. The hub writes its other secrets
/// (the page-token key) and makes its data directory through here too.
/// </summary>
public static class PrivateKeyFile
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A new key file; an existing one is never overwritten.</summary>
    public static void Write(string path, string pem) => Write(path, pem, FileMode.CreateNew);

    /// <summary>A certificate or public key beside the keys, replacing any earlier one.</summary>
    public static void WriteCompanion(string path, string pem) => Write(path, pem, FileMode.Create);

    /// <summary>
    /// A new secret file holding <paramref name="content"/>, flushed to disk, in a directory made owner-only if missing.
    /// False when another process created the file first: the caller uses theirs.
    /// </summary>
    public static bool TryCreate(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) CreateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerFile;
        try
        {
            using var file = new FileStream(path, options);
            file.Write(content);
            file.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerFile | UnixFileMode.UserExecute);
    }

    private static void Write(string path, string pem, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerFile;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }
}
