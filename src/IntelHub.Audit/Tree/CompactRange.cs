using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Tree;

/// <summary>
/// The root of a growing log in O(log n) memory: the hashes of the perfect subtrees that make up the
/// prefix [0, size), largest (leftmost) first, as in Trillian's compact ranges. Appending a leaf
/// merges as many subtrees as the old size has trailing one bits; nothing is allocated per leaf, so
/// a verifier can stream millions of entries through it.
/// </summary>
public sealed class CompactRange
{
    // 64 levels is enough for any size that fits in a long.
    private readonly byte[] _stack = new byte[64 * MerkleHashing.HashSize];
    private int _count;

    /// <summary>Leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>Appends the hash of leaf number <see cref="Size"/>.</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHashing.HashSize)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHashing.HashSize} bytes; got {leafHash.Length}.", nameof(leafHash));
        }

        leafHash.CopyTo(Slot(_count));
        _count++;
        for (var n = Size; (n & 1) == 1; n >>= 1)
        {
            // Two equal-sized neighbours become their parent, written over the left one.
            MerkleHashing.HashChildren(Slot(_count - 2), Slot(_count - 1), Slot(_count - 2));
            _count--;
        }

        Size++;
    }

    /// <summary>MTH of the leaves appended so far (RFC 9162 §2.1.1), written to <paramref name="destination"/>.</summary>
    public void ComputeRoot(Span<byte> destination)
    {
        if (_count == 0)
        {
            MerkleHashing.EmptyRoot.CopyTo(destination);
            return;
        }

        // The split point is the largest power of two below n, so the tree leans left: fold from the right.
        Span<byte> accumulator = stackalloc byte[MerkleHashing.HashSize];
        Slot(_count - 1).CopyTo(accumulator);
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHashing.HashChildren(Slot(i), accumulator, accumulator);
        }

        accumulator.CopyTo(destination);
    }

    /// <summary>MTH of the leaves appended so far.</summary>
    public MerkleHash Root()
    {
        Span<byte> root = stackalloc byte[MerkleHashing.HashSize];
        ComputeRoot(root);
        return MerkleHash.FromBytes(root);
    }

    private Span<byte> Slot(int index) => _stack.AsSpan(index * MerkleHashing.HashSize, MerkleHashing.HashSize);
}
