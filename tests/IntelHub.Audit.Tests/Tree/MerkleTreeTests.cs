using IntelHub.Audit.Hashing;
using IntelHub.Audit.Tests.TestData;
using IntelHub.Audit.Tree;

namespace IntelHub.Audit.Tests.Tree;

public sealed class MerkleTreeTests
{
    private static MerkleTree TreeOfVectorLeaves()
    {
        var tree = new MerkleTree();
        foreach (var leaf in Rfc6962Vectors.Leaves)
        {
            tree.Append(MerkleHashing.HashLeaf(leaf));
        }

        return tree;
    }

    [Fact]
    public void Roots_at_every_size_match_the_published_vectors()
    {
        // Given the eight published leaf inputs in a tree
        var tree = TreeOfVectorLeaves();

        // Then the root at every size 0..8 is the published root
        Assert.Equal(9, Rfc6962Vectors.Roots.Count);
        foreach (var (size, root) in Rfc6962Vectors.Roots)
        {
            Assert.Equal(root, tree.RootAt(size));
        }
    }

    [Fact]
    public void Compact_range_root_matches_the_published_vectors_as_it_grows()
    {
        // Given a compact range fed the published leaves one by one
        var range = new CompactRange();
        Assert.Equal(Rfc6962Vectors.Roots[0], range.Root());
        foreach (var leaf in Rfc6962Vectors.Leaves)
        {
            range.Append(MerkleHashing.HashLeaf(leaf));

            // Then after each append its root is the published root for that size
            Assert.Equal(Rfc6962Vectors.Roots[range.Size], range.Root());
        }
    }

    [Fact]
    public void Inclusion_proofs_match_the_published_vectors()
    {
        var tree = TreeOfVectorLeaves();
        Assert.NotEmpty(Rfc6962Vectors.Inclusions);
        foreach (var (index, size, path) in Rfc6962Vectors.Inclusions)
        {
            Assert.Equal(path, tree.InclusionProof(index, size));
        }
    }

    [Fact]
    public void Consistency_proofs_match_the_published_vectors()
    {
        var tree = TreeOfVectorLeaves();
        Assert.NotEmpty(Rfc6962Vectors.Consistencies);
        foreach (var (size1, size2, proof) in Rfc6962Vectors.Consistencies)
        {
            Assert.Equal(proof, tree.ConsistencyProof(size1, size2));
        }
    }

    [Fact]
    public void Compact_range_and_full_tree_agree_on_a_large_irregular_log()
    {
        // Given 1,000 distinct leaves in both structures
        var tree = new MerkleTree();
        var range = new CompactRange();
        for (var i = 0; i < 1000; i++)
        {
            var leaf = MerkleHashing.HashLeaf(BitConverter.GetBytes(i));
            tree.Append(leaf);
            range.Append(leaf);

            // Then their roots agree at every size, and the tree's historical root agrees too
            if (i % 37 == 0 || i == 999)
            {
                Assert.Equal(tree.Root(), range.Root());
            }
        }

        Assert.Equal(range.Root(), tree.RootAt(1000));
    }

    [Fact]
    public void A_tree_past_one_storage_chunk_gives_the_same_roots_and_valid_proofs()
    {
        // Given more leaves than one 4,096-hash chunk of a level holds
        var tree = new MerkleTree();
        var range = new CompactRange();
        for (var i = 0; i < 5000; i++)
        {
            var leaf = MerkleHashing.HashLeaf(BitConverter.GetBytes(i * 31));
            tree.Append(leaf);
            range.Append(leaf);
        }

        // Then the stored tree agrees with the streaming root, and proofs across the boundary verify
        Assert.Equal(range.Root(), tree.Root());
        foreach (var index in new long[] { 0, 4095, 4096, 4999 })
        {
            IntelHub.Audit.Proofs.ProofVerifier.VerifyInclusion(index, 5000, tree.LeafHash(index), tree.InclusionProof(index, 5000), tree.Root());
        }

        IntelHub.Audit.Proofs.ProofVerifier.VerifyConsistency(4097, 5000, tree.RootAt(4097), tree.Root(), tree.ConsistencyProof(4097, 5000));
    }

    [Fact]
    public void Leaf_hashes_of_large_entries_are_sha256_of_the_zero_prefix_and_the_entry()
    {
        // Given an entry larger than the stack buffer used for small ones
        var entry = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();

        // Then its leaf hash is still SHA-256(0x00 || entry)
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([0, .. entry]), MerkleHashing.HashLeaf(entry));
    }
}
