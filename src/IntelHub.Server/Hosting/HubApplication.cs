using System.Net;
using Google.Protobuf.Reflection;
using IntelHub.Audit.Signing;
using IntelHub.Identity;
using IntelHub.Server.Access;
using IntelHub.Server.Api;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.DemoData;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Disseminations;
using IntelHub.Server.Inbox;
using IntelHub.Server.Profiles;
using IntelHub.Server.Protocols;
using IntelHub.Server.Reports;
using IntelHub.Server.Retention;
using IntelHub.Server.Sharing;
using IntelHub.Server.Telemetry;
using IntelHub.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace IntelHub.Server.Hosting;

/// <summary>The composition root: everything the hub is made of, configured in one place, top to bottom.</summary>
public static class HubApplication
{
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <param name="args">Command-line configuration, e.g. <c>--Hub:Port=0</c>.</param>
    /// <param name="overrides">Service replacements applied last (tests replace the clock).</param>
    /// <param name="cancellationToken">Stops opening the store and signing key.</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? overrides = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var parts = await HubComponents.OpenAsync(builder.Configuration, cancellationToken);
        var services = builder.Services;

        services.AddSingleton(parts.Hub);
        services.AddSingleton(parts.Audit);
        services.AddSingleton(parts.Inbox);
        services.AddSingleton(parts.Retention);
        services.AddSingleton(parts.Policies);
        services.AddSingleton(parts.Areas);
        services.AddSingleton(parts.Store);
        services.AddSingleton(parts.Signer);
        services.AddSingleton(TimeProvider.System);
        builder.AddHubTelemetry();
        // Request lines carry the query string, and the JSON gateway's GET URLs carry a purpose's justification
        // and case reference: the hub does not log request lines (its audit log records what it disclosed).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // The health probe runs every check once a second and logs each change of the hub's health itself (events
        // 7201 to 7203); the health-check service would log a failing check as an error on every run.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);

        services.AddSingleton<SharingPolicy>();
        services.AddSingleton<IAgencyDirectory>(sp => sp.GetRequiredService<SharingPolicy>());
        services.AddSingleton<DisclosureProjection>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<Submissions>();
        services.AddSingleton<AuditGroupCommit>();
        services.AddSingleton<AuditRecorder>();
        services.AddSingleton<IAccessRefusals>(sp => sp.GetRequiredService<AuditRecorder>());
        services.AddSingleton<ReaderDecision>();
        services.AddSingleton<EntitlementIndex>();
        services.AddSingleton(OpenPageTokenKey(parts.Hub));
        services.AddSingleton<ItemDisclosures>();
        services.AddSingleton<ProblemProfiles>();
        services.AddSingleton<InboxDeliveries>();
        services.AddSingleton<DisseminationGrants>();
        services.AddSingleton<DisseminationRequests>();
        services.AddSingleton<HubAuditLog>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton(sp => new BearerTokenValidator(parts.Issuers, sp.GetRequiredService<TimeProvider>(), parts.MaxTokenLifetime));
        services.AddSingleton<ProtocolCatalogue>();
        services.AddSingleton(new StoredProtocolSet(parts.PolicyDirectory));
        services.AddSingleton<ProtocolValidation>();
        services.AddSingleton<ProtocolActivation>();
        services.AddSingleton<ProtocolChangeCommit>();
        services.AddSingleton<ProtocolProposals>();
        services.AddSingleton<ProtocolApprovals>();
        services.AddSingleton<ProtocolPublications>();
        services.AddSingleton<DecisionExplainer>();
        services.AddSingleton<ProtocolImpactAssessment>();
        services.AddSingleton(HubAccess.Rules());
        // Interceptors and the health service are stateless: as singletons grpc-dotnet takes them from the container
        // instead of constructing (and disposing) one of each for every call.
        services.AddSingleton<CallerInterceptor>();
        services.AddSingleton<FailureStatusInterceptor>();
        services.AddSingleton<PolicyPinInterceptor>();
        services.AddSingleton<HealthEndpoint>();

        // Hosted services start in this order, before Kestrel accepts a call: the protocols are recorded before anything is decided by them.
        services.AddHostedService(sp => sp.GetRequiredService<ProtocolActivation>());
        if (parts.Hub.DemoData) services.AddHostedService<WalesDemoLoader>();
        services.AddHostedService<AuditIntegration>();
        services.AddHostedService<RetentionService>();
        services.AddHostedService<EntitlementRefresher>();
        services.AddSingleton<ProtocolReviewWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<ProtocolReviewWatch>());
        // After the audit log's integration: a log that contradicts its checkpoints is unhealthy from the first probe.
        services.AddHostedService(sp => sp.GetRequiredService<HealthProbe>());

        if (parts.Pki is not null) services.AddSingleton(parts.Pki);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxMessageBytes;
            kestrel.Listen(IPAddress.Parse(parts.Hub.ListenAddress), parts.Hub.Port, listen =>
            {
                listen.Protocols = parts.Transport is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                if (parts.Transport is not null) listen.UseHttps(https => RequireAgencyCertificates(https, parts.Transport));
            });
            if (parts.Hub.HealthPort is { } healthPort)
                kestrel.Listen(IPAddress.Parse(parts.Hub.ListenAddress), healthPort, ProbePort.Configure);
        });

        services.AddGrpc(grpc =>
        {
            grpc.EnableDetailedErrors = false;
            grpc.MaxReceiveMessageSize = MaxMessageBytes;
            grpc.Interceptors.Add<FailureStatusInterceptor>();
            grpc.Interceptors.Add<CallerInterceptor>();
            grpc.Interceptors.Add<PolicyPinInterceptor>();
        }).AddJsonTranscoding(json =>
            // Validation errors carry google.rpc.BadRequest (and other error details); the JSON gateway can
            // write them only when it knows their descriptors.
            json.TypeRegistry = TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor));
        // The checks run in the background probe, never on a health call; the health service answers from its last result.
        services.AddHealthChecks().AddCheck<DataDirectoryHealthCheck>("data-directory")
            .AddCheck<StoreHealthCheck>("store")
            .AddCheck<AuditLogHealthCheck>("audit-log");
        services.AddSingleton<HealthProbe>();
        services.AddGrpcReflection();
        overrides?.Invoke(services);

        var app = builder.Build();
        app.Use(PlainFailureResponse.Guard);
        app.Use(UnreadableRequests.Guard);
        if (parts.Hub.HealthPort is not null) app.Use(ProbePort.Guard);
        app.MapGrpcService<ReportEndpoint>();
        app.MapGrpcService<InboxEndpoint>();
        app.MapGrpcService<AuditEndpoint>();
        app.MapGrpcService<ProtocolEndpoint>();
        app.MapGrpcService<ProfileEndpoint>();
        app.MapGrpcService<DisseminationEndpoint>();
        // Monitors poll health many times a second: their calls are left out of the HTTP request-duration metric.
        app.MapGrpcService<HealthEndpoint>().DisableHttpMetrics();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>
    /// mTLS: a client must present a certificate issued by the hub's CA that names exactly one
    /// agency; anything else fails the TLS handshake, before any RPC runs.
    /// </summary>
    private static void RequireAgencyCertificates(HttpsConnectionAdapterOptions https, TransportTrust trust)
    {
        https.ServerCertificate = trust.Server;
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        // Agencies' certificates are short-lived and revoked by removing the agency from agencies.yaml;
        // the development CA publishes no revocation list.
        https.CheckCertificateRevocation = false;
        var anchor = new TrustAnchor(trust.ClientAuthority);
        https.ClientCertificateValidation = (certificate, _, _) =>
            anchor.Issued(certificate, forClientAuthentication: true) && AgencyCertificate.AgencyIdOf(certificate) is not null;
    }

    private static SearchCursor OpenPageTokenKey(HubOptions hub)
    {
        try
        {
            return SearchCursor.OpenOrCreate(hub.PageTokenKeyPath);
        }
        catch (Exception problem) when (problem is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new HubConfigurationException([$"Hub:PageTokenKeyFile: the search page-token key '{hub.PageTokenKeyPath}' could not be opened: {problem.Message}"]);
        }
    }
}

/// <summary>A setting that stops the hub; the message names each setting and what to do.</summary>
public sealed class HubConfigurationException(IReadOnlyList<string> problems)
    : Exception("The hub's configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
