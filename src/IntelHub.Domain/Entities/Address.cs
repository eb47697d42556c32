using System.Diagnostics.CodeAnalysis;
using IntelHub.Domain.Text;

namespace IntelHub.Domain.Entities;

/// <summary>
/// A location written as an address line. Its postcode, when it has one, is found and normalised
/// ("12 High St, cf101aa" has postcode CF10 1AA), and the rest folded to a match key with common
/// street abbreviations spelt out, so "12 High St., Cardiff CF10 1AA" and "12 HIGH STREET CARDIFF
/// cf10 1aa" match.
/// </summary>
public sealed record Address
{
    internal const string Field = "address";
    internal const int MaxLength = 300;

    private static readonly Dictionary<string, string> StreetWords = new(StringComparer.Ordinal)
    {
        ["rd"] = "road", ["st"] = "street", ["ave"] = "avenue", ["ln"] = "lane", ["dr"] = "drive",
        ["cl"] = "close", ["ct"] = "court", ["pl"] = "place", ["sq"] = "square", ["cres"] = "crescent",
        ["gdns"] = "gardens", ["tce"] = "terrace", ["terr"] = "terrace",
    };

    private Address(string text, Postcode? postcode, string matchKey)
    {
        Text = text;
        Postcode = postcode;
        MatchKey = matchKey;
    }

    /// <summary>The address as given, trimmed.</summary>
    public string Text { get; }

    public Postcode? Postcode { get; }

    public string MatchKey { get; }

    public static Address Parse(string? text) =>
        TryParse(text, out var address, out var error) ? address : throw new DomainRuleException(error);

    public static bool TryParse(
        [NotNullWhen(true)] string? text, [NotNullWhen(true)] out Address? address, [NotNullWhen(false)] out DomainError? error)
    {
        address = null;
        error = FreeText.Check(text, Field, "Address", MaxLength);
        if (error is not null)
        {
            return false;
        }

        var words = text!.Split([' ', '\t', '\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries).ToList();
        var postcode = TakePostcode(words);
        var tokens = MatchText.Tokens(string.Join(' ', words))
            .Select(token => StreetWords.GetValueOrDefault(token, token))
            .ToList();
        if (postcode is not null)
        {
            tokens.Add(postcode.Value.ToLowerInvariant());
        }

        if (tokens.Count == 0)
        {
            error = FreeText.NothingToMatch(text, Field, "Address");
            return false;
        }

        address = new Address(text.Trim(), postcode, string.Join(' ', tokens));
        return true;
    }

    public override string ToString() => Text;

    /// <summary>Finds the last postcode among the words ("CF10 1AA" or "CF101AA") and removes it.</summary>
    private static Postcode? TakePostcode(List<string> words)
    {
        for (var i = words.Count - 1; i >= 0; i--)
        {
            var word = words[i].Trim('.', ';', '(', ')').ToUpperInvariant();
            if (i > 0 && word.Length == 3 && Postcode.IsInward(word)
                && Postcode.TryParse(words[i - 1].Trim('(') + word, out var split, out _))
            {
                words.RemoveRange(i - 1, 2);
                return split;
            }

            if (word.Length is >= 5 and <= 7 && Postcode.TryParse(word, out var whole, out _))
            {
                words.RemoveAt(i);
                return whole;
            }
        }

        return null;
    }
}
