namespace IntelHub.Domain.Tests.Grading;

/// <summary>Reads the mapping tables in docs/grading.md, so a test can hold the document to the code.</summary>
internal sealed class GradingDocument
{
    private readonly string[] _lines;

    private GradingDocument(string[] lines) => _lines = lines;

    public static GradingDocument Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "grading.md")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, "docs/grading.md was not found above the test output folder; run the tests from the repository.");
        return new GradingDocument(File.ReadAllLines(Path.Combine(directory.FullName, "docs", "grading.md")));
    }

    /// <summary>The body rows of the first table after <paramref name="heading"/>, cells trimmed.</summary>
    public List<string[]> Rows(string heading)
    {
        var start = Array.IndexOf(_lines, heading);
        Assert.True(start >= 0, $"docs/grading.md has no heading '{heading}'.");
        return _lines.Skip(start + 1)
            .SkipWhile(line => !line.StartsWith('|'))
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2) // header and separator
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();
    }
}
