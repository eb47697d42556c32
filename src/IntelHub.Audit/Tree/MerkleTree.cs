using System.Numerics;
using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Tree;

/// <summary>
/// An in-memory RFC 9162 tree over perfect subtree hashes, so that the root at any earlier size,
/// inclusion proofs (PATH, §2.1.3.1) and consistency proofs (PROOF/SUBPROOF, §2.1.4.1) cost
/// O(log² n) lookups and hashes, never a rehash of the log.
/// <para>
/// By default it keeps every perfect subtree's hash (2n hashes for n leaves). Built with
/// <c>retainFromLevel</c> K &gt; 0 it keeps only levels K and above (the roots of the aligned
/// blocks of 2^K leaves and what lies over them, about 2n / 2^K hashes) plus the current incomplete
/// block, so a log that grows for ever costs 2^K times less memory. A hash below level K inside an
/// earlier, complete block is then rebuilt from that block's leaf hashes, which the caller reads
/// from where the entries are kept and supplies: ask <c>BlocksNeededFor…</c> which blocks a
/// computation touches (at most two), then pass their leaves to the computation, which checks each
/// block against the root it recorded and throws <see cref="TreeBlockMismatchException"/> if the
/// leaves changed.
/// </para>
/// Not thread-safe: one owner serialises access.
/// </summary>
public sealed class MerkleTree
{
    private static readonly IReadOnlyDictionary<long, IReadOnlyList<MerkleHash>> NoBlocks = new Dictionary<long, IReadOnlyList<MerkleHash>>();

    private readonly int _blockLevel;

    // _levels[i] holds the perfect subtrees of level _blockLevel + i; _levels[0] the complete blocks' roots.
    private readonly List<HashColumn> _levels = [new HashColumn()];

    // The leaves after the last complete block, with the perfect subtrees they already form.
    private readonly BlockHashes _openBlock;

    /// <summary>A tree that keeps every hash: it never needs leaves supplied.</summary>
    public MerkleTree()
        : this(0)
    {
    }

    /// <summary>
    /// A tree that keeps only the hashes of level <paramref name="retainFromLevel"/> and above, plus
    /// the leaves after the last complete block of 2^<paramref name="retainFromLevel"/> leaves; 0 keeps everything.
    /// </summary>
    public MerkleTree(int retainFromLevel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retainFromLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(retainFromLevel, 20);
        _blockLevel = retainFromLevel;
        _openBlock = new BlockHashes(retainFromLevel);
    }

    /// <summary>Leaves in the tree.</summary>
    public long Size { get; private set; }

    /// <summary>The lowest level kept for complete blocks: a block is 2^RetainFromLevel leaves.</summary>
    public int RetainFromLevel => _blockLevel;

    /// <summary>Tree hashes held in memory: the retained levels and the current block's leaves and nodes.</summary>
    public long RetainedHashCount
    {
        get
        {
            var count = _openBlock.HashCount;
            foreach (var column in _levels)
            {
                count += column.Count;
            }

            return count;
        }
    }

    private long CompleteBlocks => _levels[0].Count;

    /// <summary>Appends a leaf hash; returns its index.</summary>
    public long Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHashing.HashSize)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHashing.HashSize} bytes; got {leafHash.Length}.", nameof(leafHash));
        }

        var index = Size;
        _openBlock.Append(leafHash);
        Size++;
        if (_openBlock.IsFull)
        {
            AddBlockRoot(_openBlock.Root);
            _openBlock.Clear();
        }

        return index;
    }

    /// <summary>The leaf hash at <paramref name="index"/>; a tree that keeps levels above 0 holds only the current block's leaves.</summary>
    public MerkleHash LeafHash(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        if (_blockLevel == 0)
        {
            return MerkleHash.FromBytes(_levels[0][index]);
        }

        var openStart = CompleteBlocks << _blockLevel;
        if (index < openStart)
        {
            throw new InvalidOperationException($"Leaf {index} is in a complete block, and this tree keeps only levels {_blockLevel} and above there: read the leaf from the log.");
        }

        return MerkleHash.FromBytes(_openBlock.Node(0, index - openStart));
    }

    /// <summary>The complete blocks whose leaves <see cref="RootAt(long, IReadOnlyDictionary{long, IReadOnlyList{MerkleHash}})"/> needs (at most one).</summary>
    public IReadOnlyList<long> BlocksNeededForRoot(long size)
    {
        var touched = new BlockLeaves(this, null);
        RootAt(size, touched);
        return touched.Touched;
    }

    /// <summary>The complete blocks whose leaves <see cref="InclusionProof(long, long, IReadOnlyDictionary{long, IReadOnlyList{MerkleHash}})"/> needs (at most two).</summary>
    public IReadOnlyList<long> BlocksNeededForInclusion(long index, long size)
    {
        var touched = new BlockLeaves(this, null);
        InclusionProof(index, size, touched);
        return touched.Touched;
    }

    /// <summary>The complete blocks whose leaves <see cref="ConsistencyProof(long, long, IReadOnlyDictionary{long, IReadOnlyList{MerkleHash}})"/> needs (at most two).</summary>
    public IReadOnlyList<long> BlocksNeededForConsistency(long size1, long size2)
    {
        var touched = new BlockLeaves(this, null);
        ConsistencyProof(size1, size2, touched);
        return touched.Touched;
    }

    /// <summary>MTH of the first <paramref name="size"/> leaves; a bounded tree throws if it needs a block's leaves.</summary>
    public MerkleHash RootAt(long size) => RootAt(size, NoBlocks);

    /// <summary>MTH of the first <paramref name="size"/> leaves, given the leaf hashes of each block <see cref="BlocksNeededForRoot"/> names.</summary>
    public MerkleHash RootAt(long size, IReadOnlyDictionary<long, IReadOnlyList<MerkleHash>> blockLeaves)
    {
        ArgumentNullException.ThrowIfNull(blockLeaves);
        return RootAt(size, new BlockLeaves(this, blockLeaves));
    }

    /// <summary>MTH of the whole tree: it never needs leaves supplied.</summary>
    public MerkleHash Root() => RootAt(Size);

    /// <summary>The audit path for leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves; a bounded tree throws if it needs a block's leaves.</summary>
    public IReadOnlyList<MerkleHash> InclusionProof(long index, long size) => InclusionProof(index, size, NoBlocks);

    /// <summary>The audit path for leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves, given the leaf hashes of each block <see cref="BlocksNeededForInclusion"/> names.</summary>
    public IReadOnlyList<MerkleHash> InclusionProof(long index, long size, IReadOnlyDictionary<long, IReadOnlyList<MerkleHash>> blockLeaves)
    {
        ArgumentNullException.ThrowIfNull(blockLeaves);
        return InclusionProof(index, size, new BlockLeaves(this, blockLeaves));
    }

    /// <summary>The consistency proof between the trees of the first <paramref name="size1"/> and <paramref name="size2"/> leaves; a bounded tree throws if it needs a block's leaves.</summary>
    public IReadOnlyList<MerkleHash> ConsistencyProof(long size1, long size2) => ConsistencyProof(size1, size2, NoBlocks);

    /// <summary>The consistency proof between the trees of the first <paramref name="size1"/> and <paramref name="size2"/> leaves, given the leaf hashes of each block <see cref="BlocksNeededForConsistency"/> names.</summary>
    public IReadOnlyList<MerkleHash> ConsistencyProof(long size1, long size2, IReadOnlyDictionary<long, IReadOnlyList<MerkleHash>> blockLeaves)
    {
        ArgumentNullException.ThrowIfNull(blockLeaves);
        return ConsistencyProof(size1, size2, new BlockLeaves(this, blockLeaves));
    }

    private MerkleHash RootAt(long size, BlockLeaves blocks)
    {
        CheckSize(size, nameof(size));
        if (size == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        Span<byte> root = stackalloc byte[MerkleHashing.HashSize];
        SubtreeHash(0, size, blocks, root);
        return MerkleHash.FromBytes(root);
    }

    private List<MerkleHash> InclusionProof(long index, long size, BlockLeaves blocks)
    {
        CheckSize(size, nameof(size));
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf {index} is not in a tree of {size} leaves.");
        }

        var path = new List<MerkleHash>(64);
        AuditPath(index, 0, size, blocks, path);
        return path;
    }

    private List<MerkleHash> ConsistencyProof(long size1, long size2, BlockLeaves blocks)
    {
        CheckSize(size2, nameof(size2));
        if (size1 < 0 || size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, $"Size {size1} is not between 0 and {size2}.");
        }

        var proof = new List<MerkleHash>(64);
        if (size1 > 0 && size1 < size2)
        {
            SubProof(size1, 0, size2, startsAtOldRoot: true, blocks, proof);
        }

        return proof;
    }

    // A complete block's root became known: store it and every perfect subtree it completes above it.
    private void AddBlockRoot(ReadOnlySpan<byte> blockRoot)
    {
        var node = CompleteBlocks;
        _levels[0].Add(blockRoot);
        Span<byte> parent = stackalloc byte[MerkleHashing.HashSize];
        for (var level = 0; (node & 1) == 1; level++, node >>= 1)
        {
            MerkleHashing.HashChildren(_levels[level][node - 1], _levels[level][node], parent);
            if (_levels.Count == level + 1)
            {
                _levels.Add(new HashColumn());
            }

            _levels[level + 1].Add(parent);
        }
    }

    // PATH(m, D[lo:hi]) of RFC 9162 §2.1.3.1, written bottom-up.
    private void AuditPath(long m, long lo, long hi, BlockLeaves blocks, List<MerkleHash> path)
    {
        var n = hi - lo;
        if (n == 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            AuditPath(m, lo, lo + k, blocks, path);
            path.Add(SubtreeHash(lo + k, hi, blocks));
        }
        else
        {
            AuditPath(m - k, lo + k, hi, blocks, path);
            path.Add(SubtreeHash(lo, lo + k, blocks));
        }
    }

    // SUBPROOF(m, D[lo:hi], b) of RFC 9162 §2.1.4.1.
    private void SubProof(long m, long lo, long hi, bool startsAtOldRoot, BlockLeaves blocks, List<MerkleHash> proof)
    {
        var n = hi - lo;
        if (m == n)
        {
            if (!startsAtOldRoot)
            {
                proof.Add(SubtreeHash(lo, hi, blocks));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, lo, lo + k, startsAtOldRoot, blocks, proof);
            proof.Add(SubtreeHash(lo + k, hi, blocks));
        }
        else
        {
            SubProof(m - k, lo + k, hi, startsAtOldRoot: false, blocks, proof);
            proof.Add(SubtreeHash(lo, lo + k, blocks));
        }
    }

    private MerkleHash SubtreeHash(long lo, long hi, BlockLeaves blocks)
    {
        Span<byte> hash = stackalloc byte[MerkleHashing.HashSize];
        SubtreeHash(lo, hi, blocks, hash);
        return MerkleHash.FromBytes(hash);
    }

    // MTH(D[lo:hi]); every range the RFC recursion asks for is either a perfect subtree (a power of
    // two long, aligned to its length) or splits into one plus a smaller range. A perfect subtree
    // at a retained level is stored; one below it lies inside a single block.
    private void SubtreeHash(long lo, long hi, BlockLeaves blocks, Span<byte> destination)
    {
        var n = hi - lo;
        if (BitOperations.IsPow2(n))
        {
            var level = BitOperations.Log2((ulong)n);
            if (level >= _blockLevel)
            {
                _levels[level - _blockLevel][lo >> level].CopyTo(destination);
                return;
            }

            var block = lo >> _blockLevel;
            var within = lo - (block << _blockLevel);
            var hashes = block == CompleteBlocks ? _openBlock : blocks.Of(block);
            if (hashes is null)
            {
                // Only finding out which blocks are touched: the value is never used.
                destination.Clear();
                return;
            }

            hashes.Node(level, within >> level).CopyTo(destination);
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        Span<byte> left = stackalloc byte[MerkleHashing.HashSize];
        Span<byte> right = stackalloc byte[MerkleHashing.HashSize];
        SubtreeHash(lo, lo + k, blocks, left);
        SubtreeHash(lo + k, hi, blocks, right);
        MerkleHashing.HashChildren(left, right, destination);
    }

    private void CheckSize(long size, string name)
    {
        if (size < 0 || size > Size)
        {
            throw new ArgumentOutOfRangeException(name, size, $"The tree holds {Size} leaves; size {size} is outside it.");
        }
    }

    /// <summary>The largest power of two strictly less than <paramref name="n"/> (n ≥ 2): the RFC's split point k.</summary>
    internal static long LargestPowerOfTwoBelow(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    /// <summary>
    /// The complete blocks one computation reads below the retained levels: either it records which
    /// (no leaves given), or it rebuilds each from the caller's leaf hashes once, checked against
    /// the stored block root.
    /// </summary>
    private sealed class BlockLeaves(MerkleTree tree, IReadOnlyDictionary<long, IReadOnlyList<MerkleHash>>? supplied)
    {
        private readonly Dictionary<long, BlockHashes> _rebuilt = [];

        public List<long> Touched { get; } = [];

        public BlockHashes? Of(long block)
        {
            if (supplied is null)
            {
                if (!Touched.Contains(block))
                {
                    Touched.Add(block);
                }

                return null;
            }

            if (_rebuilt.TryGetValue(block, out var hashes))
            {
                return hashes;
            }

            var firstLeaf = block << tree._blockLevel;
            var leafCount = 1L << tree._blockLevel;
            if (!supplied.TryGetValue(block, out var leaves))
            {
                throw new ArgumentException(
                    $"This needs the leaf hashes of leaves {firstLeaf}..{firstLeaf + leafCount - 1} (block {block}), which a tree keeping levels {tree._blockLevel} and above does not hold: " +
                    "ask BlocksNeededFor… which blocks a computation needs and supply their leaves.");
            }

            hashes = BlockHashes.Of(tree._blockLevel, leaves);
            if (!hashes.Root.SequenceEqual(tree._levels[0][block]))
            {
                throw new TreeBlockMismatchException(firstLeaf, leafCount);
            }

            _rebuilt.Add(block, hashes);
            return hashes;
        }
    }
}
