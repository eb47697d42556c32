using System.Numerics;

namespace IntelHub.Policy.Compilation;

/// <summary>
/// An immutable set of dense indices (agencies, areas, purposes, roles) as a bit array: membership is one shift and
/// one mask on the decision path, and subset/intersection tests make rule analysis exact.
/// </summary>
internal sealed class IndexSet
{
    private readonly ulong[] _bits;

    private IndexSet(ulong[] bits) => _bits = bits;

    public static IndexSet Of(int capacity, IEnumerable<int> indices)
    {
        var bits = new ulong[(capacity + 63) / 64];
        foreach (var i in indices)
        {
            bits[i >> 6] |= 1UL << (i & 63);
        }

        return new IndexSet(bits);
    }

    public static IndexSet All(int capacity) => Of(capacity, Enumerable.Range(0, capacity));

    public bool Contains(int index) => (uint)index < (uint)(_bits.Length * 64) && (_bits[index >> 6] & (1UL << (index & 63))) != 0;

    public bool IsEmpty => Array.TrueForAll(_bits, b => b == 0);

    public int Count => _bits.Sum(b => BitOperations.PopCount(b));

    public IEnumerable<int> Members()
    {
        for (var w = 0; w < _bits.Length; w++)
        {
            var word = _bits[w];
            while (word != 0)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                yield return (w * 64) + bit;
                word &= word - 1;
            }
        }
    }

    public IndexSet Intersect(IndexSet other)
    {
        var bits = new ulong[Math.Max(_bits.Length, other._bits.Length)];
        for (var i = 0; i < Math.Min(_bits.Length, other._bits.Length); i++)
        {
            bits[i] = _bits[i] & other._bits[i];
        }

        return new IndexSet(bits);
    }

    public bool Intersects(IndexSet other)
    {
        for (var i = 0; i < Math.Min(_bits.Length, other._bits.Length); i++)
        {
            if ((_bits[i] & other._bits[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsSubsetOf(IndexSet other)
    {
        for (var i = 0; i < _bits.Length; i++)
        {
            var theirs = i < other._bits.Length ? other._bits[i] : 0;
            if ((_bits[i] & ~theirs) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
