using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Tree;

/// <summary>
/// Every hash inside one aligned block of 2^height leaves of a <see cref="MerkleTree"/>: the leaves,
/// each complete perfect subtree above them, and, once full, the block's root at level height.
/// The buffers are allocated once for a full block, so refilling the tree's current block after
/// each completed one allocates nothing.
/// </summary>
internal sealed class BlockHashes
{
    // _levels[l] holds the 2^(height - l) nodes of level l, packed.
    private readonly byte[][] _levels;

    public BlockHashes(int height)
    {
        _levels = new byte[height + 1][];
        for (var level = 0; level <= height; level++)
        {
            _levels[level] = new byte[(1 << (height - level)) * MerkleHashing.HashSize];
        }
    }

    /// <summary>The block's level: it spans 2^Height leaves.</summary>
    public int Height => _levels.Length - 1;

    /// <summary>Leaves appended so far.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == 1 << Height;

    /// <summary>Hashes held: every leaf and every complete node above them.</summary>
    public long HashCount
    {
        get
        {
            long count = 0;
            for (var level = 0; level <= Height; level++)
            {
                count += Count >> level;
            }

            return count;
        }
    }

    /// <summary>The root of the full block.</summary>
    public ReadOnlySpan<byte> Root => Node(Height, 0);

    /// <summary>A block filled with <paramref name="leaves"/>, which must be exactly 2^height leaf hashes.</summary>
    public static BlockHashes Of(int height, IReadOnlyList<MerkleHash> leaves)
    {
        var block = new BlockHashes(height);
        if (leaves.Count != 1 << height)
        {
            throw new ArgumentException($"A block holds {1 << height} leaf hashes; {leaves.Count} were supplied.", nameof(leaves));
        }

        foreach (var leaf in leaves)
        {
            block.Append(leaf.Bytes);
        }

        return block;
    }

    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (IsFull)
        {
            throw new InvalidOperationException($"The block of {1 << Height} leaves is full.");
        }

        leafHash.CopyTo(Slot(0, Count));
        for (int level = 0, node = Count; (node & 1) == 1; level++, node >>= 1)
        {
            // The node just completed a pair: their parent is a perfect subtree inside the block.
            MerkleHashing.HashChildren(Slot(level, node - 1), Slot(level, node), Slot(level + 1, node >> 1));
        }

        Count++;
    }

    /// <summary>Node <paramref name="index"/> (counted from the block's left edge) of <paramref name="level"/>.</summary>
    public ReadOnlySpan<byte> Node(int level, long index)
    {
        if ((ulong)index >= (ulong)(Count >> level))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The block holds {Count >> level} complete nodes at level {level}.");
        }

        return Slot(level, (int)index);
    }

    /// <summary>Empties the block for reuse; the buffers are kept.</summary>
    public void Clear() => Count = 0;

    private Span<byte> Slot(int level, int index) => _levels[level].AsSpan(index * MerkleHashing.HashSize, MerkleHashing.HashSize);
}
