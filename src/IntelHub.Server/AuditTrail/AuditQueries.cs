using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Entries;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Tree;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using ContractAuditEntry = IntelHub.Contracts.V1.AuditEntry;

namespace IntelHub.Server.AuditTrail;

/// <summary>
/// Reads of the signed audit log: the latest checkpoint, leaves, and RFC 9162 proofs. Proofs and
/// leaves are served only up to the latest signed checkpoint, so everything a client can check
/// is anchored in a signature it holds.
/// </summary>
public sealed class AuditQueries(HubAuditLog log, IHubStore store, AuditRecorder audit)
{
    public const int MaxEntriesPerCall = 1000;

    private const string GetEntriesMethod = "/intelhub.v1.AuditService/GetEntries";

    internal async Task<GetCheckpointResponse> CheckpointAsync(CancellationToken cancellationToken)
    {
        var (note, checkpoint) = await LatestAsync(cancellationToken);
        return new GetCheckpointResponse
        {
            SignedNote = note,
            Origin = checkpoint.Origin,
            TreeSize = (ulong)checkpoint.Size,
            RootHash = ByteString.CopyFrom(checkpoint.Root.Bytes),
        };
    }

    /// <summary>
    /// Leaves with their entries. Auditors read any; every other role reads only entries its own
    /// agency made (its submissions and their routing, what its users were disclosed or delivered,
    /// its acknowledgements and refusals), so that an agency proves its own receipts without an
    /// auditor. A range holding any other agency's entry is refused whole: nothing of that entry,
    /// not even its kind or time, is given.
    /// </summary>
    internal async Task<GetEntriesResponse> EntriesAsync(GetEntriesRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var (_, checkpoint) = await LatestAsync(cancellationToken);
        if (request.End <= request.Start)
            throw new FieldViolations().With("end", $"end ({request.End}) must be greater than start ({request.Start}).").ToException("No entries were read");
        if (request.Start >= (ulong)checkpoint.Size || request.End > (ulong)checkpoint.Size)
            throw OutOfRange($"Leaves {request.Start}..{request.End - 1} are not all covered by the latest checkpoint (tree size {checkpoint.Size}): ask for end <= {checkpoint.Size}.");
        var start = (long)request.Start;
        var count = (int)Math.Min(request.End - request.Start, MaxEntriesPerCall);
        var records = await store.ReadAuditAsync(start, count, cancellationToken);
        var response = new GetEntriesResponse();
        foreach (var record in records)
        {
            var decoded = AuditEntryEncoding.TryDecode(record.CanonicalEntry.Span, out var entry, out _) ? entry : null;
            if (caller.Role != UserRole.Auditor && decoded?.Agency != caller.AgencyId)
            {
                var reason = $"Leaf {record.Sequence} is not an entry of agency {caller.AgencyId}: only auditors read other agencies' entries. Ask for the leaves your agency's receipts name.";
                await audit.RecordDenialAsync(caller, GetEntriesMethod, reason, CancellationToken.None);
                throw new RpcException(new Status(StatusCode.PermissionDenied, reason));
            }

            response.Entries.Add(new ContractAuditEntry
            {
                LeafIndex = (ulong)record.Sequence,
                LeafData = ByteString.CopyFrom(record.CanonicalEntry.Span),
                Kind = decoded is null ? AuditEventKind.Unspecified : KindOf(decoded.Action),
                RecordedAt = decoded is null ? null : Timestamp.FromDateTimeOffset(decoded.Time),
            });
        }
        return response;
    }

    internal async Task<GetInclusionProofResponse> InclusionProofAsync(GetInclusionProofRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, checkpoint) = await LatestAsync(cancellationToken);
        if (request.TreeSize == 0)
            throw new FieldViolations().With("tree_size", "Missing: give the tree size of a checkpoint you hold.").ToException("No proof was made");
        if (request.LeafIndex >= request.TreeSize)
            throw new FieldViolations().With("leaf_index", $"Leaf {request.LeafIndex} is not in a tree of {request.TreeSize} leaves: the tree size must exceed the leaf index.").ToException("No proof was made");
        if (request.TreeSize > (ulong)checkpoint.Size)
            throw OutOfRange($"Tree size {request.TreeSize} is beyond the latest checkpoint ({checkpoint.Size}): prove against a checkpoint the hub has signed.");
        var path = await ProveAsync(() => log.InclusionProofAsync((long)request.LeafIndex, (long)request.TreeSize, cancellationToken));
        var response = new GetInclusionProofResponse { LeafIndex = request.LeafIndex, TreeSize = request.TreeSize };
        response.AuditPath.AddRange(path.Select(h => ByteString.CopyFrom(h.Bytes)));
        return response;
    }

    internal async Task<GetConsistencyProofResponse> ConsistencyProofAsync(GetConsistencyProofRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, checkpoint) = await LatestAsync(cancellationToken);
        if (request.FirstSize == 0)
            throw new FieldViolations().With("first_size", "Give the tree size of the earlier checkpoint you hold (at least 1).").ToException("No proof was made");
        if (request.SecondSize < request.FirstSize)
            throw new FieldViolations().With("second_size", $"second_size ({request.SecondSize}) must be at least first_size ({request.FirstSize}).").ToException("No proof was made");
        if (request.SecondSize > (ulong)checkpoint.Size)
            throw OutOfRange($"Tree size {request.SecondSize} is beyond the latest checkpoint ({checkpoint.Size}): prove against a checkpoint the hub has signed.");
        var proof = await ProveAsync(() => log.ConsistencyProofAsync((long)request.FirstSize, (long)request.SecondSize, cancellationToken));
        var response = new GetConsistencyProofResponse { FirstSize = request.FirstSize, SecondSize = request.SecondSize };
        response.Proof.AddRange(proof.Select(h => ByteString.CopyFrom(h.Bytes)));
        return response;
    }

    /// <summary>
    /// The newest checkpoint the log has signed on its schedule. A read never makes the hub sign
    /// (with Key Vault every signature is a paid, throttled call): a new receipt's leaf is provable
    /// once the next scheduled checkpoint covers it, within Hub:Audit:CheckpointInterval.
    /// </summary>
    private Task<(string Note, Checkpoint Checkpoint)> LatestAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var note = log.LatestCheckpoint
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "The audit log is empty and has no checkpoint yet: nothing has been recorded."));
        if (!SignedNote.TryParse(note, out var signed, out var noteError))
            throw new InvalidOperationException("The hub's own latest checkpoint does not parse: " + noteError);
        if (!Checkpoint.TryParseBody(signed!.Body, out var checkpoint, out var bodyError))
            throw new InvalidOperationException("The hub's own latest checkpoint body does not parse: " + bodyError);
        return Task.FromResult((note, checkpoint!));
    }

    // Rows read back to prove from no longer match the tree built from them: the log cannot vouch for them.
    private static async Task<IReadOnlyList<MerkleHash>> ProveAsync(Func<Task<IReadOnlyList<MerkleHash>>> prove)
    {
        try
        {
            return await prove();
        }
        catch (TreeBlockMismatchException mismatch)
        {
            throw new RpcException(new Status(StatusCode.DataLoss,
                $"No proof was made: the audit entries stored at leaves {mismatch.FirstLeaf}..{mismatch.FirstLeaf + mismatch.LeafCount - 1} were changed in the database after the hub recorded them, so it cannot prove against them. " +
                "Report this to the hub's operators: the hub signs no further checkpoints until the database is restored from a backup."));
        }
    }

    private static RpcException OutOfRange(string message) => new(new Status(StatusCode.OutOfRange, message));

    private static AuditEventKind KindOf(AuditAction action) => action switch
    {
        AuditAction.Submission => AuditEventKind.Submission,
        AuditAction.RoutingDecision => AuditEventKind.RoutingDecision,
        AuditAction.DisclosureByView or AuditAction.DisclosureBySearch => AuditEventKind.Disclosure,
        AuditAction.Delivery => AuditEventKind.Delivery,
        AuditAction.Acknowledgement => AuditEventKind.Acknowledgement,
        AuditAction.ReferToOriginatorRequest => AuditEventKind.DisseminationRequest,
        AuditAction.ReferToOriginatorDecision => AuditEventKind.DisseminationDecision,
        AuditAction.ProtocolProposal or AuditAction.ProtocolApproval or AuditAction.ProtocolPublication => AuditEventKind.ProtocolChange,
        AuditAction.Disposal => AuditEventKind.Disposal,
        AuditAction.Denial => AuditEventKind.Denial,
        AuditAction.Search => AuditEventKind.Search,
        _ => AuditEventKind.Unspecified,
    };
}
