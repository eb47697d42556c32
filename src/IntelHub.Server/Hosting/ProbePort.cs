using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace IntelHub.Server.Hosting;

/// <summary>
/// The optional plaintext port for orchestrators' health probes (Hub:HealthPort). A kubelet's gRPC
/// probe cannot present an agency certificate, so it cannot reach the health service on the mTLS
/// port; this port serves grpc.health.v1.Health and nothing else, so it discloses nothing but
/// SERVING or NOT_SERVING.
/// </summary>
internal static class ProbePort
{
    private const string Marker = "intelhub.probe-port";

    /// <summary>Marks every connection accepted on this listener as a probe connection.</summary>
    public static void Configure(ListenOptions listen)
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.Use(next => connection =>
        {
            connection.Items[Marker] = true;
            return next(connection);
        });
    }

    /// <summary>Answers 404 (UNIMPLEMENTED to a gRPC client) for anything but the health service on a probe connection.</summary>
    public static Task Guard(HttpContext context, RequestDelegate next)
    {
        var probe = context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Marker) == true;
        if (probe && !context.Request.Path.StartsWithSegments(HealthEndpoint.ServicePath, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
