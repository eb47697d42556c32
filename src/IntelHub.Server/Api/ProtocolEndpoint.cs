using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Server.Access;
using IntelHub.Server.Sharing;

namespace IntelHub.Server.Api;

/// <summary>
/// intelhub.v1.ProtocolService: reading, validating and explaining the published protocols. Changing them
/// through the API is not built: protocol owners publish a change by updating the hub's policies directory.
/// </summary>
internal sealed class ProtocolEndpoint(ProtocolCatalogue catalogue, ProtocolValidation validation, DecisionExplainer explainer, ProtocolImpactAssessment impact)
    : ProtocolService.ProtocolServiceBase
{
    private const string ChangesThroughPolicyDirectory =
        "Protocol changes cannot be made through the API yet. Publish a change by updating the hub's policies directory " +
        "(Hub:PolicyDirectory): lint and test it, give the changed protocol a new version, and copy the files in; the hub " +
        "publishes the set when every file validates (policies/README.md, \"Publishing a change to a running hub\").";

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
        throw NotThroughTheApi();

    public override Task<ApproveProtocolVersionResponse> ApproveProtocolVersion(ApproveProtocolVersionRequest request, ServerCallContext context) =>
        throw NotThroughTheApi();

    public override Task<PublishProtocolVersionResponse> PublishProtocolVersion(PublishProtocolVersionRequest request, ServerCallContext context) =>
        throw NotThroughTheApi();

    public override Task<RetireProtocolResponse> RetireProtocol(RetireProtocolRequest request, ServerCallContext context) =>
        throw NotThroughTheApi();

    public override Task<RollbackProtocolResponse> RollbackProtocol(RollbackProtocolRequest request, ServerCallContext context) =>
        throw NotThroughTheApi();

    private static RpcException NotThroughTheApi() => new(new Status(StatusCode.Unimplemented, ChangesThroughPolicyDirectory));
}
