namespace IntelHub.Cli.Tests;

/// <summary>The repository the tests run from: found by walking up to IntelHub.sln.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IntelHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"IntelHub.sln not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    });

    public static string Root => RootDirectory.Value;

    public static string Policies => Path.Combine(Root, "policies");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "intelhub-cli-" + Guid.NewGuid().ToString("N"));

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>Copies the repository's policies/ here and returns the copy's path.</summary>
    public string CopyOfPolicies()
    {
        var copy = this["policies"];
        foreach (var file in Directory.EnumerateFiles(Repository.Policies, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(copy, System.IO.Path.GetRelativePath(Repository.Policies, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    /// <summary>Replaces the one occurrence of <paramref name="find"/> in a file, failing if it is not there exactly once.</summary>
    public static void Edit(string file, string find, string replace)
    {
        var text = File.ReadAllText(file);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(find, at + 1, StringComparison.Ordinal) < 0, $"'{find}' should occur exactly once in {file}");
        File.WriteAllText(file, string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length)));
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
