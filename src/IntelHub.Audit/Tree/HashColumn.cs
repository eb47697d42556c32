using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Tree;

/// <summary>
/// One level of <see cref="MerkleTree"/>: 32-byte hashes packed into fixed-size chunks, so a level can
/// grow past the 2 GiB array limit and growth never copies what is already stored.
/// </summary>
internal sealed class HashColumn
{
    private const int ChunkShift = 12;
    private const int HashesPerChunk = 1 << ChunkShift;
    private readonly List<byte[]> _chunks = [];

    public long Count { get; private set; }

    public ReadOnlySpan<byte> this[long index]
    {
        get
        {
            if ((ulong)index >= (ulong)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Only {Count} hashes at this level.");
            }

            var offset = (int)(index & (HashesPerChunk - 1)) * MerkleHashing.HashSize;
            return _chunks[(int)(index >> ChunkShift)].AsSpan(offset, MerkleHashing.HashSize);
        }
    }

    public void Add(ReadOnlySpan<byte> hash)
    {
        var within = (int)(Count & (HashesPerChunk - 1));
        if (within == 0)
        {
            _chunks.Add(new byte[HashesPerChunk * MerkleHashing.HashSize]);
        }

        hash.CopyTo(_chunks[^1].AsSpan(within * MerkleHashing.HashSize));
        Count++;
    }
}
