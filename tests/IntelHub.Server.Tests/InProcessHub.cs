using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using IntelHub.Identity;
using IntelHub.Server.Hosting;
using IntelHub.Storage;
using IntelHub.Testing.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IntelHub.Server.Tests;

/// <summary>Which database a hub under test keeps its store in.</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real hub on real Kestrel (TLS with client certificates, HTTP/2), on a free loopback port,
/// with its own data directory and store. It can be stopped and started again on the same data.
/// </summary>
public sealed class InProcessHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsData;
    private readonly List<GrpcChannel> _channels = [];

    private InProcessHub(WebApplication app, HubSetup setup, Uri address, bool ownsData)
    {
        _app = app;
        Setup = setup;
        Address = address;
        _ownsData = ownsData;
    }

    public HubSetup Setup { get; }

    public string DataDirectory => Setup.DataDirectory;

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public DevelopmentPki Pki => _app.Services.GetRequiredService<DevelopmentPki>();

    public IHubStore Store => _app.Services.GetRequiredService<IHubStore>();

    public static Task<InProcessHub> StartAsync(params string[] settings) => StartAsync(HubSetup.Sqlite(settings));

    public static async Task<InProcessHub> StartAsync(Engine engine, PostgresCluster cluster, params string[] settings) =>
        await StartAsync(engine == Engine.Sqlite ? HubSetup.Sqlite(settings) : await HubSetup.PostgresAsync(cluster, settings));

    public static Task<InProcessHub> StartAsync(HubSetup setup) => StartAsync(setup, ownsData: true);

    /// <summary>Stops this hub (as a crash would, without acknowledging anything further) and starts a new one on the same data and store.</summary>
    public async Task<InProcessHub> RestartAsync()
    {
        await StopAsync();
        return await StartAsync(Setup, ownsData: true);
    }

    private static async Task<InProcessHub> StartAsync(HubSetup setup, bool ownsData)
    {
        string[] args = [$"--Hub:DataDirectory={setup.DataDirectory}", "--Hub:Port=0", .. setup.Settings.Select(s => "--" + s),
            .. setup.Environment is null ? Array.Empty<string>() : [$"--environment={setup.Environment}"]];
        var app = await HubApplication.BuildAsync(args, services =>
        {
            if (setup.Clock is not null) services.AddSingleton<TimeProvider>(setup.Clock);
            setup.Services?.Invoke(services);
        }, TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessHub(app, setup, new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)), ownsData);
    }

    /// <summary>A channel that presents the given client certificate and trusts the hub's development CA.</summary>
    public GrpcChannel ChannelAs(X509Certificate2? clientCertificate, X509Certificate2? trustedAuthority = null, string? bearerToken = null)
    {
        var channel = Open(Address, clientCertificate, trustedAuthority ?? Pki.Authority, bearerToken);
        _channels.Add(channel);
        return channel;
    }

    /// <summary>A gRPC channel to a hub: TLS trusting only the given CA, an optional client certificate and bearer token.</summary>
    public static GrpcChannel Open(Uri address, X509Certificate2? clientCertificate, X509Certificate2 trustedAuthority, string? bearerToken)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = new TrustAnchor(trustedAuthority).ServerValidation();
        if (clientCertificate is not null) handler.SslOptions.ClientCertificates = [clientCertificate];
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true, MaxReceiveMessageSize = 16 * 1024 * 1024, MaxSendMessageSize = 16 * 1024 * 1024 };
        if (bearerToken is not null)
        {
            options.Credentials = ChannelCredentials.Create(new SslCredentials(), CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + bearerToken);
                return Task.CompletedTask;
            }));
        }
        return GrpcChannel.ForAddress(address, options);
    }

    public GrpcChannel ChannelAsAgency(string agencyId) => ChannelAs(Pki.ClientCertificateFor(agencyId, TimeProvider.System));

    /// <summary>A development token, as the embedded default's issuer gives one to a user.</summary>
    public string TokenFor(string agencyId, UserRole role, string user = "user-1", TimeSpan? lifetime = null) =>
        DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(DataDirectory, "pki")).Issue(agencyId, user, role, lifetime ?? TimeSpan.FromMinutes(30), TimeProvider.System);

    /// <summary>The clients of one user of one agency: its certificate and a token for the role.</summary>
    public HubUser As(string agencyId, UserRole role, string user = "user-1") =>
        new(agencyId, role, ChannelAs(Pki.ClientCertificateFor(agencyId, TimeProvider.System), bearerToken: TokenFor(agencyId, role, user)));

    private async Task StopAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        _channels.Clear();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsData && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>What a hub under test is started with: its data directory, store, settings and clock.</summary>
public sealed record HubSetup(string DataDirectory, IReadOnlyList<string> Settings, TimeProvider? Clock = null)
{
    /// <summary>Further service registrations applied last, e.g. a log capture.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>The host environment (e.g. Development); null: the default, Production.</summary>
    public string? Environment { get; init; }

    /// <summary>The hub signs checkpoints on a schedule only; a short one keeps tests that prove a new leaf quick. A test's own setting comes later and wins.</summary>
    private const string QuickCheckpoints = "Hub:Audit:CheckpointInterval=00:00:00.200";

    public static HubSetup Sqlite(params string[] settings) =>
        new(Directory.CreateTempSubdirectory("intelhub-hub-").FullName, [QuickCheckpoints, .. settings]);

    public static async Task<HubSetup> PostgresAsync(PostgresCluster cluster, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var connection = await cluster.CreateDatabaseAsync("hub");
        return new(Directory.CreateTempSubdirectory("intelhub-hub-").FullName,
            [QuickCheckpoints, "Storage:Engine=Postgres", $"Storage:PostgresConnectionString={connection}", .. settings]);
    }
}

/// <summary>One user's clients: the report, inbox and audit services over that user's channel.</summary>
public sealed class HubUser(string agencyId, UserRole role, GrpcChannel channel)
{
    public string AgencyId { get; } = agencyId;

    public UserRole Role { get; } = role;

    public GrpcChannel Channel { get; } = channel;

    public Contracts.V1.ReportService.ReportServiceClient Reports { get; } = new(channel);

    public Contracts.V1.InboxService.InboxServiceClient Inbox { get; } = new(channel);

    public Contracts.V1.AuditService.AuditServiceClient Audit { get; } = new(channel);
}

/// <summary>A clock the test can move forward; everything else about time stays real.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
