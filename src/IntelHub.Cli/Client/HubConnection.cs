using System.Security.Cryptography.X509Certificates;
using System.CommandLine;

using Grpc.Core;
using Grpc.Net.Client;
using IntelHub.Identity;

namespace IntelHub.Cli.Client;

/// <summary>
/// How <c>intelhub</c> reaches a hub: the address, the agency's client certificate and the
/// hub's CA, and a bearer token. With no certificate or token options it uses the embedded
/// default's development CA and token issuer under <c>--data</c> (what the hub created on first run).
/// </summary>
internal sealed class HubConnection
{
    public static readonly Option<string> Hub = new("--hub") { Description = "The hub's address.", DefaultValueFactory = _ => "https://localhost:7443", Recursive = true };
    public static readonly Option<string> Agency = new("--agency") { Description = "Your agency's id, e.g. cardiff-council (see policies/agencies.yaml).", Recursive = true };
    public static readonly Option<string> Role = new("--role") { Description = $"Your role: {string.Join(", ", RoleNames.All)}.", Recursive = true };
    public static readonly Option<string?> Team = new("--team") { Description = "Your team within the agency, e.g. trading-standards (its 'teams' in policies/agencies.yaml); optional.", Recursive = true };
    public static readonly Option<string> User = new("--user") { Description = "Your user id (pseudonymous).", DefaultValueFactory = _ => Environment.UserName, Recursive = true };
    public static readonly Option<string> Data = new("--data") { Description = "The embedded hub's data directory (development certificates and token issuer).", DefaultValueFactory = _ => "data", Recursive = true };
    public static readonly Option<FileInfo?> Certificate = new("--cert") { Description = "Your agency's client certificate (PEM); with --key.", Recursive = true };
    public static readonly Option<FileInfo?> Key = new("--key") { Description = "The private key of --cert (PEM).", Recursive = true };
    public static readonly Option<FileInfo?> Authority = new("--ca") { Description = "The CA that issued the hub's certificate (PEM).", Recursive = true };
    public static readonly Option<string?> Token = new("--token") { Description = "A bearer token from your agency's identity provider.", Recursive = true };

    public static IEnumerable<Option> All => [Hub, Agency, Role, Team, User, Data, Certificate, Key, Authority, Token];

    /// <summary>Opens a channel as the caller the options describe, or says which option is missing.</summary>
    public static GrpcChannel Open(ParseResult options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hub = options.GetValue(Hub)!;
        var certificateFile = options.GetValue(Certificate);
        X509Certificate2 client, authority;
        string token;
        if (certificateFile is not null)
        {
            var keyFile = options.GetValue(Key) ?? throw new CliProblem("--cert needs --key: give the certificate's private key file.");
            var caFile = options.GetValue(Authority) ?? throw new CliProblem("--cert needs --ca: give the CA certificate that issued the hub's certificate.");
            token = options.GetValue(Token) ?? throw new CliProblem("--cert needs --token: give a bearer token from your agency's identity provider.");
            client = X509Certificate2.CreateFromPemFile(certificateFile.FullName, keyFile.FullName);
            authority = X509CertificateLoader.LoadCertificateFromFile(caFile.FullName);
        }
        else
        {
            var agency = options.GetValue(Agency) ?? throw new CliProblem("Say which agency you act for: --agency cardiff-council (ids are in policies/agencies.yaml).");
            var roleName = options.GetValue(Role) ?? throw new CliProblem($"Say which role you act in: --role {string.Join("|", RoleNames.All)}.");
            if (!RoleNames.TryParse(roleName, out var role)) throw new CliProblem($"'{roleName}' is not a role: use one of {string.Join(", ", RoleNames.All)}.");
            var pkiDirectory = Path.Combine(options.GetValue(Data)!, "pki");
            if (!File.Exists(Path.Combine(pkiDirectory, "ca.crt")))
                throw new CliProblem($"No development certificates under '{Path.GetFullPath(pkiDirectory)}': start the hub once (dotnet run --project src/IntelHub.Server) from this directory, or pass --data, or use --cert/--key/--ca/--token.");
            var pki = DevelopmentPki.LoadOrCreate(pkiDirectory, TimeProvider.System);
            client = pki.ClientCertificateFor(agency, TimeProvider.System);
            authority = pki.Authority;
            token = options.GetValue(Token)
                    ?? DevelopmentTokenIssuer.LoadOrCreate(pkiDirectory).Issue(agency, options.GetValue(User)!, role, options.GetValue(Team), TimeSpan.FromHours(1), TimeProvider.System);
        }
        return Connect(new Uri(hub), client, authority, token);
    }

    public static GrpcChannel Connect(Uri hub, X509Certificate2 client, X509Certificate2 authority, string token)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [client];
        handler.SslOptions.RemoteCertificateValidationCallback = new TrustAnchor(authority).ServerValidation();
        var bearer = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress(hub, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            Credentials = ChannelCredentials.Create(new SslCredentials(), bearer),
        });
    }
}

/// <summary>A problem with how the command was called; printed as it is, exit code 2.</summary>
internal sealed class CliProblem(string message) : Exception(message);
