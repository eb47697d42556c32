using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Server.Access;
using IntelHub.Server.Disseminations;

namespace IntelHub.Server.Api;

/// <summary>intelhub.v1.DisseminationService: refer-to-originator requests and the originators' decisions.</summary>
internal sealed class DisseminationEndpoint(DisseminationRequests disseminations) : DisseminationService.DisseminationServiceBase
{
    public override async Task<RequestDisseminationResponse> RequestDissemination(RequestDisseminationRequest request, ServerCallContext context) =>
        new() { Dissemination = await disseminations.RequestAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken) };

    public override Task<ListDisseminationRequestsResponse> ListDisseminationRequests(ListDisseminationRequestsRequest request, ServerCallContext context) =>
        disseminations.ListAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken);

    public override async Task<DecideDisseminationResponse> DecideDissemination(DecideDisseminationRequest request, ServerCallContext context) =>
        new() { Dissemination = await disseminations.DecideAsync(request, CallerInterceptor.CallerOf(context), context.CancellationToken) };
}
