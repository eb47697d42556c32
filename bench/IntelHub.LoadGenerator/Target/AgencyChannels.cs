using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using IntelHub.Contracts.V1;
using IntelHub.Identity;

namespace IntelHub.LoadGenerator.Target;

/// <summary>The hub's services over one agency's connection.</summary>
internal sealed class AgencyClients(GrpcChannel channel)
{
    public GrpcChannel Channel { get; } = channel;

    public ReportService.ReportServiceClient Reports { get; } = new(channel);

    public InboxService.InboxServiceClient Inbox { get; } = new(channel);

    public Health.HealthClient Health { get; } = new(channel);
}

/// <summary>
/// One TLS connection per agency, as an agency's gateway holds one: its client certificate from the
/// hub's development CA, the hub trusted through that CA only. Users' bearer tokens travel per call,
/// so every user of an agency, and the health check, share the agency's connection: the baseline and
/// the measured calls go over the same connections.
/// </summary>
internal sealed class AgencyChannels : IDisposable
{
    // A call that takes longer than this has failed for any user; it is counted as DEADLINE_EXCEEDED.
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly Uri _address;
    private readonly DevelopmentPki _pki;
    private readonly DevelopmentTokenIssuer _issuer;
    private readonly TimeSpan _tokenLifetime;
    private readonly ConcurrentDictionary<string, Lazy<AgencyClients>> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Caller, string> _authorizations = new();

    /// <param name="address">The hub.</param>
    /// <param name="pkiDirectory">The embedded hub's development PKI and token issuer (DATA/pki).</param>
    /// <param name="tokenLifetime">How long each user's token lasts: longer than the run.</param>
    public AgencyChannels(Uri address, string pkiDirectory, TimeSpan tokenLifetime)
    {
        _address = address;
        _pki = DevelopmentPki.LoadOrCreate(pkiDirectory, TimeProvider.System);
        _issuer = DevelopmentTokenIssuer.LoadOrCreate(pkiDirectory);
        _tokenLifetime = tokenLifetime;
    }

    /// <summary>Every agency connection opened so far.</summary>
    public IReadOnlyList<AgencyClients> Opened => _clients.Values.Where(c => c.IsValueCreated).Select(c => c.Value).ToList();

    public AgencyClients For(string agencyId) =>
        _clients.GetOrAdd(agencyId, id => new Lazy<AgencyClients>(() => Open(id))).Value;

    /// <summary>Options for a unary call as the caller: its bearer token and the call deadline.</summary>
    public CallOptions As(Caller caller, CancellationToken cancellationToken) =>
        new(headers: Bearer(caller), deadline: DateTime.UtcNow.Add(CallDeadline), cancellationToken: cancellationToken);

    /// <summary>Options for a stream that lasts as long as the caller wants it.</summary>
    public CallOptions Streaming(Caller caller, CancellationToken cancellationToken) =>
        new(headers: Bearer(caller), cancellationToken: cancellationToken);

    /// <summary>Options for the health check: the certificate is enough, as for a monitoring probe.</summary>
    public static CallOptions Probe(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow.Add(CallDeadline), cancellationToken: cancellationToken);

    // A Metadata per call, as the client may add to it; the signed token itself is made once per user.
    private Metadata Bearer(Caller caller) =>
    [
        new Metadata.Entry("authorization", _authorizations.GetOrAdd(caller, c => "Bearer " + _issuer.Issue(c.AgencyId, c.UserId, c.Role, _tokenLifetime, TimeProvider.System))),
    ];

    private AgencyClients Open(string agencyId)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [_pki.ClientCertificateFor(agencyId, TimeProvider.System)];
        handler.SslOptions.RemoteCertificateValidationCallback = new TrustAnchor(_pki.Authority).ServerValidation();
        return new AgencyClients(GrpcChannel.ForAddress(_address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        }));
    }

    public void Dispose()
    {
        foreach (var clients in Opened) clients.Channel.Dispose();
        _clients.Clear();
    }
}
