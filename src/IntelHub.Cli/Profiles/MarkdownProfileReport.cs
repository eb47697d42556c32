using System.Text;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Profiles;

/// <summary>A problem profile as Markdown: the same sections and tables as the HTML report, without charts.</summary>
internal static class MarkdownProfileReport
{
    public static string Render(ProblemProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var md = new StringBuilder();
        md.AppendLine($"**{ProfileFigures.Marking(profile.Classification)}{(profile.Release == ProfileRelease.Partner ? " · PARTNER RELEASE" : "")}**").AppendLine();
        md.AppendLine($"# {Cell(profile.Title)}").AppendLine();
        md.AppendLine($"Problem profile `{profile.ProfileId}` · period {ProfileFigures.Period(profile.Period)} · compared with {ProfileFigures.Period(profile.PreviousPeriod)}").AppendLine();
        md.AppendLine($"> {ProfileFigures.ReleaseText(profile)}").AppendLine();
        md.AppendLine($"Items compiled: **{ProfileFigures.Text(profile.ItemsCompiled)}** (previous period: {ProfileFigures.Text(profile.ItemsPreviousPeriod)}).").AppendLine();
        foreach (var table in ProfileFigures.Tables(profile))
        {
            md.AppendLine($"## {table.Title}").AppendLine();
            if (table.Rows.Count == 0) { md.AppendLine("None in the period.").AppendLine(); continue; }
            md.AppendLine(table.HasPrevious ? "| | Items | Previous period |" : "| | Items |").AppendLine(table.HasPrevious ? "|---|---:|---:|" : "|---|---:|");
            foreach (var row in table.Rows)
                md.AppendLine($"| {Cell(row.Label)} | {ProfileFigures.Text(row.Count)} |{(table.HasPrevious ? $" {ProfileFigures.Text(row.Previous)} |" : "")}");
            md.AppendLine();
        }
        md.AppendLine("## Links across force and agency boundaries").AppendLine();
        if (profile.Links.Count == 0) md.AppendLine("No entity appears in items from two or more agencies.").AppendLine();
        else
        {
            md.AppendLine("| Rank | Entity | Agencies | Items | Item ids |").AppendLine("|---:|---|---|---:|---|");
            foreach (var link in profile.Links)
                md.AppendLine($"| {link.Rank} | {ProfileFigures.Words(link.EntityType.ToString())}{(link.EntityValue.Length > 0 ? ": " + Cell(link.EntityValue) : "")} | {Cell(string.Join(", ", link.Agencies.Select(a => a.DisplayName)))} | {ProfileFigures.Text(link.Items)} | {string.Join(" ", link.ItemIds)} |");
            md.AppendLine();
        }
        md.AppendLine("## Intelligence gaps").AppendLine();
        foreach (var gap in profile.AutomaticGaps) md.AppendLine($"- {Cell(gap.Description)}");
        foreach (var gap in profile.IntelligenceGaps) md.AppendLine($"- {Cell(gap)} *(analyst)*");
        if (profile.Recommendations.Count > 0)
        {
            md.AppendLine().AppendLine("## Recommendations").AppendLine();
            for (var i = 0; i < profile.Recommendations.Count; i++) md.AppendLine($"{i + 1}. {Cell(profile.Recommendations[i])}");
        }
        return md.AppendLine().AppendLine($"**{ProfileFigures.Marking(profile.Classification)}**").ToString();
    }

    /// <summary>Text placed in Markdown: table pipes, markup characters and line breaks cannot change the layout.</summary>
    private static string Cell(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\r' or '\n') escaped.Append(' ');
            else if (c is '|' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '\\') escaped.Append('\\').Append(c);
            else escaped.Append(c);
        }
        return escaped.ToString();
    }
}
