namespace IntelHub.Identity;

/// <summary>Writes key material readable by the hub's user only.</summary>
internal static class PrivateKeyFile
{
    public static void Write(string path, string pem)
    {
        // Created with owner-only permissions before any key byte is written.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }
}
