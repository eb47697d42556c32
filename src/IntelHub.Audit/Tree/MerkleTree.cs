using System.Numerics;
using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Tree;

/// <summary>
/// An in-memory RFC 9162 tree that keeps every perfect subtree's hash (2n hashes for n leaves), so
/// that the root at any earlier size, inclusion proofs (PATH, §2.1.3.1) and consistency proofs
/// (PROOF/SUBPROOF, §2.1.4.1) cost O(log² n) lookups and hashes, never a rehash of the log.
/// Not thread-safe: one sequencer owns it.
/// </summary>
public sealed class MerkleTree
{
    private readonly List<HashColumn> _levels = [new HashColumn()];

    /// <summary>Leaves in the tree.</summary>
    public long Size => _levels[0].Count;

    /// <summary>Appends a leaf hash; returns its index.</summary>
    public long Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHashing.HashSize)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHashing.HashSize} bytes; got {leafHash.Length}.", nameof(leafHash));
        }

        var index = Size;
        _levels[0].Add(leafHash);
        Span<byte> parent = stackalloc byte[MerkleHashing.HashSize];
        var node = index;
        for (var level = 0; (node & 1) == 1; level++, node >>= 1)
        {
            // The node just completed a pair: its parent at the next level is now a perfect subtree.
            MerkleHashing.HashChildren(_levels[level][node - 1], _levels[level][node], parent);
            if (_levels.Count == level + 1)
            {
                _levels.Add(new HashColumn());
            }

            _levels[level + 1].Add(parent);
        }

        return index;
    }

    /// <summary>The leaf hash at <paramref name="index"/>.</summary>
    public MerkleHash LeafHash(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return MerkleHash.FromBytes(_levels[0][index]);
    }

    /// <summary>MTH of the first <paramref name="size"/> leaves.</summary>
    public MerkleHash RootAt(long size)
    {
        CheckSize(size, nameof(size));
        if (size == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        Span<byte> root = stackalloc byte[MerkleHashing.HashSize];
        SubtreeHash(0, size, root);
        return MerkleHash.FromBytes(root);
    }

    /// <summary>MTH of the whole tree.</summary>
    public MerkleHash Root() => RootAt(Size);

    /// <summary>The audit path for leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    public IReadOnlyList<MerkleHash> InclusionProof(long index, long size)
    {
        CheckSize(size, nameof(size));
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf {index} is not in a tree of {size} leaves.");
        }

        var path = new List<MerkleHash>(64);
        AuditPath(index, 0, size, path);
        return path;
    }

    /// <summary>The consistency proof between the trees of the first <paramref name="size1"/> and <paramref name="size2"/> leaves.</summary>
    public IReadOnlyList<MerkleHash> ConsistencyProof(long size1, long size2)
    {
        CheckSize(size2, nameof(size2));
        if (size1 < 0 || size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, $"Size {size1} is not between 0 and {size2}.");
        }

        var proof = new List<MerkleHash>(64);
        if (size1 > 0 && size1 < size2)
        {
            SubProof(size1, 0, size2, startsAtOldRoot: true, proof);
        }

        return proof;
    }

    // PATH(m, D[lo:hi]) of RFC 9162 §2.1.3.1, written bottom-up.
    private void AuditPath(long m, long lo, long hi, List<MerkleHash> path)
    {
        var n = hi - lo;
        if (n == 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            AuditPath(m, lo, lo + k, path);
            path.Add(SubtreeHash(lo + k, hi));
        }
        else
        {
            AuditPath(m - k, lo + k, hi, path);
            path.Add(SubtreeHash(lo, lo + k));
        }
    }

    // SUBPROOF(m, D[lo:hi], b) of RFC 9162 §2.1.4.1.
    private void SubProof(long m, long lo, long hi, bool startsAtOldRoot, List<MerkleHash> proof)
    {
        var n = hi - lo;
        if (m == n)
        {
            if (!startsAtOldRoot)
            {
                proof.Add(SubtreeHash(lo, hi));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, lo, lo + k, startsAtOldRoot, proof);
            proof.Add(SubtreeHash(lo + k, hi));
        }
        else
        {
            SubProof(m - k, lo + k, hi, startsAtOldRoot: false, proof);
            proof.Add(SubtreeHash(lo, lo + k));
        }
    }

    private MerkleHash SubtreeHash(long lo, long hi)
    {
        Span<byte> hash = stackalloc byte[MerkleHashing.HashSize];
        SubtreeHash(lo, hi, hash);
        return MerkleHash.FromBytes(hash);
    }

    // MTH(D[lo:hi]); every range the RFC recursion asks for is either a stored perfect subtree
    // (a power of two long, aligned to its length) or splits into one plus a smaller range.
    private void SubtreeHash(long lo, long hi, Span<byte> destination)
    {
        var n = hi - lo;
        if (BitOperations.IsPow2(n))
        {
            var level = BitOperations.Log2((ulong)n);
            _levels[level][lo >> level].CopyTo(destination);
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        Span<byte> left = stackalloc byte[MerkleHashing.HashSize];
        Span<byte> right = stackalloc byte[MerkleHashing.HashSize];
        SubtreeHash(lo, lo + k, left);
        SubtreeHash(lo + k, hi, right);
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
}
