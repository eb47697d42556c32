using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using IntelHub.Audit.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntelHub.Audit.Tests.Signing;

/// <summary>
/// A stand-in for Azure Key Vault on loopback HTTPS (Kestrel, self-signed certificate) that speaks
/// the keys REST contract: GET /keys/{name}[/{version}] returns the JWK, POST .../sign signs an ES256
/// digest and returns base64url(r||s). It holds the private keys; the signer under test never sees them.
/// </summary>
internal sealed class LocalKeyVault : IAsyncDisposable
{
    public const string Token = "local-vault-test-token";

    private static readonly string[] KeyOperations = ["sign", "verify"];

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly Dictionary<string, ECDsa> _versions = [];

    private LocalKeyVault(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public Uri Uri { get; private set; } = null!;

    public string? LatestVersion { get; set; }

    public List<string> Requests { get; } = [];

    public HttpStatusCode? FailSignWith { get; set; }

    public static async Task<LocalKeyVault> StartAsync(CancellationToken cancellationToken)
    {
        var certificate = SelfSignedLoopbackCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var vault = new LocalKeyVault(app, certificate);
        app.MapGet("/keys/{name}", (string name, HttpContext http) => vault.GetKey(name, vault.LatestVersion!, http));
        app.MapGet("/keys/{name}/{version}", (string name, string version, HttpContext http) => vault.GetKey(name, version, http));
        app.MapPost("/keys/{name}/{version}/sign", (string name, string version, HttpContext http) => vault.SignAsync(name, version, http));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        vault.Uri = new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");
        return vault;
    }

    /// <summary>Creates a new version of key <paramref name="name"/> inside the vault; returns its public key's DER SPKI.</summary>
    public byte[] CreateKeyVersion(string name, string version)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _versions[$"{name}/{version}"] = key;
        LatestVersion = version;
        return key.ExportSubjectPublicKeyInfo();
    }

    /// <summary>Options whose transport trusts exactly this vault's self-signed certificate.</summary>
    public KeyVaultSignerOptions ClientOptions()
    {
#pragma warning disable CA2000 // The transport owns the handler for the options' lifetime.
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == _certificate.Thumbprint,
        };
#pragma warning restore CA2000
        var options = new KeyVaultSignerOptions { Transport = new HttpClientTransport(handler) };
        options.Retry.MaxRetries = 0;
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
        foreach (var key in _versions.Values)
        {
            key.Dispose();
        }
    }

    private IResult GetKey(string name, string version, HttpContext http)
    {
        if (Refused(http) is { } refusal)
        {
            return refusal;
        }

        if (!_versions.TryGetValue($"{name}/{version}", out var key))
        {
            return Results.Json(new { error = new { code = "KeyNotFound" } }, statusCode: 404);
        }

        var p = key.ExportParameters(false);
        return Results.Json(new
        {
            key = new
            {
                kid = new Uri(Uri, $"keys/{name}/{version}").AbsoluteUri,
                kty = "EC",
                crv = "P-256",
                key_ops = KeyOperations,
                x = Base64Url.EncodeToString(p.Q.X),
                y = Base64Url.EncodeToString(p.Q.Y),
            },
        });
    }

    private async Task<IResult> SignAsync(string name, string version, HttpContext http)
    {
        if (Refused(http) is { } refusal)
        {
            return refusal;
        }

        if (FailSignWith is { } status)
        {
            return Results.Json(new { error = new { code = "Forbidden", message = "The caller lacks keys/sign permission." } }, statusCode: (int)status);
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var alg = body.RootElement.GetProperty("alg").GetString();
        var digest = Base64Url.DecodeFromChars(body.RootElement.GetProperty("value").GetString());
        if (alg != "ES256" || digest.Length != 32 || !_versions.TryGetValue($"{name}/{version}", out var key))
        {
            return Results.Json(new { error = new { code = "BadParameter" } }, statusCode: 400);
        }

        Requests.Add($"sign {name}/{version} alg={alg} digest={Convert.ToHexStringLower(digest)}");
        var signature = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return Results.Json(new { kid = new Uri(Uri, $"keys/{name}/{version}").AbsoluteUri, value = Base64Url.EncodeToString(signature) });
    }

    private IResult? Refused(HttpContext http)
    {
        Requests.Add($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString} auth={http.Request.Headers.Authorization}");
        if (http.Request.Query["api-version"] != "7.4")
        {
            return Results.Json(new { error = new { code = "BadParameter" } }, statusCode: 400);
        }

        return http.Request.Headers.Authorization == $"Bearer {Token}" ? null : Results.StatusCode(401);
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Kestrel needs the private key in an exportable form on Linux: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>A credential standing in for Entra ID (unreachable in tests); records the scopes it was asked for.</summary>
internal sealed class FixedTokenCredential : TokenCredential
{
    public List<string> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Scopes.AddRange(requestContext.Scopes);
        return new AccessToken(LocalKeyVault.Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
