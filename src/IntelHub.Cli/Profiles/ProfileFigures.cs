using System.Globalization;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Profiles;

/// <summary>A profile's tables as rows of label, count and previous count, shared by the HTML and Markdown reports.</summary>
internal sealed record FigureRow(string Label, ProfileCount Count, ProfileCount? Previous);

/// <summary>A titled table of figures.</summary>
internal sealed record FigureTable(string Title, string Id, IReadOnlyList<FigureRow> Rows, bool HasPrevious);

internal static class ProfileFigures
{
    /// <summary>The tables of a profile, in the order the reports show them.</summary>
    public static IReadOnlyList<FigureTable> Tables(ProblemProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return
        [
            new("Items by theme, against the previous period", "by-theme", [.. profile.ByTheme.Select(t => new FigureRow(ThemeText(t.Theme), t.Items, t.Previous))], true),
            new("Items by exploitation type", "by-exploitation", [.. profile.ByExploitationType.Select(e => new FigureRow(Words(e.ExploitationType.ToString()), e.Items, e.Previous))], true),
            new("Adults and minors", "by-age", [.. profile.ByAgeGroup.Select(a => new FigureRow(a.AgeGroup == VictimAgeGroup.Minor ? "Minors" : "Adults", a.Items, a.Previous))], true),
            new("Items by police force area", "by-force", [.. profile.ByForceArea.Select(a => new FigureRow(a.Area.DisplayName, a.Items, a.Previous))], true),
            new("Hot spots: items by council area", "by-area", [.. profile.ByArea.Select(a => new FigureRow(a.Area.DisplayName, a.Items, a.Previous))], true),
            new("Potential victims by nationality (distinct people)", "victim-nationality", NationalityRows(profile, EntityRole.PotentialVictim), false),
            new("Suspects by nationality (distinct people)", "suspect-nationality", NationalityRows(profile, EntityRole.Suspect), false),
            new("Items by month", "by-month", [.. profile.ByMonth.Select(m => new FigureRow(m.Month, m.Items, null))], false),
            new("Grading mix", "grading", GradingRows(profile.Grading ?? new GradingMix()), false),
        ];
    }

    private static List<FigureRow> NationalityRows(ProblemProfile profile, EntityRole role) =>
        [.. profile.ByNationality.Where(n => n.Role == role).Select(n => new FigureRow(n.Nationality, n.People ?? new(), null))];

    private static List<FigureRow> GradingRows(GradingMix g) =>
    [
        new("Information (not evaluated)", g.Information ?? new(), null),
        new("Graded intelligence", g.Intelligence ?? new(), null),
        new("Products", g.Products ?? new(), null),
        new("Intelligence from a reliable source (1)", g.ReliableSource ?? new(), null),
        new("Intelligence on one uncorroborated source (C, D, E)", g.SingleUncorroboratedSource ?? new(), null),
    ];

    /// <summary>A count as a reader sees it: the number, or "withheld".</summary>
    public static string Text(ProfileCount? count) =>
        count is null ? "" : count.Suppressed ? "withheld" : count.Count.ToString(CultureInfo.InvariantCulture);

    public static string ThemeText(Theme theme) =>
        $"{Words(theme.ExploitationType.ToString())} ({(theme.VictimAgeGroup == VictimAgeGroup.Minor ? "minor" : "adult")})";

    public static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>A classification as its marking reads, e.g. "OFFICIAL-SENSITIVE PERSONAL".</summary>
    public static string Marking(Classification? classification)
    {
        if (classification is null) return "";
        var level = classification.Level == ClassificationLevel.OfficialSensitive ? "OFFICIAL-SENSITIVE" : "OFFICIAL";
        return string.Join(' ', classification.Descriptors.Select(d => d.ToString().ToUpperInvariant()).Prepend(level));
    }

    public static string Period(Google.Type.Interval? period) => period is null ? "" :
        $"{period.StartTime?.ToDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {period.EndTime?.ToDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string ReleaseText(ProblemProfile profile) => profile.Release == ProfileRelease.Partner
        ? $"Partner release: counts from 1 to {profile.SuppressionThreshold}, and any count that would reveal one, are withheld; no entity or item is named."
        : $"Full release ({Marking(profile.Classification)}): for the RIU and the law-enforcement recipients the protocols permit.";
}
