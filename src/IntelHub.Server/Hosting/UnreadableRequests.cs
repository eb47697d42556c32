using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace IntelHub.Server.Hosting;

/// <summary>
/// grpc-dotnet reads and parses the request message before any interceptor runs, and answers UNKNOWN
/// when the bytes are not a message of the RPC's request type. A call that ends UNKNOWN without having
/// reached <see cref="FailureStatusInterceptor"/> failed there (a message too large or a client gone
/// get their own statuses), so this answers it as what it is: INVALID_ARGUMENT.
/// </summary>
internal static class UnreadableRequests
{
    /// <summary>Set in the call's user state by the outermost interceptor: the request was read.</summary>
    public const string ReadKey = "intelhub.request-read";

    private const string StatusHeader = "grpc-status";
    private const string MessageHeader = "grpc-message";

    public static async Task Guard(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.HasStarted || context.Features.Get<IServerCallContextFeature>() is not { } call) return;
        if (call.ServerCallContext.UserState.ContainsKey(ReadKey)) return;
        if (context.Response.Headers[StatusHeader] != ((int)StatusCode.Unknown).ToString(System.Globalization.CultureInfo.InvariantCulture)) return;
        context.Response.Headers[StatusHeader] = ((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[MessageHeader] = Uri.EscapeDataString(
            "The request is not a valid protobuf message of this RPC's request type: build the client from protos/intelhub/v1.");
    }
}
