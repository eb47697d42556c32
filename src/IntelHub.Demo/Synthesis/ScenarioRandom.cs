namespace IntelHub.Demo.Synthesis;

/// <summary>
/// A SplitMix64 generator. The scenario must be byte-identical for a seed on every machine and .NET
/// version, so it owns its algorithm instead of relying on <see cref="Random"/>'s, which .NET may change.
/// Not for anything secret.
/// </summary>
internal sealed class ScenarioRandom
{
    private ulong _state;

    public ScenarioRandom(ulong seed) => _state = seed;

    /// <summary>An independent stream for one part of the scenario, so adding a part does not reshuffle the others.</summary>
    public static ScenarioRandom For(int seed, string part) =>
        new(StableHash(part) ^ ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL));

    /// <summary>FNV-1a over the UTF-16 code units: the same on every run and machine, unlike string.GetHashCode.</summary>
    public static ulong StableHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>0 to <paramref name="maxExclusive"/> - 1.</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    public int Between(int min, int maxInclusive) => min + Next(maxInclusive - min + 1);

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items[Next(items.Count)];
    }

    /// <summary>Picks by weight; weights need not sum to one.</summary>
    public T Weighted<T>(params (T Item, double Weight)[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var roll = NextDouble() * choices.Sum(c => c.Weight);
        foreach (var (item, weight) in choices)
        {
            roll -= weight;
            if (roll < 0)
            {
                return item;
            }
        }

        return choices[^1].Item;
    }

    /// <summary>A shuffled copy (Fisher-Yates).</summary>
    public List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
