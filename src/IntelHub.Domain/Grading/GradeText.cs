namespace IntelHub.Domain.Grading;

/// <summary>
/// Reduces a grade as people write it ("2bc", "B2 4", "b2/4", "1-A-P") to its three code characters,
/// upper-cased. Both models are three characters long, which is what lets the parsers tell a
/// 3x5x2 grade typed into a 5x5x5 field (and the reverse) from junk, and say so.
/// </summary>
internal static class GradeText
{
    internal static string Compact(string text)
    {
        Span<char> buffer = stackalloc char[8];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '-' or '/' or '.')
            {
                continue;
            }

            if (length == buffer.Length)
            {
                return text.Trim().ToUpperInvariant(); // too long to be a grade; echo what was given
            }

            buffer[length++] = char.ToUpperInvariant(c);
        }

        return new string(buffer[..length]);
    }

    internal static bool LooksLikeCurrent(string compact) =>
        compact.Length == 3 && compact[0] is >= '1' and <= '3' && compact[1] is >= 'A' and <= 'E'
        && compact[2] is 'P' or 'C';

    internal static bool LooksLikeLegacy(string compact) =>
        compact.Length == 3 && compact[0] is >= 'A' and <= 'E' && compact[1] is >= '1' and <= '5'
        && compact[2] is >= '1' and <= '5';
}
