using IntelHub.Demo.Synthesis;

namespace IntelHub.Demo.DataSet;

/// <summary>
/// Which identity of one kind a mention names, with the shape of real data: most identities turn up once, a pool of
/// recurring ones follows a Zipf-like law (rank r drawn with weight r^-<see cref="Exponent"/>), so a few phones and
/// addresses are in hundreds of items and most in one. Identity numbers below <see cref="PoolSize"/> are the
/// recurring pool, by rank; each one-off gets the next number above it, so every draw is fixed by the seed.
/// </summary>
internal sealed class LongTail
{
    /// <summary>Flat enough that the most frequent identity is in roughly one item in two thousand.</summary>
    public const double Exponent = 0.7;

    /// <summary>The share of mentions that name a recurring identity; the rest are one-offs.</summary>
    public const double RecurringShare = 0.1;

    private readonly double[] _cumulative;
    private long _nextOneOff;

    public LongTail(int poolSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 1);
        _cumulative = new double[poolSize];
        var total = 0.0;
        for (var rank = 0; rank < poolSize; rank++)
        {
            total += Math.Pow(rank + 1, -Exponent);
            _cumulative[rank] = total;
        }
        for (var rank = 0; rank < poolSize; rank++) _cumulative[rank] /= total;
        _nextOneOff = poolSize;
    }

    public int PoolSize => _cumulative.Length;

    /// <summary>The identity number a mention names.</summary>
    public long Draw(ScenarioRandom random)
    {
        if (!random.Chance(RecurringShare)) return _nextOneOff++;
        var rank = Array.BinarySearch(_cumulative, random.NextDouble());
        return rank >= 0 ? rank : Math.Min(~rank, _cumulative.Length - 1);
    }
}
