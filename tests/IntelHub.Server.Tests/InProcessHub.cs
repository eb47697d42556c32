using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using IntelHub.Server.Hosting;
using IntelHub.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IntelHub.Server.Tests;

/// <summary>The real hub on real Kestrel, on a free loopback port, with its own data directory.</summary>
public sealed class InProcessHub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessHub(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
    }

    public string DataDirectory { get; }

    public Uri Address { get; }

    public DevelopmentPki Pki => _app.Services.GetRequiredService<DevelopmentPki>();

    public static async Task<InProcessHub> StartAsync(params string[] settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("intelhub-hub-").FullName;
        string[] args = [$"--Hub:DataDirectory={dataDirectory}", "--Hub:Port=0", .. settings.Select(s => "--" + s)];
        var app = HubApplication.Build(args);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new InProcessHub(app, dataDirectory, new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
    }

    /// <summary>A channel that presents the given client certificate and trusts the hub's development CA.</summary>
    public GrpcChannel ChannelAs(X509Certificate2? clientCertificate, X509Certificate2? trustedAuthority = null)
    {
        var authority = trustedAuthority ?? Pki.Authority;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = new TrustAnchor(authority).ServerValidation();
        if (clientCertificate is not null) handler.SslOptions.ClientCertificates = [clientCertificate];
        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    public GrpcChannel ChannelAsAgency(string agencyId) => ChannelAs(Pki.ClientCertificateFor(agencyId, TimeProvider.System));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
