namespace IntelHub.Testing.Postgres;

/// <summary>Finds initdb and pg_ctl: on PATH, or where Debian's postgresql packages put them.</summary>
internal sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    public static PostgresBinaries Locate()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(DebianDirectories());
        foreach (var directory in directories)
        {
            var initDb = Path.Combine(directory, "initdb");
            var pgCtl = Path.Combine(directory, "pg_ctl");
            if (File.Exists(initDb) && File.Exists(pgCtl)) return new PostgresBinaries(initDb, pgCtl);
        }
        throw new InvalidOperationException(
            "PostgreSQL's server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql. " +
            "Install them with 'apt-get install -y postgresql' (tests/run.sh does this for you), then run the tests again.");
    }

    private static IEnumerable<string> DebianDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return [];
        // Newest major version first.
        return Directory.GetDirectories(root)
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
            .Select(d => Path.Combine(d, "bin"));
    }
}
