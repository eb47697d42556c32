using System.Net;
using IntelHub.Identity;
using IntelHub.Server.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace IntelHub.Server.Hosting;

/// <summary>The composition root: everything the hub is made of, configured in one place, top to bottom.</summary>
public static class HubApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);

        var options = builder.Configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new HubConfigurationException(problems);

        Directory.CreateDirectory(options.DataDirectory);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddHubTelemetry();

        var pki = options.AllowPlaintextForLocalDevelopment
            ? null
            : DevelopmentPki.LoadOrCreate(Path.Combine(options.DataDirectory, "pki"), TimeProvider.System);
        if (pki is not null) builder.Services.AddSingleton(pki);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port, listen =>
            {
                listen.Protocols = pki is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                if (pki is not null) listen.UseHttps(https => RequireAgencyCertificates(https, pki));
            });
        });

        builder.Services.AddGrpc(grpc =>
        {
            grpc.EnableDetailedErrors = false;
            grpc.MaxReceiveMessageSize = 4 * 1024 * 1024;
        });
        builder.Services.AddGrpcHealthChecks().AddCheck<DataDirectoryHealthCheck>("data-directory");
        builder.Services.AddGrpcReflection();

        var app = builder.Build();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>
    /// mTLS: a client must present a certificate issued by the hub's CA that names exactly one
    /// agency; anything else fails the TLS handshake, before any RPC runs.
    /// </summary>
    private static void RequireAgencyCertificates(HttpsConnectionAdapterOptions https, DevelopmentPki pki)
    {
        https.ServerCertificate = pki.Server;
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.CheckCertificateRevocation = false; // the development CA publishes no revocation list
        var anchor = new TrustAnchor(pki.Authority);
        https.ClientCertificateValidation = (certificate, _, _) =>
            anchor.Issued(certificate, forClientAuthentication: true) && AgencyCertificate.AgencyIdOf(certificate) is not null;
    }
}

/// <summary>A setting that stops the hub; the message names each setting and what to do.</summary>
public sealed class HubConfigurationException(IReadOnlyList<string> problems)
    : Exception("The hub's configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
