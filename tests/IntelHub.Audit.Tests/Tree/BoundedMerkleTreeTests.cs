using System.Numerics;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Tree;

namespace IntelHub.Audit.Tests.Tree;

public sealed class BoundedMerkleTreeTests
{
    private static List<MerkleHash> Leaves(int count) =>
        Enumerable.Range(0, count).Select(i => MerkleHash.FromBytes(MerkleHashing.HashLeaf(BitConverter.GetBytes(i * 7919 + 13)))).ToList();

    private static MerkleTree TreeOf(IReadOnlyList<MerkleHash> leaves, int retainFromLevel)
    {
        var tree = new MerkleTree(retainFromLevel);
        foreach (var leaf in leaves)
        {
            tree.Append(leaf.Bytes);
        }

        return tree;
    }

    // What a caller does: read each named block's leaves from where the entries are kept.
    private static Dictionary<long, IReadOnlyList<MerkleHash>> Supply(IReadOnlyList<long> blocks, IReadOnlyList<MerkleHash> leaves, int retainFromLevel) =>
        blocks.ToDictionary(b => b, b => (IReadOnlyList<MerkleHash>)leaves.Skip((int)(b << retainFromLevel)).Take(1 << retainFromLevel).ToList());

    private static void AssertSameAsFullTree(MerkleTree full, MerkleTree bounded, IReadOnlyList<MerkleHash> leaves, long size1, long size2)
    {
        var k = bounded.RetainFromLevel;
        var rootBlocks = bounded.BlocksNeededForRoot(size2);
        Assert.True(rootBlocks.Count <= 1, $"RootAt({size2}) touched {rootBlocks.Count} blocks");
        Assert.Equal(full.RootAt(size2), bounded.RootAt(size2, Supply(rootBlocks, leaves, k)));

        if (size1 < size2)
        {
            var inclusionBlocks = bounded.BlocksNeededForInclusion(size1, size2);
            Assert.True(inclusionBlocks.Count <= 2, $"inclusion of {size1} in {size2} touched {inclusionBlocks.Count} blocks");
            Assert.Equal(full.InclusionProof(size1, size2), bounded.InclusionProof(size1, size2, Supply(inclusionBlocks, leaves, k)));
        }

        var consistencyBlocks = bounded.BlocksNeededForConsistency(size1, size2);
        Assert.True(consistencyBlocks.Count <= 2, $"consistency {size1} -> {size2} touched {consistencyBlocks.Count} blocks");
        Assert.Equal(full.ConsistencyProof(size1, size2), bounded.ConsistencyProof(size1, size2, Supply(consistencyBlocks, leaves, k)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_bounded_tree_gives_the_full_trees_roots_and_proofs_for_every_size_and_index(int retainFromLevel)
    {
        // Given the same 260 leaves in a tree keeping everything and one keeping levels >= K
        var leaves = Leaves(260);
        var full = TreeOf(leaves, 0);
        var bounded = TreeOf(leaves, retainFromLevel);

        // Then every root, every inclusion proof (index, size) and every consistency proof (size1, size2)
        // agree byte for byte, each from the few blocks the bounded tree asked for
        for (long size2 = 0; size2 <= leaves.Count; size2++)
        {
            for (long size1 = 0; size1 <= size2; size1++)
            {
                AssertSameAsFullTree(full, bounded, leaves, size1, size2);
            }
        }

        Assert.Equal(full.Root(), bounded.Root());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void A_bounded_tree_agrees_while_it_grows_across_block_boundaries(int retainFromLevel)
    {
        // Given trees whose own size is just before, at and just after a block boundary (the open
        // block nearly full, empty, or holding one leaf)
        var block = 1 << retainFromLevel;
        var sizes = new[] { 1, block - 1, block, block + 1, 2 * block - 1, 2 * block, 2 * block + 1, 5 * block, 7 * block + 1 }.Where(s => s > 0).Distinct();
        var leaves = Leaves(7 * block + 1);
        foreach (var size in sizes)
        {
            var prefix = leaves.Take(size).ToList();
            var full = TreeOf(prefix, 0);
            var bounded = TreeOf(prefix, retainFromLevel);

            // Then its whole root needs no supplied block, and proofs at sizes and indices around
            // every block boundary agree with the full tree's
            Assert.Empty(bounded.BlocksNeededForRoot(size));
            Assert.Equal(full.Root(), bounded.Root());
            var near = Enumerable.Range(0, size / block + 1)
                .SelectMany(b => new long[] { (long)b * block - 1, (long)b * block, (long)b * block + 1 })
                .Append(size - 1).Append(size)
                .Where(s => s >= 0 && s <= size).Distinct().ToList();
            foreach (var size2 in near)
            {
                foreach (var size1 in near.Where(s => s <= size2))
                {
                    AssertSameAsFullTree(full, bounded, prefix, size1, size2);
                }
            }
        }
    }

    [Fact]
    public void A_tree_that_keeps_every_level_never_asks_for_leaves()
    {
        // Given a default tree
        var tree = TreeOf(Leaves(100), 0);

        // Then no computation needs a block, and the overloads without leaves answer
        for (long size2 = 1; size2 <= 100; size2 += 9)
        {
            for (long size1 = 0; size1 < size2; size1 += 4)
            {
                Assert.Empty(tree.BlocksNeededForRoot(size1));
                Assert.Empty(tree.BlocksNeededForInclusion(size1, size2));
                Assert.Empty(tree.BlocksNeededForConsistency(size1, size2));
            }
        }

        Assert.Equal(tree.InclusionProof(3, 100, new Dictionary<long, IReadOnlyList<MerkleHash>>()), tree.InclusionProof(3, 100));
    }

    [Fact]
    public void A_tampered_supplied_block_is_refused()
    {
        // Given a bounded tree (blocks of 8 leaves) and the proof of leaf 5 in the tree of 100 leaves, which needs block 0
        var leaves = Leaves(100);
        var tree = TreeOf(leaves, 3);
        Assert.Contains(0L, tree.BlocksNeededForInclusion(5, 100));
        var supplied = Supply(tree.BlocksNeededForInclusion(5, 100), leaves, 3);

        // When one leaf of block 0 is changed after the tree appended it
        var tampered = supplied[0].ToList();
        tampered[2] = MerkleHash.FromBytes(MerkleHashing.HashLeaf("rewritten"u8));
        supplied[0] = tampered;

        // Then the proof is refused as an integrity failure naming the block's leaves
        var refused = Assert.Throws<TreeBlockMismatchException>(() => tree.InclusionProof(5, 100, supplied));
        Assert.Equal(0, refused.FirstLeaf);
        Assert.Equal(8, refused.LeafCount);
        Assert.Contains("leaves 0..7", refused.Message, StringComparison.Ordinal);

        // And so are a root and a consistency proof that read the changed block
        Assert.Throws<TreeBlockMismatchException>(() => tree.RootAt(3, supplied));
        Assert.Throws<TreeBlockMismatchException>(() => tree.ConsistencyProof(3, 100, supplied));
    }

    [Fact]
    public void Missing_or_short_blocks_are_usage_errors()
    {
        // Given a bounded tree with blocks of 4 leaves
        var leaves = Leaves(50);
        var tree = TreeOf(leaves, 2);

        // Then a computation without the block it needs says which leaves to supply
        var missing = Assert.Throws<ArgumentException>(() => tree.InclusionProof(9, 50));
        Assert.Contains("leaves 8..11", missing.Message, StringComparison.Ordinal);

        // And a block of the wrong length is refused
        var shortBlock = new Dictionary<long, IReadOnlyList<MerkleHash>> { [2] = leaves.Skip(8).Take(3).ToList() };
        Assert.Throws<ArgumentException>(() => tree.InclusionProof(9, 50, shortBlock));
    }

    [Fact]
    public void A_bounded_tree_keeps_about_one_hash_in_two_to_the_k()
    {
        // Given 10,003 leaves (not a whole number of blocks) in a full tree and in trees keeping levels >= 4 and >= 8
        const int n = 10_003;
        var leaves = Leaves(n);
        var full = TreeOf(leaves, 0);

        // Then the full tree keeps every perfect subtree (2n - popcount(n) hashes)
        Assert.Equal(2L * n - BitOperations.PopCount((uint)n), full.RetainedHashCount);
        foreach (var k in new[] { 4, 8 })
        {
            var bounded = TreeOf(leaves, k);

            // And the bounded one keeps the block roots and above (under 2n / 2^K) plus the open block's hashes (under 2^(K+1))
            Assert.InRange(bounded.RetainedHashCount, n >> k, (2L * n >> k) + (2L << k));

            // And its leaves are only those of the open block
            Assert.Equal(leaves[n - 1], bounded.LeafHash(n - 1));
            Assert.Throws<InvalidOperationException>(() => bounded.LeafHash(0));
        }
    }
}
