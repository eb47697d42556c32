namespace IntelHub.Storage.Relational;

/// <summary>
/// How an engine matches a search's words. Per row: a condition true when every word is in the item's texts taken
/// together (what a full view shows), and one true when every word is in the sanitised text (what a sanitised view
/// shows). As a start: the items matching each, as a subquery of one column k, equal to items.{Key}. The SQL is
/// constant; the words arrive only as the bound parameters.
/// </summary>
internal sealed record TextSearchSql(
    string AnyText, string SanitisedText, string AnyMatches, string SanitisedMatches, string Key,
    Func<IReadOnlyList<string>, IEnumerable<(string Name, object Value)>> Parameters)
{
    /// <summary>
    /// SQLite FTS5: items_text over all three texts (migration 0003) and items_sanitised_text over the sanitised text
    /// alone (migration 0007), both keyed by the items' rowid. Each word is a quoted FTS5 string, so none is read as
    /// an operator or column name. The per-row conditions are probes of one rowid, not the whole match list.
    /// </summary>
    public static TextSearchSql Sqlite { get; } = new(
        "EXISTS (SELECT 1 FROM items_text WHERE items_text MATCH @text_any AND items_text.rowid = i.rowid)",
        "EXISTS (SELECT 1 FROM items_sanitised_text WHERE items_sanitised_text MATCH @text_sanitised AND items_sanitised_text.rowid = i.rowid)",
        "SELECT rowid AS k FROM items_text WHERE items_text MATCH @text_any",
        "SELECT rowid AS k FROM items_sanitised_text WHERE items_sanitised_text MATCH @text_sanitised",
        "rowid",
        words =>
        [
            ("text_any", string.Join(" AND ", words.Select(Quoted))),
            ("text_sanitised", string.Join(" AND ", words.Select(Quoted))),
        ]);

    /// <summary>
    /// PostgreSQL: the generated tsvector columns of migration 0003, each word a quoted lexeme of the query. Only
    /// text_words has an index; the sanitised words are a subset of it, so the sanitised matches are read from that
    /// index and checked on the row.
    /// </summary>
    public static TextSearchSql Postgres { get; } = new(
        "i.text_words @@ to_tsquery('simple'::regconfig, @text_query)",
        "i.sanitised_words @@ to_tsquery('simple'::regconfig, @text_query)",
        "SELECT w.item_id AS k FROM items w WHERE w.text_words @@ to_tsquery('simple'::regconfig, @text_query)",
        "SELECT w.item_id AS k FROM items w WHERE w.text_words @@ to_tsquery('simple'::regconfig, @text_query) " +
        "AND w.sanitised_words @@ to_tsquery('simple'::regconfig, @text_query)",
        "item_id",
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
