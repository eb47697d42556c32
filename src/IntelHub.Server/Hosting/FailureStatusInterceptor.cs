using Grpc.Core;
using Grpc.Core.Interceptors;
using IntelHub.Storage;

namespace IntelHub.Server.Hosting;

/// <summary>
/// The one place where failures that are not the service's own refusals become statuses a caller can
/// act on, instead of UNKNOWN: the store being full or out of reach is UNAVAILABLE (retry later; nothing
/// was stored or disclosed). Outermost, so that a failure while authorising or auditing a refusal is mapped too;
/// a request that never gets here could not be read (see <see cref="UnreadableRequests"/>).
/// </summary>
public sealed partial class FailureStatusInterceptor(ILogger<FailureStatusInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        // Unary calls are most calls: written out rather than through Mapped, so that no closure is made per call.
        context.UserState[UnreadableRequests.ReadKey] = true;
        try
        {
            return await continuation(request, context);
        }
        catch (Exception failure) when (Map(failure, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return Mapped(async () => { await continuation(request, responseStream, context); return true; }, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return Mapped(() => continuation(requestStream, context), context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return Mapped(async () => { await continuation(requestStream, responseStream, context); return true; }, context);
    }

    private async Task<T> Mapped<T>(Func<Task<T>> call, ServerCallContext context)
    {
        context.UserState[UnreadableRequests.ReadKey] = true;
        try
        {
            return await call();
        }
        catch (Exception failure) when (Map(failure, context) is { } status)
        {
            throw new RpcException(status);
        }
    }

    private Status? Map(Exception failure, ServerCallContext context)
    {
        if (failure is RpcException or OperationCanceledException) return null;
        if (StoreFailure.IsFull(failure))
        {
            StoreFull(failure, context.Method);
            return new Status(StatusCode.Unavailable, "The hub's store is full, so nothing was stored or disclosed by this call. Retry later; if it persists, tell the hub's operators that its store needs more space (the hub has logged it).");
        }
        if (StoreFailure.IsUnavailable(failure))
        {
            StoreFailed(failure, context.Method);
            return new Status(StatusCode.Unavailable, "The hub's store is unavailable just now, so nothing was stored or disclosed by this call. Retry later.");
        }
        return null;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Error, Message = "The store is full: {Method} was refused. Free space for the store (or raise Storage:SqliteMaxSizeMegabytes).")]
    private partial void StoreFull(Exception failure, string method);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "The store failed during {Method}; the caller was told to retry.")]
    private partial void StoreFailed(Exception failure, string method);
}
