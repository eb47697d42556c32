using BenchmarkDotNet.Attributes;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Tree;

namespace IntelHub.Audit.Benchmarks;

/// <summary>Inclusion-proof generation from the sequencer's in-memory tree of 1,000,000 leaves, per proof; baseline: one raw SHA-256 of an entry.</summary>
[MemoryDiagnoser]
public class InclusionProofBenchmarks
{
    private const int Leaves = 1_000_000;
    private const int Proofs = 1_000;
    private readonly MerkleTree _tree = new();
    private long[] _indices = [];
    private byte[] _bytes = [];
    private int[] _offsets = [];

    [GlobalSetup]
    public void Setup()
    {
        (_bytes, _offsets) = SampleLog.Encoded(Leaves);
        Span<byte> leaf = stackalloc byte[MerkleHashing.HashSize];
        for (var i = 0; i < Leaves; i++)
        {
            MerkleHashing.HashLeaf(_bytes.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]), leaf);
            _tree.Append(leaf);
        }

        var random = new Random(9162);
        _indices = [.. Enumerable.Range(0, Proofs).Select(_ => random.NextInt64(Leaves))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Proofs, Description = "raw SHA-256 of one entry")]
    public byte RawSha256()
        => SampleLog.HashEach(_bytes, _offsets, Proofs);

    [Benchmark(OperationsPerInvoke = Proofs, Description = "inclusion proof, 1M-leaf tree")]
    public int InclusionProof()
    {
        var hashes = 0;
        foreach (var index in _indices)
        {
            hashes += _tree.InclusionProof(index, Leaves).Count;
        }

        return hashes;
    }
}
