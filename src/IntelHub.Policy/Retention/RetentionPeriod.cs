using System.Globalization;
using System.Text.RegularExpressions;

namespace IntelHub.Policy.Retention;

/// <summary>
/// The longest time a protocol lets an item wait for its next review (MoPI review; the ISP's retention and
/// disposal clause): an ISO-8601 period of years, months and days (<c>P6Y</c>, <c>P18M</c>, <c>P1Y6M</c>).
/// </summary>
public readonly partial record struct RetentionPeriod(int Years, int Months, int Days)
{
    [GeneratedRegex("^P(?:([0-9]{1,3})Y)?(?:([0-9]{1,4})M)?(?:([0-9]{1,5})D)?$")]
    private static partial Regex Iso();

    /// <summary>Reads <c>P6Y</c> and the like; false for anything else, and for a period of nothing.</summary>
    public static bool TryParse(string text, out RetentionPeriod period)
    {
        ArgumentNullException.ThrowIfNull(text);
        period = default;
        var match = Iso().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        period = new RetentionPeriod(Part(1), Part(2), Part(3));
        return period != default;
    }

    /// <summary>The last day an item reviewed on <paramref name="day"/> may wait until.</summary>
    public DateOnly From(DateOnly day) =>
        day.AddYears(Math.Min(Years, 9998 - day.Year)).AddMonths(Months).AddDays(Days);

    public override string ToString() =>
        "P" + (Years > 0 ? $"{Years}Y" : string.Empty) + (Months > 0 ? $"{Months}M" : string.Empty) + (Days > 0 ? $"{Days}D" : string.Empty);
}
