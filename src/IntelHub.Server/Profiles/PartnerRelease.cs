using IntelHub.Contracts.V1;

namespace IntelHub.Server.Profiles;

/// <summary>
/// The partner release, derived from the full release: counts from 1 to the threshold are withheld (primary
/// suppression), then further cells are withheld until no table has exactly one withheld cell, so that no withheld
/// count can be worked out by subtracting the published cells from the table's total (secondary suppression). It keeps
/// no entity value, no item id, no person link, no analyst's free text and no user id.
/// </summary>
/// <remarks>
/// A table is a total with the cells that add up to it (or, where an item can count in several cells, bound it):
/// months, item kinds, exploitation types, age groups, themes and force areas against the items compiled; each force
/// area's councils against the force; and the same for the previous period. A table with one withheld cell gets a
/// second: the smallest published non-zero cell, or else its total; this repeats over every table until none changes,
/// since withholding a total or a force area opens the tables it belongs to.
/// </remarks>
internal static class PartnerRelease
{
    public static ProblemProfile From(ProblemProfile full)
    {
        ArgumentNullException.ThrowIfNull(full);
        var partner = full.Clone();
        partner.Release = ProfileRelease.Partner;
        partner.Compiled.UserId = "";
        partner.IntelligenceGaps.Clear();
        partner.Recommendations.Clear();
        var links = partner.Links.Where(l => l.EntityType != EntityType.Person).ToList();
        partner.Links.Clear();
        foreach (var link in links)
        {
            link.EntityValue = "";
            link.ItemIds.Clear();
            partner.Links.Add(link);
        }

        var threshold = full.SuppressionThreshold;
        foreach (var cell in Cells(partner))
            if (cell.Count >= 1 && cell.Count <= threshold) Withhold(cell);

        var tables = Tables(partner).ToList();
        bool changed;
        do
        {
            changed = false;
            foreach (var (total, cells) in tables)
            {
                var all = cells.Append(total).ToList();
                if (all.Count(c => c.Suppressed) != 1) continue;
                var next = cells.Where(c => !c.Suppressed && c.Count > 0).MinBy(c => c.Count) ?? (total.Suppressed ? null : total);
                if (next is null) continue;
                Withhold(next);
                changed = true;
            }
        }
        while (changed);

        // Counts were kept while deciding (a withheld cell's size chooses nothing, but the loop reads them); none leaves.
        foreach (var cell in Cells(partner).Where(c => c.Suppressed)) cell.Count = 0;
        return partner;
    }

    private static void Withhold(ProfileCount cell) => cell.Suppressed = true;

    private static IEnumerable<(ProfileCount Total, List<ProfileCount> Cells)> Tables(ProblemProfile p)
    {
        yield return (p.ItemsCompiled, p.ByMonth.Select(m => m.Items).ToList());
        yield return (p.ItemsCompiled, [p.Grading.Information, p.Grading.Intelligence, p.Grading.Products]);
        yield return (p.Grading.Intelligence, [p.Grading.ReliableSource, p.Grading.SingleUncorroboratedSource]);
        yield return (p.ItemsCompiled, p.ByExploitationType.Select(e => e.Items).ToList());
        yield return (p.ItemsCompiled, p.ByAgeGroup.Select(a => a.Items).ToList());
        yield return (p.ItemsCompiled, p.ByTheme.Select(t => t.Items).ToList());
        yield return (p.ItemsCompiled, p.ByForceArea.Select(f => f.Items).ToList());
        yield return (p.ItemsPreviousPeriod, p.ByExploitationType.Select(e => e.Previous).ToList());
        yield return (p.ItemsPreviousPeriod, p.ByAgeGroup.Select(a => a.Previous).ToList());
        yield return (p.ItemsPreviousPeriod, p.ByTheme.Select(t => t.Previous).ToList());
        yield return (p.ItemsPreviousPeriod, p.ByForceArea.Select(f => f.Previous).ToList());
        foreach (var force in p.ByForceArea)
        {
            var councils = p.ByArea.Where(c => c.WithinGssCode == force.Area.GssCode).ToList();
            yield return (force.Items, councils.Select(c => c.Items).ToList());
            yield return (force.Previous, councils.Select(c => c.Previous).ToList());
        }
    }

    /// <summary>Every count of a profile, in one fixed order (the same for a full release and its partner release).</summary>
    internal static IEnumerable<ProfileCount> Cells(ProblemProfile p) =>
        new[] { p.ItemsCompiled, p.ItemsPreviousPeriod, p.Grading.Information, p.Grading.Intelligence, p.Grading.Products, p.Grading.ReliableSource, p.Grading.SingleUncorroboratedSource }
            .Concat(p.ByMonth.Select(m => m.Items))
            .Concat(p.ByTheme.SelectMany(t => new[] { t.Items, t.Previous }))
            .Concat(p.ByExploitationType.SelectMany(e => new[] { e.Items, e.Previous }))
            .Concat(p.ByAgeGroup.SelectMany(a => new[] { a.Items, a.Previous }))
            .Concat(p.ByForceArea.SelectMany(f => new[] { f.Items, f.Previous }))
            .Concat(p.ByArea.SelectMany(c => new[] { c.Items, c.Previous }))
            .Concat(p.ByNationality.Select(n => n.People))
            .Concat(p.Links.Select(l => l.Items));
}
