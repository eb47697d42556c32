using System.Globalization;
using System.Text;
using IntelHub.Audit.Entries;
using IntelHub.Storage;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// What a search looked for, as the audit log records it: the normalised terms the store matched on (entity
/// match keys such as <c>phone-number:+447700900123</c>, themes, areas, kinds, grades, the period), never the
/// text as typed. A fishing search for a phone number leaves the number's match key in the log. Free text is
/// recorded as the words the store matched (lower case, punctuation dropped), in plain: an oversight body must be
/// able to read what was looked for, as it can for an entity's match key; a digest of a few words could be undone
/// by trying dictionary words, so it would hide nothing from anyone holding the log and only obstruct its readers.
/// </summary>
internal static class SearchTerms
{
    private const string Separator = "; ";

    public static string Of(ItemQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = new List<string>();
        foreach (var entity in query.Entities ?? []) terms.Add($"{entity.Kind}:{entity.MatchKey}");
        foreach (var theme in query.Themes ?? []) terms.Add("theme:" + theme);
        foreach (var area in query.Areas ?? []) terms.Add("area:" + area);
        foreach (var kind in query.Kinds ?? []) terms.Add("kind:" + kind);
        if (query.Gradings is { } gradings) terms.Add("grading:" + string.Join(",", gradings));
        if (query.Words is { } words) terms.Add("text:" + string.Join(' ', words));
        if (query.OccurredFrom is not null || query.OccurredTo is not null)
            terms.Add($"occurred:{Moment(query.OccurredFrom)}..{Moment(query.OccurredTo)}");
        return Bounded(terms.Distinct(StringComparer.Ordinal).ToList());
    }

    private static string Moment(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The terms, or when they do not fit an audit field, as many whole terms as do and how many more there were.</summary>
    private static string Bounded(List<string> terms)
    {
        var whole = string.Join(Separator, terms);
        if (Encoding.UTF8.GetByteCount(whole) <= AuditEntry.MaxFieldBytes) return whole;
        var text = new StringBuilder();
        var used = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            var next = (i == 0 ? "" : Separator) + terms[i];
            var nextBytes = Encoding.UTF8.GetByteCount(next);
            if (used + nextBytes + Encoding.UTF8.GetByteCount(More(terms.Count - i - 1)) > AuditEntry.MaxFieldBytes)
                return text.Append(More(terms.Count - i)).ToString();
            text.Append(next);
            used += nextBytes;
        }
        return text.ToString();
    }

    private static string More(int count) => $"{Separator}(+{count} more terms)";
}
