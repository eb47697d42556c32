namespace IntelHub.Server.Profiles;

/// <summary>
/// Compares stored lists (an item's themes, its areas) by their values in order, checking for the same instance first:
/// the store hands rows with the same list one instance, so a compile's per-set memos cost a reference check per row.
/// </summary>
internal sealed class StoredSet : IEqualityComparer<IReadOnlyList<string>>
{
    public static readonly StoredSet Comparer = new();

    public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.SequenceEqual(y, StringComparer.Ordinal));

    public int GetHashCode(IReadOnlyList<string> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        foreach (var value in obj) hash.Add(value, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
