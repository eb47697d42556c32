using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace IntelHub.Storage.Relational;

/// <summary>One numbered schema change, applied once, in its own transaction.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// An engine's ordered migrations, read from the SQL files embedded in this assembly under a prefix
/// (<c>0001_initial_schema.sql</c>, <c>0002_...</c>). Versions must run 1, 2, 3, ... without gaps: a gap is a
/// packaging mistake, caught when the store is constructed rather than half way through migrating a database.
/// </summary>
internal sealed partial class MigrationSet
{
    private MigrationSet(IReadOnlyList<Migration> migrations) => All = migrations;

    public IReadOnlyList<Migration> All { get; }

    public int Latest => All.Count == 0 ? 0 : All[^1].Version;

    public static MigrationSet FromResources(string resourcePrefix)
    {
        var assembly = typeof(MigrationSet).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal)) continue;
            var match = FileName().Match(resource[resourcePrefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"Embedded migration '{resource}' is not named NNNN_description.sql; rename it so its version can be read.");
            }
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                Read(assembly, resource)));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migrations under '{resourcePrefix}' must be numbered 1, 2, 3, ... without gaps or repeats; " +
                    $"found version {migrations[i].Version} where {i + 1} was expected.");
            }
        }
        return new MigrationSet(migrations);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' could not be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
