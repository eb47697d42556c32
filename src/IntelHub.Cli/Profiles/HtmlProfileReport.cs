using System.Globalization;
using System.Net;
using System.Text;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Profiles;

/// <summary>
/// A problem profile as one self-contained HTML page: inline CSS (with print rules) and inline SVG bar charts, no
/// script and no external resource, so it opens offline and prints as read on screen.
/// </summary>
internal static class HtmlProfileReport
{
    private const int BarWidth = 360;
    private const int RowHeight = 22;
    private const int LabelWidth = 230;

    public static string Render(ProblemProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append($"<title>{E(profile.Title)}</title><style>{Css}</style></head><body>");
        html.Append($"<header><p class=\"marking\">{E(ProfileFigures.Marking(profile.Classification))}{(profile.Release == ProfileRelease.Partner ? " · PARTNER RELEASE" : "")}</p>")
            .Append($"<h1>{E(profile.Title)}</h1>")
            .Append($"<p>Problem profile {E(profile.ProfileId)} · period {E(ProfileFigures.Period(profile.Period))} · compared with {E(ProfileFigures.Period(profile.PreviousPeriod))}</p>")
            .Append($"<p>Compiled by {E(profile.Compiled?.Agency?.DisplayName ?? "")}{(profile.Compiled?.At is { } at ? " on " + at.ToDateTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "")}.</p>")
            .Append($"<p class=\"release\">{E(ProfileFigures.ReleaseText(profile))}</p></header>");
        html.Append("<section class=\"summary\"><h2>Summary</h2><table><tr><th>Items compiled</th><th>Previous period</th><th>Links across agencies</th><th>Gaps found</th></tr>")
            .Append($"<tr><td>{ProfileFigures.Text(profile.ItemsCompiled)}</td><td>{ProfileFigures.Text(profile.ItemsPreviousPeriod)}</td><td>{profile.Links.Count}</td><td>{profile.AutomaticGaps.Count}</td></tr></table></section>");

        foreach (var table in ProfileFigures.Tables(profile))
        {
            html.Append($"<section id=\"{table.Id}\"><h2>{E(table.Title)}</h2>");
            if (table.Rows.Count == 0) { html.Append("<p>None in the period.</p></section>"); continue; }
            html.Append(Chart(table)).Append("<table><tr><th></th><th>Items</th>").Append(table.HasPrevious ? "<th>Previous period</th>" : "").Append("</tr>");
            foreach (var row in table.Rows)
                html.Append($"<tr><td>{E(row.Label)}</td><td>{ProfileFigures.Text(row.Count)}</td>").Append(table.HasPrevious ? $"<td>{ProfileFigures.Text(row.Previous)}</td>" : "").Append("</tr>");
            html.Append("</table></section>");
        }

        html.Append("<section id=\"links\"><h2>Links across force and agency boundaries</h2>");
        if (profile.Links.Count == 0) html.Append("<p>No entity appears in items from two or more agencies.</p>");
        else
        {
            html.Append("<table><tr><th>Rank</th><th>Entity</th><th>Agencies</th><th>Items</th><th>Item ids</th></tr>");
            foreach (var link in profile.Links)
                html.Append($"<tr><td>{link.Rank}</td><td>{E(ProfileFigures.Words(link.EntityType.ToString()))}{(link.EntityValue.Length > 0 ? ": " + E(link.EntityValue) : "")}</td>")
                    .Append($"<td>{E(string.Join(", ", link.Agencies.Select(a => a.DisplayName)))}</td><td>{ProfileFigures.Text(link.Items)}</td><td class=\"ids\">{E(string.Join(" ", link.ItemIds))}</td></tr>");
            html.Append("</table>");
        }
        html.Append("</section><section id=\"gaps\"><h2>Intelligence gaps</h2><ul>");
        foreach (var gap in profile.AutomaticGaps) html.Append($"<li>{E(gap.Description)}</li>");
        foreach (var gap in profile.IntelligenceGaps) html.Append($"<li>{E(gap)} <em>(analyst)</em></li>");
        html.Append("</ul></section>");
        if (profile.Recommendations.Count > 0)
        {
            html.Append("<section id=\"recommendations\"><h2>Recommendations</h2><ol>");
            foreach (var recommendation in profile.Recommendations) html.Append($"<li>{E(recommendation)}</li>");
            html.Append("</ol></section>");
        }
        html.Append($"<footer><p class=\"marking\">{E(ProfileFigures.Marking(profile.Classification))}</p></footer></body></html>\n");
        return html.ToString();
    }

    /// <summary>Horizontal bars, this period dark and (where the table has one) the previous period light beneath it.</summary>
    private static string Chart(FigureTable table)
    {
        var max = Math.Max(1, table.Rows.Max(r => Math.Max(r.Count.Suppressed ? 0 : r.Count.Count, r.Previous is { Suppressed: false } p ? p.Count : 0)));
        var height = table.Rows.Count * RowHeight + 24;
        var svg = new StringBuilder($"<svg class=\"chart\" role=\"img\" aria-label=\"{E(table.Title)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{LabelWidth + BarWidth + 90}\" height=\"{height}\" viewBox=\"0 0 {LabelWidth + BarWidth + 90} {height}\">");
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var y = i * RowHeight;
            svg.Append($"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{E(Shorten(row.Label))}</text>");
            var barHeight = table.HasPrevious ? 9 : 16;
            svg.Append(Bar(row.Count, max, y + 2, barHeight, "current"));
            if (table.HasPrevious && row.Previous is not null) svg.Append(Bar(row.Previous, max, y + 12, barHeight, "previous"));
        }
        if (table.HasPrevious)
            svg.Append($"<rect class=\"current\" x=\"{LabelWidth}\" y=\"{height - 16}\" width=\"10\" height=\"10\"/><text x=\"{LabelWidth + 14}\" y=\"{height - 7}\">this period</text>")
               .Append($"<rect class=\"previous\" x=\"{LabelWidth + 110}\" y=\"{height - 16}\" width=\"10\" height=\"10\"/><text x=\"{LabelWidth + 124}\" y=\"{height - 7}\">previous period</text>");
        return svg.Append("</svg>").ToString();
    }

    private static string Bar(ProfileCount count, uint max, int y, int height, string css)
    {
        if (count.Suppressed) return $"<text class=\"withheld\" x=\"{LabelWidth + 4}\" y=\"{y + height}\">withheld</text>";
        var width = (int)Math.Round((double)count.Count / max * BarWidth);
        return $"<rect class=\"{css}\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{width}\" height=\"{height}\"/><text x=\"{LabelWidth + width + 4}\" y=\"{y + height}\">{count.Count}</text>";
    }

    private static string Shorten(string label) => label.Length <= 34 ? label : label[..33] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#1b1b1b}" +
        "h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;border-bottom:2px solid #1d4f91;padding-bottom:.2em;margin-top:1.6em}" +
        ".marking{font-weight:700;letter-spacing:.08em;color:#8a1c1c;text-align:center}.release{background:#eef3fa;padding:.5em .8em;border-left:4px solid #1d4f91}" +
        "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #c8ccd2;padding:.25em .6em;text-align:left;vertical-align:top}" +
        "td.ids{font-family:ui-monospace,monospace;font-size:.8em;word-break:break-all}" +
        "svg.chart{display:block;max-width:100%;height:auto;font-size:12px}svg text{fill:#1b1b1b}svg .withheld{fill:#8a1c1c;font-style:italic}" +
        "rect.current{fill:#1d4f91}rect.previous{fill:#9fb7d9}" +
        "@media print{body{margin:0;max-width:none;font-size:10.5pt}section{break-inside:avoid}h2{break-after:avoid}" +
        ".release{border:1px solid #1d4f91}rect.current,rect.previous{print-color-adjust:exact;-webkit-print-color-adjust:exact}" +
        "@page{margin:15mm}}";
}
