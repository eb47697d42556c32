using Grpc.Core;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace IntelHub.Server.Hosting;

/// <summary>
/// grpc.health.v1.Health for the hub as a whole (the empty service name), answered from <see cref="HealthProbe"/>'s
/// last result: the call itself touches neither the disk nor the store. It says SERVING or NOT_SERVING and nothing
/// else; why a check failed is in the hub's log.
/// </summary>
internal sealed class HealthEndpoint(HealthProbe probe, HubOptions options, TimeProvider time, IHostApplicationLifetime lifetime) : Health.HealthBase
{
    /// <summary>The path every health RPC's path starts with.</summary>
    public const string ServicePath = "/grpc.health.v1.Health";

    // Answers are never changed once made, so every call shares them.
    private static readonly Task<HealthCheckResponse> ServingAnswer = Task.FromResult(new HealthCheckResponse { Status = ServingStatus.Serving });
    private static readonly Task<HealthCheckResponse> NotServingAnswer = Task.FromResult(new HealthCheckResponse { Status = ServingStatus.NotServing });

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Service.Length != 0)
            throw new RpcException(new Status(StatusCode.NotFound,
                $"The hub reports its health as a whole, not per service ('{request.Service}'): ask with an empty service name."));
        return probe.IsServing ? ServingAnswer : NotServingAnswer;
    }

    /// <summary>
    /// Sends the status, then each change of it (looked at once a probe interval) until the caller cancels or the hub
    /// begins to stop: an open watch would otherwise hold up the hub's shutdown (and its last checkpoint) until Kestrel
    /// gave up on it.
    /// </summary>
    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var until = watching.Token;
        try
        {
            if (request.Service.Length != 0)
            {
                // As the health protocol asks: say the service is unknown, and keep the call open.
                await responseStream.WriteAsync(new HealthCheckResponse { Status = ServingStatus.ServiceUnknown }, until);
                await Task.Delay(Timeout.InfiniteTimeSpan, time, until);
                return;
            }

            bool? sent = null;
            while (true)
            {
                var serving = probe.IsServing;
                if (serving != sent)
                {
                    await responseStream.WriteAsync((serving ? ServingAnswer : NotServingAnswer).Result, until);
                    sent = serving;
                }
                await Task.Delay(options.HealthProbeInterval, time, until);
            }
        }
        catch (OperationCanceledException) when (until.IsCancellationRequested)
        {
            // The caller stopped watching, or the hub is stopping: the call ends.
        }
    }
}
