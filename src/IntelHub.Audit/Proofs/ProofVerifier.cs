using System.Numerics;
using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Proofs;

/// <summary>
/// Verification of inclusion and consistency proofs, as RFC 9162 §2.1.3.2 and §2.1.4.2 specify.
/// Lengths and bounds are checked before any hashing, so a malformed proof is reported as malformed
/// (with the count it should have had) rather than as a root mismatch.
/// </summary>
public static class ProofVerifier
{
    /// <summary>Throws <see cref="InvalidProofException"/> unless <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="size"/> leaves with root <paramref name="root"/>.</summary>
    public static void VerifyInclusion(long index, long size, MerkleHash leafHash, IReadOnlyList<MerkleHash> auditPath, MerkleHash root)
    {
        var computed = RootFromInclusionProof(index, size, leafHash, auditPath);
        if (computed != root)
        {
            throw new InvalidProofException(
                ProofFailure.RootMismatch,
                $"The audit path for leaf {index} leads to root {computed.ToHex()}, not to the tree of size {size} with root {root.ToHex()}: the entry is not in that tree, or the proof was altered.");
        }
    }

    /// <summary>The root that an audit path implies (RFC 9162 §2.1.3.2 steps 1–6), after checking its shape.</summary>
    public static MerkleHash RootFromInclusionProof(long index, long size, MerkleHash leafHash, IReadOnlyList<MerkleHash> auditPath)
    {
        ArgumentNullException.ThrowIfNull(auditPath);
        if (index < 0 || index >= size)
        {
            throw new InvalidProofException(ProofFailure.IndexOutOfRange, $"Leaf index {index} is not inside a tree of {size} leaves.");
        }

        var expected = InclusionProofLength(index, size);
        if (auditPath.Count != expected)
        {
            throw new InvalidProofException(
                ProofFailure.WrongLength,
                $"The audit path has {auditPath.Count} hashes; a proof for leaf {index} in a tree of {size} leaves has exactly {expected}.");
        }

        var fn = (ulong)index;
        var sn = (ulong)(size - 1);
        Span<byte> r = stackalloc byte[MerkleHashing.HashSize];
        leafHash.Bytes.CopyTo(r);
        foreach (var p in auditPath)
        {
            // sn == 0 cannot happen here: the length check above matches the number of steps.
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHashing.HashChildren(p.Bytes, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHashing.HashChildren(r, p.Bytes, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return MerkleHash.FromBytes(r);
    }

    /// <summary>Throws <see cref="InvalidProofException"/> unless the tree of <paramref name="size1"/> leaves with <paramref name="root1"/> is a prefix of the tree of <paramref name="size2"/> leaves with <paramref name="root2"/>.</summary>
    public static void VerifyConsistency(long size1, long size2, MerkleHash root1, MerkleHash root2, IReadOnlyList<MerkleHash> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size1 < 0 || size2 < size1)
        {
            throw new InvalidProofException(
                ProofFailure.IndexOutOfRange,
                $"A tree of {size2} leaves cannot extend a tree of {size1} leaves: the log went backwards (rolled back).");
        }

        if (size1 == size2 || size1 == 0)
        {
            if (proof.Count != 0)
            {
                throw new InvalidProofException(ProofFailure.WrongLength, $"A consistency proof from size {size1} to size {size2} is empty; this one has {proof.Count} hashes.");
            }

            if (size1 == size2 && root1 != root2)
            {
                throw new InvalidProofException(
                    ProofFailure.RootMismatch,
                    $"Two trees of the same size {size1} have different roots ({root1.ToHex()} and {root2.ToHex()}): the log has forked.");
            }

            return;
        }

        var expected = ConsistencyProofLength(size1, size2);
        if (proof.Count != expected)
        {
            throw new InvalidProofException(
                ProofFailure.WrongLength,
                $"The consistency proof has {proof.Count} hashes; a proof from size {size1} to size {size2} has exactly {expected}.");
        }

        // RFC 9162 §2.1.4.2: when the old tree is a perfect subtree, its root is the first node of the path.
        var oldIsPerfect = BitOperations.IsPow2((ulong)size1);
        var start = oldIsPerfect ? 0 : 1;
        var seed = oldIsPerfect ? root1 : proof[0];

        var fn = (ulong)(size1 - 1);
        var sn = (ulong)(size2 - 1);
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[MerkleHashing.HashSize];
        Span<byte> sr = stackalloc byte[MerkleHashing.HashSize];
        seed.Bytes.CopyTo(fr);
        seed.Bytes.CopyTo(sr);
        for (var i = start; i < proof.Count; i++)
        {
            var c = proof[i].Bytes;
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHashing.HashChildren(c, fr, fr);
                MerkleHashing.HashChildren(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHashing.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        var firstRoot = MerkleHash.FromBytes(fr);
        var secondRoot = MerkleHash.FromBytes(sr);
        if (firstRoot != root1)
        {
            throw new InvalidProofException(
                ProofFailure.RootMismatch,
                $"The consistency proof rebuilds root {firstRoot.ToHex()} for size {size1}, not the given {root1.ToHex()}: the trees fork or the proof was altered.");
        }

        if (secondRoot != root2)
        {
            throw new InvalidProofException(
                ProofFailure.RootMismatch,
                $"The consistency proof rebuilds root {secondRoot.ToHex()} for size {size2}, not the given {root2.ToHex()}: the larger tree does not extend the smaller one (fork or rewrite).");
        }
    }

    /// <summary>
    /// Hashes in an audit path: one per level below the point where the paths to the leaf and to the
    /// last leaf part (the inner part), plus one per perfect subtree on the right border above it.
    /// </summary>
    public static int InclusionProofLength(long index, long size)
    {
        var inner = 64 - BitOperations.LeadingZeroCount((ulong)index ^ (ulong)(size - 1));
        var border = BitOperations.PopCount((ulong)index >> inner);
        return inner + border;
    }

    /// <summary>Hashes in a consistency proof between two sizes, 0 &lt; size1 &lt; size2.</summary>
    public static int ConsistencyProofLength(long size1, long size2)
    {
        // The path of the old tree's last leaf, minus the levels inside the old tree's largest
        // right-hand perfect subtree, plus that subtree's root unless the old tree is itself perfect.
        var length = InclusionProofLength(size1 - 1, size2) - BitOperations.TrailingZeroCount((ulong)size1);
        return BitOperations.IsPow2((ulong)size1) ? length : length + 1;
    }
}
