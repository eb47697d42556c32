using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Server.Access;
using IntelHub.Server.Protocols;
using IntelHub.Server.Sharing;

namespace IntelHub.Server.Api;

/// <summary>
/// intelhub.v1.ProtocolService: reading, validating and explaining the protocols, and their life cycle (propose,
/// approve, publish, retire, roll back), which the hub's store records and its audit log signs.
/// </summary>
internal sealed class ProtocolEndpoint(
    ProtocolCatalogue catalogue, ProtocolValidation validation, DecisionExplainer explainer,
    ProtocolProposals proposals, ProtocolApprovals approvals, ProtocolPublications publications, ProtocolImpactAssessment impact, TimeProvider time)
    : ProtocolService.ProtocolServiceBase
{
    public override Task<ListProtocolsResponse> ListProtocols(ListProtocolsRequest request, ServerCallContext context) =>
        catalogue.ListAsync(request, context.CancellationToken);

    public override Task<GetProtocolResponse> GetProtocol(GetProtocolRequest request, ServerCallContext context) =>
        catalogue.GetAsync(request, context.CancellationToken);

    public override Task<ValidateProtocolResponse> ValidateProtocol(ValidateProtocolRequest request, ServerCallContext context) =>
        Task.FromResult(validation.Validate(request));

    public override Task<GetProtocolImpactResponse> GetProtocolImpact(GetProtocolImpactRequest request, ServerCallContext context) =>
        impact.AssessAsync(request, context.CancellationToken);

    public override Task<ExplainDecisionResponse> ExplainDecision(ExplainDecisionRequest request, ServerCallContext context) =>
        explainer.ExplainAsync(request, CallerInterceptor.CallerOf(context), context.Method, context.CancellationToken);

    public override Task<ProposeProtocolVersionResponse> ProposeProtocolVersion(ProposeProtocolVersionRequest request, ServerCallContext context) =>
        proposals.ProposeAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken);

    public override Task<ApproveProtocolVersionResponse> ApproveProtocolVersion(ApproveProtocolVersionRequest request, ServerCallContext context) =>
        approvals.ApproveAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken);

    public override Task<PublishProtocolVersionResponse> PublishProtocolVersion(PublishProtocolVersionRequest request, ServerCallContext context) =>
        publications.PublishAsync(request, CallerInterceptor.CallerOf(context), time.GetUtcNow(), context.CancellationToken);

    public override Task<RetireProtocolResponse> RetireProtocol(RetireProtocolRequest request, ServerCallContext context) =>
        publications.RetireAsync(request, CallerInterceptor.CallerOf(context), time.GetUtcNow(), context.CancellationToken);

    public override Task<RollbackProtocolResponse> RollbackProtocol(RollbackProtocolRequest request, ServerCallContext context) =>
        publications.RollbackAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken);
}
