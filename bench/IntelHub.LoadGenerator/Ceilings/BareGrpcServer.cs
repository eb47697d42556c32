using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using IntelHub.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntelHub.LoadGenerator.Ceilings;

/// <summary>
/// The empty-call ceiling: a gRPC service that does nothing, on loopback in this process, behind the hub's own
/// transport and authentication - TLS with the hub's server certificate, a client certificate from the hub's CA
/// required and checked the same way, and the caller's bearer token checked by the hub's own
/// <see cref="BearerTokenValidator"/> against the hub's token issuer. What the hub does on top of this is its own cost.
/// </summary>
internal sealed class BareGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareGrpcServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareGrpcServer> StartAsync(string pkiDirectory, CancellationToken cancellationToken)
    {
        var pki = DevelopmentPki.LoadOrCreate(pkiDirectory, TimeProvider.System);
        var issuer = DevelopmentTokenIssuer.LoadOrCreate(pkiDirectory);
        var anchor = new TrustAnchor(pki.Authority);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = pki.Server;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.CheckCertificateRevocation = false;
                https.ClientCertificateValidation = (certificate, _, _) =>
                    anchor.Issued(certificate, forClientAuthentication: true) && AgencyCertificate.AgencyIdOf(certificate) is not null;
            });
        }));
        builder.Services.AddSingleton(new BearerTokenValidator([issuer.AsTrustedIssuer()], TimeProvider.System, BearerTokenValidator.DefaultMaxLifetime));
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<BearerCheck>());
        var app = builder.Build();
        app.MapGrpcService<EmptyHealth>();
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        // The development server certificate names localhost.
        return new BareGrpcServer(app, new Uri(bound.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>Answers SERVING at once: the empty call.</summary>
    private sealed class EmptyHealth : Health.HealthBase
    {
        private static readonly HealthCheckResponse Serving = new() { Status = HealthCheckResponse.Types.ServingStatus.Serving };

        public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) => Task.FromResult(Serving);
    }

    /// <summary>The bearer token checked as the hub checks it, for the agency the client certificate names.</summary>
    private sealed class BearerCheck(BearerTokenValidator tokens) : Interceptor
    {
        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            var header = context.RequestHeaders.GetValue("authorization");
            var bearer = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
            var certificate = context.GetHttpContext().Connection.ClientCertificate;
            var agency = certificate is null ? null : AgencyCertificate.AgencyIdOf(certificate);
            var (caller, problem) = agency is null ? (null, "No agency certificate.") : await tokens.ValidateAsync(agency, bearer);
            if (caller is null) throw new RpcException(new Status(StatusCode.Unauthenticated, problem!));
            return await continuation(request, context);
        }
    }
}
