using Grpc.Core;
using Grpc.Core.Interceptors;
using IntelHub.Server.Sharing;

namespace IntelHub.Server.Access;

/// <summary>
/// Every unary call is decided by the one protocol set in force when it started (<see cref="SharingPolicy.Pin"/>): a
/// publication during a search does not split its results between two versions. A server stream pins per batch
/// instead (the inbox), so that a long-lived stream follows later publications. Health and reflection decide nothing
/// by the protocols and are not pinned.
/// </summary>
public sealed class PolicyPinInterceptor(SharingPolicy sharing, RpcAccessRules rules) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        return rules.IsOpenToAnyAgency(context.Method) ? continuation(request, context) : PinnedAsync(request, context, continuation);
    }

    private async Task<TResponse> PinnedAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        using (sharing.Pin())
        {
            return await continuation(request, context);
        }
    }
}
