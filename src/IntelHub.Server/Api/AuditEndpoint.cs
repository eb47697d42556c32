using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Server.Access;
using IntelHub.Server.AuditTrail;

namespace IntelHub.Server.Api;

/// <summary>intelhub.v1.AuditService: checkpoints, leaves and proofs of the signed audit log.</summary>
internal sealed class AuditEndpoint(AuditQueries audit) : AuditService.AuditServiceBase
{
    public override Task<GetCheckpointResponse> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context) =>
        audit.CheckpointAsync(context.CancellationToken);

    public override Task<GetEntriesResponse> GetEntries(GetEntriesRequest request, ServerCallContext context) =>
        audit.EntriesAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken);

    public override Task<GetInclusionProofResponse> GetInclusionProof(GetInclusionProofRequest request, ServerCallContext context) =>
        audit.InclusionProofAsync(request, context.CancellationToken);

    public override Task<GetConsistencyProofResponse> GetConsistencyProof(GetConsistencyProofRequest request, ServerCallContext context) =>
        audit.ConsistencyProofAsync(request, context.CancellationToken);
}
