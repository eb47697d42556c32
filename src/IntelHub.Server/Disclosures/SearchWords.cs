using System.Globalization;
using System.Text;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using PolicyView = IntelHub.Policy.Decisions.DisclosureView;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// A search's free text: read into whole words (letters and digits, lower case; everything else separates words),
/// so that nothing the caller types is ever read as text-search syntax, and matched only in what the reader may
/// see of each item.
/// </summary>
internal static class SearchWords
{
    public const int MaxTextLength = 200;
    public const int MaxWordLength = 64;

    /// <summary>The distinct words of the text, in order; null for no text. Problems name the field <c>text</c>.</summary>
    public static IReadOnlyList<string>? Read(string text, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return null;
        if (text.Length > MaxTextLength)
        {
            problems.Add("text", $"At most {MaxTextLength} characters of text ({text.Length} were sent); search for fewer words.");
            return null;
        }
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.ToLowerInvariant().Append(' '))
        {
            if (char.IsLetterOrDigit(c) && !char.IsUpper(c))
            {
                word.Append(c);
                continue;
            }
            if (word.Length == 0) continue;
            var next = word.ToString();
            word.Clear();
            if (next.Length > MaxWordLength)
            {
                problems.Add("text", $"A word of {next.Length} characters; words are at most {MaxWordLength}.");
                return null;
            }
            if (!words.Contains(next, StringComparer.Ordinal)) words.Add(next);
        }
        if (words.Count == 0)
        {
            problems.Add("text", "The text has no words (letters or digits): send words, or leave text empty. Operators, quotes and wildcards are not read.");
            return null;
        }
        if (words.Count > ItemQuery.MaxWords)
        {
            problems.Add("text", string.Create(CultureInfo.InvariantCulture, $"At most {ItemQuery.MaxWords} different words ({words.Count} were sent); every word must match, so fewer words find more."));
            return null;
        }
        return words;
    }

    /// <summary>
    /// Whether the item matched the search in what this reader sees of it: words in its sanitised text for a sanitised
    /// view, in any of its texts for a full view; entities (which only a full view shows) for a full view only. A view
    /// of its existence only shows neither, nor themes, areas, grading or period: a filter on any of them does not find
    /// it (else the search would tell the reader what the view withholds). Kind and submission time every view shows.
    /// </summary>
    public static bool FoundInView(ItemQuery query, StoredItem item, PolicyView view)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(item);
        if (query.Entities is not null && view != PolicyView.Full) return false;
        if (view is not (PolicyView.Full or PolicyView.Sanitised) &&
            (query.Themes is not null || query.Areas is not null || query.Gradings is not null || query.OccurredFrom is not null || query.OccurredTo is not null))
        {
            return false;
        }
        return item.WordsFound switch
        {
            WordsFound.NotSearched => true,
            WordsFound.SanitisedText => view is PolicyView.Full or PolicyView.Sanitised,
            _ => view == PolicyView.Full,
        };
    }
}
