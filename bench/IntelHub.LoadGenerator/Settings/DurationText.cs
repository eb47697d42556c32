using System.Globalization;

namespace IntelHub.LoadGenerator.Settings;

/// <summary>Reads a length of time as people type it on a command line: <c>30s</c>, <c>2m</c>, <c>500ms</c>, or plain seconds.</summary>
internal static class DurationText
{
    private static readonly (string Suffix, Func<double, TimeSpan> Of)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds),
        ("s", TimeSpan.FromSeconds),
        ("m", TimeSpan.FromMinutes),
        ("h", TimeSpan.FromHours),
    ];

    public static TimeSpan Parse(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        foreach (var (suffix, of) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(trimmed[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0 && double.IsFinite(amount))
            {
                return of(amount);
            }
        }
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        throw new FormatException($"{option}: '{text}' is not a length of time: write e.g. 30s, 2m or 500ms.");
    }

    public static string Format(TimeSpan length) => length switch
    {
        { TotalHours: >= 1 } when length.TotalHours % 1 == 0 => length.TotalHours.ToString("0", CultureInfo.InvariantCulture) + " h",
        { TotalMinutes: >= 1 } when length.TotalMinutes % 1 == 0 => length.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min",
        { TotalSeconds: >= 1 } => length.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s",
        _ => length.TotalMilliseconds.ToString("0.##", CultureInfo.InvariantCulture) + " ms",
    };
}
