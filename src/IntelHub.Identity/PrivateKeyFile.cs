namespace IntelHub.Identity;

/// <summary>
/// Writes key material, and the certificates and directories beside it, readable by the hub's user only:
/// each is created with owner-only permissions before any byte is written.
/// </summary>
internal static class PrivateKeyFile
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A new key file; an existing one is never overwritten.</summary>
    public static void Write(string path, string pem) => Write(path, pem, FileMode.CreateNew);

    /// <summary>A certificate or public key beside the keys, replacing any earlier one.</summary>
    public static void WriteCompanion(string path, string pem) => Write(path, pem, FileMode.Create);

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
