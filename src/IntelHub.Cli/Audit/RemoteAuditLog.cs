using Google.Protobuf;
using Grpc.Core;
using IntelHub.Audit.Hashing;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Audit;

/// <summary>
/// The hub's audit log as a client sees it through AuditService. Replies are read into audit types
/// and checked for shape (the leaf and sizes asked for, 32-byte hashes, a parsable note) so that a
/// malformed reply is named here; whether the proofs are true is for the verifier to decide.
/// </summary>
internal sealed class RemoteAuditLog(AuditService.AuditServiceClient client)
{
    /// <summary>The hub's latest signed checkpoint.</summary>
    public async Task<SignedCheckpoint> LatestCheckpointAsync(CancellationToken cancellationToken)
    {
        var reply = await client.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken);
        var latest = SignedCheckpoint.Parse(reply.SignedNote, "The hub's checkpoint");

        // The fields beside the note are copies for convenience. A hub whose copies disagree with
        // what it signed is misbehaving; refuse rather than guess which to believe.
        var signed = latest.Checkpoint;
        if (reply.Origin != signed.Origin || reply.TreeSize != (ulong)signed.Size || !reply.RootHash.Span.SequenceEqual(signed.Root.Bytes))
        {
            throw new InvalidDataException(
                $"The hub's checkpoint reply contradicts its own signed note (reply: '{reply.Origin}' size {reply.TreeSize}; note: '{signed.Origin}' size {signed.Size}): report this to the hub's operators.");
        }

        return latest;
    }

    /// <summary>The RFC 9162 audit path for <paramref name="leaf"/> in the tree of <paramref name="size"/> leaves.</summary>
    public async Task<IReadOnlyList<MerkleHash>> InclusionPathAsync(long leaf, long size, CancellationToken cancellationToken)
    {
        var reply = await client.GetInclusionProofAsync(
            new GetInclusionProofRequest { LeafIndex = (ulong)leaf, TreeSize = (ulong)size },
            cancellationToken: cancellationToken);
        if (reply.LeafIndex != (ulong)leaf || reply.TreeSize != (ulong)size)
        {
            throw new InvalidDataException($"Asked for leaf {leaf} in a tree of {size}, the hub answered for leaf {reply.LeafIndex} in a tree of {reply.TreeSize}.");
        }

        return Hashes(reply.AuditPath, "audit path");
    }

    /// <summary>The RFC 9162 consistency proof from the tree of <paramref name="first"/> leaves to the tree of <paramref name="second"/>.</summary>
    public async Task<IReadOnlyList<MerkleHash>> ConsistencyProofAsync(long first, long second, CancellationToken cancellationToken)
    {
        // An empty tree is a prefix of every tree and the proof of it is empty (RFC 9162 §2.1.4);
        // the hub only answers for sizes from 1, so there is nothing to ask.
        if (first == 0)
        {
            return [];
        }

        var reply = await client.GetConsistencyProofAsync(
            new GetConsistencyProofRequest { FirstSize = (ulong)first, SecondSize = (ulong)second },
            cancellationToken: cancellationToken);
        if (reply.FirstSize != (ulong)first || reply.SecondSize != (ulong)second)
        {
            throw new InvalidDataException($"Asked for a proof from size {first} to {second}, the hub answered from {reply.FirstSize} to {reply.SecondSize}.");
        }

        return Hashes(reply.Proof, "consistency proof");
    }

    /// <summary>
    /// The canonical entry bytes of <paramref name="leaf"/> (what the leaf hash covers), or null when
    /// the hub refuses them to this caller: only auditors may read other agencies' entries.
    /// </summary>
    public async Task<byte[]?> LeafDataAsync(long leaf, CancellationToken cancellationToken)
    {
        GetEntriesResponse reply;
        try
        {
            reply = await client.GetEntriesAsync(new GetEntriesRequest { Start = (ulong)leaf, End = (ulong)leaf + 1 }, cancellationToken: cancellationToken);
        }
        catch (RpcException refused) when (refused.StatusCode == StatusCode.PermissionDenied)
        {
            return null;
        }

        var entry = reply.Entries.FirstOrDefault(e => e.LeafIndex == (ulong)leaf)
            ?? throw new InvalidDataException($"Asked for the entry of leaf {leaf}, the hub's reply does not contain it.");
        return entry.LeafData.ToByteArray();
    }

    private static MerkleHash[] Hashes(IEnumerable<ByteString> hashes, string what) =>
        [.. hashes.Select((hash, i) => hash.Length == MerkleHashing.HashSize
            ? MerkleHash.FromBytes(hash.Span)
            : throw new InvalidDataException($"Hash {i + 1} of the hub's {what} is {hash.Length} bytes, not {MerkleHashing.HashSize}."))];
}
