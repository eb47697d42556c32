using IntelHub.Audit.Hashing;
using IntelHub.Audit.Proofs;
using IntelHub.Audit.Tests.TestData;
using IntelHub.Audit.Tree;

namespace IntelHub.Audit.Tests.Proofs;

public sealed class ProofVerifierTests
{
    private static readonly MerkleHash SomeHash = MerkleHash.FromHex("abacaba000000000000000000000000000000000000000000060061e00123456");

    [Fact]
    public void Published_inclusion_proofs_verify()
    {
        foreach (var (index, size, path) in Rfc6962Vectors.Inclusions)
        {
            var leaf = MerkleHash.FromBytes(MerkleHashing.HashLeaf(Rfc6962Vectors.Leaves[(int)index]));
            ProofVerifier.VerifyInclusion(index, size, leaf, path, Rfc6962Vectors.Roots[size]);
        }
    }

    [Fact]
    public void Published_consistency_proofs_verify()
    {
        foreach (var (size1, size2, proof) in Rfc6962Vectors.Consistencies)
        {
            ProofVerifier.VerifyConsistency(size1, size2, Rfc6962Vectors.Roots[size1], Rfc6962Vectors.Roots[size2], proof);
        }
    }

    [Fact]
    public void Every_mutation_of_a_published_inclusion_proof_is_rejected()
    {
        foreach (var (index, size, path) in Rfc6962Vectors.Inclusions.Where(v => v.Path.Length > 0))
        {
            var leaf = MerkleHash.FromBytes(MerkleHashing.HashLeaf(Rfc6962Vectors.Leaves[(int)index]));
            var root = Rfc6962Vectors.Roots[size];

            Reject(ProofFailure.IndexOutOfRange, () => ProofVerifier.VerifyInclusion(index, index, leaf, path, root));
            Reject(null, () => ProofVerifier.VerifyInclusion(index ^ 1, size, leaf, path, root));
            Reject(null, () => ProofVerifier.VerifyInclusion(index, size * 2, leaf, path, root));
            Reject(ProofFailure.RootMismatch, () => ProofVerifier.VerifyInclusion(index, size, SomeHash, path, root));
            Reject(ProofFailure.RootMismatch, () => ProofVerifier.VerifyInclusion(index, size, leaf, path, MerkleHash.EmptyRoot));
            Reject(ProofFailure.WrongLength, () => ProofVerifier.VerifyInclusion(index, size, leaf, [.. path, root], root));
            Reject(ProofFailure.WrongLength, () => ProofVerifier.VerifyInclusion(index, size, leaf, [root, .. path], root));
            Reject(ProofFailure.WrongLength, () => ProofVerifier.VerifyInclusion(index, size, leaf, path[..^1], root));
            for (var i = 0; i < path.Length; i++)
            {
                var altered = path.ToArray();
                altered[i] = FlipBit(altered[i]);
                Reject(ProofFailure.RootMismatch, () => ProofVerifier.VerifyInclusion(index, size, leaf, altered, root));
            }
        }
    }

    [Fact]
    public void Every_mutation_of_a_published_consistency_proof_is_rejected()
    {
        foreach (var (size1, size2, proof) in Rfc6962Vectors.Consistencies.Where(v => v.Proof.Length > 0))
        {
            var root1 = Rfc6962Vectors.Roots[size1];
            var root2 = Rfc6962Vectors.Roots[size2];

            Reject(null, () => ProofVerifier.VerifyConsistency(size1 + 1, size2, root1, root2, proof));
            Reject(null, () => ProofVerifier.VerifyConsistency(size1, size2 * 2, root1, root2, proof));
            Reject(ProofFailure.IndexOutOfRange, () => ProofVerifier.VerifyConsistency(size2, size1, root2, root1, proof));
            Reject(ProofFailure.RootMismatch, () => ProofVerifier.VerifyConsistency(size1, size2, SomeHash, root2, proof));
            Reject(ProofFailure.RootMismatch, () => ProofVerifier.VerifyConsistency(size1, size2, root1, SomeHash, proof));
            Reject(ProofFailure.WrongLength, () => ProofVerifier.VerifyConsistency(size1, size2, root1, root2, []));
            Reject(ProofFailure.WrongLength, () => ProofVerifier.VerifyConsistency(size1, size2, root1, root2, [.. proof, root2]));
            Reject(ProofFailure.WrongLength, () => ProofVerifier.VerifyConsistency(size1, size2, root1, root2, proof[..^1]));
            for (var i = 0; i < proof.Length; i++)
            {
                var altered = proof.ToArray();
                altered[i] = FlipBit(altered[i]);
                Reject(ProofFailure.RootMismatch, () => ProofVerifier.VerifyConsistency(size1, size2, root1, root2, altered));
            }
        }
    }

    [Fact]
    public void Same_size_with_different_roots_is_reported_as_a_fork()
    {
        var error = Assert.Throws<InvalidProofException>(
            () => ProofVerifier.VerifyConsistency(5, 5, Rfc6962Vectors.Roots[5], SomeHash, []));
        Assert.Equal(ProofFailure.RootMismatch, error.Failure);
        Assert.Contains("forked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_length_message_says_how_many_hashes_the_proof_needs()
    {
        var (index, size, path) = Rfc6962Vectors.Inclusions.First(v => v.Size == 8);
        var leaf = MerkleHash.FromBytes(MerkleHashing.HashLeaf(Rfc6962Vectors.Leaves[(int)index]));
        var error = Assert.Throws<InvalidProofException>(
            () => ProofVerifier.VerifyInclusion(index, size, leaf, path[..1], Rfc6962Vectors.Roots[size]));
        Assert.Equal($"The audit path has 1 hashes; a proof for leaf {index} in a tree of 8 leaves has exactly 3.", error.Message);
    }

    [Fact]
    public void Generated_proofs_verify_for_every_leaf_and_size_pair_of_a_small_tree()
    {
        // Given a tree of 40 leaves (odd shapes at every size)
        var tree = new MerkleTree();
        for (var i = 0; i < 40; i++)
        {
            tree.Append(MerkleHashing.HashLeaf([(byte)i, (byte)(i * 7)]));
        }

        // Then every inclusion and consistency proof it generates verifies against its own roots
        for (long size = 1; size <= 40; size++)
        {
            var root = tree.RootAt(size);
            for (long index = 0; index < size; index++)
            {
                ProofVerifier.VerifyInclusion(index, size, tree.LeafHash(index), tree.InclusionProof(index, size), root);
            }

            for (long size1 = 0; size1 <= size; size1++)
            {
                ProofVerifier.VerifyConsistency(size1, size, tree.RootAt(size1), root, tree.ConsistencyProof(size1, size));
            }
        }
    }

    private static MerkleHash FlipBit(MerkleHash hash)
    {
        var bytes = hash.Bytes.ToArray();
        bytes[0] ^= 0x10;
        return MerkleHash.FromBytes(bytes);
    }

    private static void Reject(ProofFailure? expected, Action verify)
    {
        var error = Assert.Throws<InvalidProofException>(verify);
        if (expected is not null)
        {
            Assert.Equal(expected, error.Failure);
        }
    }
}
