namespace IntelHub.Storage.Relational;

/// <summary>
/// How an engine matches a search's words: a condition true when every word is in the item's texts taken together
/// (what a full view shows), one true when every word is in the sanitised text (what a sanitised view shows), and
/// the bound parameters both read. The conditions are constant SQL; the words arrive only as parameter values.
/// </summary>
internal sealed record TextSearchSql(string AnyText, string SanitisedText, Func<IReadOnlyList<string>, IEnumerable<(string Name, object Value)>> Parameters)
{
    /// <summary>
    /// SQLite FTS5 over items_text (migration 0003). Each word is a quoted FTS5 string, so none is read as an operator
    /// or column name; a column filter keeps the sanitised match to the sanitised_text column.
    /// </summary>
    public static TextSearchSql Sqlite { get; } = new(
        "i.rowid IN (SELECT rowid FROM items_text WHERE items_text MATCH @text_any)",
        "i.rowid IN (SELECT rowid FROM items_text WHERE items_text MATCH @text_sanitised)",
        words =>
        [
            ("text_any", string.Join(" AND ", words.Select(Quoted))),
            ("text_sanitised", string.Join(" AND ", words.Select(w => "sanitised_text : " + Quoted(w)))),
        ]);

    /// <summary>PostgreSQL: the generated tsvector columns of migration 0003, each word a quoted lexeme of the query.</summary>
    public static TextSearchSql Postgres { get; } = new(
        "i.text_words @@ to_tsquery('simple'::regconfig, @text_query)",
        "i.sanitised_words @@ to_tsquery('simple'::regconfig, @text_query)",
        words => [("text_query", string.Join(" & ", words.Select(w => "'" + w + "'")))]);

    private static string Quoted(string word) => "\"" + word + "\"";
}

/// <summary>The store's own check of search words, whatever the caller validated: letters and digits, lower case, bounded.</summary>
internal static class TextWords
{
    public const int MaxWordLength = 64;

    public static IReadOnlyList<string> Checked(IReadOnlyList<string> words)
    {
        if (words.Count > ItemQuery.MaxWords)
            throw new ArgumentException($"A search takes at most {ItemQuery.MaxWords} words; got {words.Count}.", nameof(words));
        foreach (var word in words)
        {
            if (word.Length is 0 or > MaxWordLength || !word.All(c => char.IsLetterOrDigit(c) && !char.IsUpper(c)))
                throw new ArgumentException($"Search words are 1 to {MaxWordLength} lower-case letters and digits; '{word}' is not.", nameof(words));
        }
        return [.. words.Distinct(StringComparer.Ordinal)];
    }
}
