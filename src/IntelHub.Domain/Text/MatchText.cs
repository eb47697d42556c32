using System.Globalization;
using System.Text;

namespace IntelHub.Domain.Text;

/// <summary>
/// Folds free text to match tokens: lower case, diacritics removed ("Zoë Łódź" -> "zoe lodz"),
/// apostrophes and dots dropped ("O'Brien" -> "obrien", "C.I.C." -> "cic"), '&amp;' read as "and",
/// and every other run of punctuation or whitespace a single break between tokens.
/// </summary>
/// <remarks>
/// The hub runs with invariant globalization, where <see cref="string.Normalize()"/> does not
/// decompose, so the Latin letters with diacritics are folded from tables taken from the Unicode
/// canonical decompositions (U+00C0-U+017F and U+1E00-U+1EFF, '.' where there is no single base
/// letter). That covers the Latin-script languages of the victims and suspects the hub sees (Polish,
/// Romanian, Albanian, Czech, Slovak, Lithuanian, Vietnamese, Welsh); other scripts keep their
/// letters, lower-cased.
/// </remarks>
internal static class MatchText
{
    private const string Latin1AndExtendedA =
        "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y"
        + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkklllllll"
        + "lllnnnnnnnnnoooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    private const string LatinExtendedAdditional =
        "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
        + "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
        + "wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
        + "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

    internal static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var folded = Fold(rune);
            if (folded is null)
            {
                Break(tokens, current);
            }
            else if (folded == "&")
            {
                Break(tokens, current);
                tokens.Add("and");
            }
            else
            {
                current.Append(folded);
            }
        }

        Break(tokens, current);
        return tokens;
    }

    /// <summary>The folded form of one character: text to append, "" to drop it, null for a token break.</summary>
    private static string? Fold(Rune rune)
    {
        var value = rune.Value;
        if (value < 0x80)
        {
            var c = (char)value;
            return char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c).ToString()
                : c is '\'' or '.' ? string.Empty
                : c == '&' ? "&"
                : null;
        }

        if (value is 0x2018 or 0x2019 or 0x02BC)
        {
            return string.Empty; // typographic apostrophes, as in O’Brien
        }

        var table = value is >= 0xC0 and <= 0x17F ? Latin1AndExtendedA[value - 0xC0]
            : value is >= 0x1E00 and <= 0x1EFF ? LatinExtendedAdditional[value - 0x1E00]
            : '.';
        if (table != '.')
        {
            return table.ToString();
        }

        switch (value)
        {
            case 0xC6 or 0xE6: return "ae";
            case 0xDE or 0xFE: return "th";
            case 0xDF: return "ss";
            case 0x132 or 0x133: return "ij";
            case 0x152 or 0x153: return "oe";
            case 0x1A0 or 0x1A1: return "o"; // Vietnamese ơ
            case 0x1AF or 0x1B0: return "u"; // Vietnamese ư
            case 0x218 or 0x219: return "s"; // Romanian ș
            case 0x21A or 0x21B: return "t"; // Romanian ț
        }

        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            ? string.Empty // a combining accent typed separately from its letter
            : Rune.IsLetterOrDigit(rune) ? Rune.ToLowerInvariant(rune).ToString() : null;
    }

    private static void Break(List<string> tokens, StringBuilder current)
    {
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
            current.Clear();
        }
    }
}
