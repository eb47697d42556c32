using Grpc.Core;
using Grpc.Core.Interceptors;
using IntelHub.Server.Sharing;

namespace IntelHub.Server.Access;

/// <summary>
/// Every unary call is decided by the one protocol set in force when it started (<see cref="SharingPolicy.Pin"/>): a
/// publication during a search does not split its results between two versions. A server stream pins per batch
/// instead (the inbox), so that a long-lived stream follows later publications.
/// </summary>
public sealed class PolicyPinInterceptor(SharingPolicy sharing) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        using (sharing.Pin())
        {
            return await continuation(request, context);
        }
    }
}
