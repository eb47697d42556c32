namespace IntelHub.Server.Hosting;

/// <summary>
/// The data directory holds the database (every item's full text), its WAL, the signing and CA keys:
/// only the hub's own user may read it. New directories are created owner-only (<see cref="IntelHub.Identity.PrivateKeyFile"/>), and at every start
/// every directory and file under it (and the database wherever it is configured) is made owner-only
/// again, which also fixes a directory an older hub or a restored backup left readable. SQLite gives its
/// WAL and shared-memory files the database file's mode, so they stay owner-only as they come and go.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Makes the directory, everything in it and the given files (when they exist) owner-only; symbolic links are left alone.</summary>
    public static void Restrict(string directory, params string[] files)
    {
        if (OperatingSystem.IsWindows()) return; // NTFS ACLs are the deployment's to set.
        var root = new DirectoryInfo(directory);
        if (!root.Exists) return;
        root.UnixFileMode = DirectoryMode;
        foreach (var entry in root.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            entry.UnixFileMode = entry is DirectoryInfo ? DirectoryMode : FileMode;
        foreach (var file in files.Select(f => new FileInfo(f)).Where(f => f.Exists && f.LinkTarget is null))
            file.UnixFileMode = FileMode;
    }
}
