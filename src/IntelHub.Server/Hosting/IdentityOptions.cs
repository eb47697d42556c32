using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntelHub.Identity;
using Microsoft.IdentityModel.Tokens;

namespace IntelHub.Server.Hosting;

/// <summary>
/// Who the hub trusts (configuration section <c>Hub:Identity</c>). With nothing configured the
/// embedded default creates and trusts its development CA and token issuer under the data
/// directory. A deployment names its own server certificate, the CA that issues agencies' client
/// certificates, and the identity providers trusted for which agencies.
/// </summary>
public sealed class IdentityOptions
{
    public const string Section = "Hub:Identity";

    /// <summary>The hub's TLS certificate (PEM), with <see cref="ServerKeyFile"/>.</summary>
    public string? ServerCertificateFile { get; set; }

    /// <summary>The private key of the hub's TLS certificate (PEM); mount it from a secret store, never commit it.</summary>
    public string? ServerKeyFile { get; set; }

    /// <summary>The CA (PEM) that issues agencies' client certificates.</summary>
    public string? ClientAuthorityFile { get; set; }

    /// <summary>Identity providers whose bearer tokens the hub accepts, each for named agencies.</summary>
    public List<IssuerOptions> Issuers { get; set; } = [];

    /// <summary>
    /// The longest a bearer token may be valid for (from issue to expiry); longer-lived tokens are refused,
    /// so that a leaked token is useful for one shift at most.
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = BearerTokenValidator.DefaultMaxLifetime;

    /// <summary>Whether the deployment brings its own PKI; otherwise the development PKI is used.</summary>
    public bool UsesOwnPki => !string.IsNullOrWhiteSpace(ServerCertificateFile) || !string.IsNullOrWhiteSpace(ServerKeyFile) || !string.IsNullOrWhiteSpace(ClientAuthorityFile);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (UsesOwnPki)
        {
            foreach (var (name, value) in new[] { ("ServerCertificateFile", ServerCertificateFile), ("ServerKeyFile", ServerKeyFile), ("ClientAuthorityFile", ClientAuthorityFile) })
            {
                if (string.IsNullOrWhiteSpace(value)) problems.Add($"{Section}:{name} is missing: a deployment with its own PKI sets ServerCertificateFile, ServerKeyFile and ClientAuthorityFile together.");
                else if (!File.Exists(value)) problems.Add($"{Section}:{name} '{value}' does not exist: mount the PEM file there.");
            }
            if (Issuers.Count == 0) problems.Add($"{Section}:Issuers is empty: name at least one identity provider (Name, PublicKeyFile, Agencies) whose tokens the hub accepts.");
        }
        if (MaxTokenLifetime <= TimeSpan.Zero || MaxTokenLifetime > TimeSpan.FromDays(7))
            problems.Add($"{Section}:MaxTokenLifetime {MaxTokenLifetime} is outside 00:00:01..7.00:00:00: use e.g. 12:00:00 (a working shift).");
        foreach (var repeated in Issuers.Where(i => !string.IsNullOrWhiteSpace(i.Name)).GroupBy(i => i.Name!, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"{Section}:Issuers names the issuer '{repeated.Key}' {repeated.Count()} times: each identity provider is listed once, with all its agencies; remove the repeats.");
        for (var i = 0; i < Issuers.Count; i++)
        {
            var issuer = Issuers[i];
            if (string.IsNullOrWhiteSpace(issuer.Name)) problems.Add($"{Section}:Issuers:{i}:Name is missing: give the token issuer ('iss') exactly.");
            if (string.IsNullOrWhiteSpace(issuer.PublicKeyFile) || !File.Exists(issuer.PublicKeyFile))
                problems.Add($"{Section}:Issuers:{i}:PublicKeyFile '{issuer.PublicKeyFile}' does not exist: give the issuer's signing public key as a PEM file.");
            if (issuer.Agencies.Count == 0) problems.Add($"{Section}:Issuers:{i}:Agencies is empty: list the agency ids this issuer vouches for, or '*' for all.");
        }
        return problems;
    }

    /// <summary>The trusted issuers, with their keys loaded.</summary>
    public IReadOnlyList<TrustedIssuer> LoadIssuers() => Issuers.Select(issuer =>
    {
        var pem = File.ReadAllText(issuer.PublicKeyFile!);
        SecurityKey key;
        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            key = new ECDsaSecurityKey(ecdsa);
        }
        catch (ArgumentException)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            key = new RsaSecurityKey(rsa);
        }
        var all = issuer.Agencies.Contains("*");
        return new TrustedIssuer(issuer.Name!, key, all, all ? [] : issuer.Agencies.ToHashSet(StringComparer.Ordinal));
    }).ToList();

    /// <summary>The hub's server certificate and the agencies' CA, from the configured PEM files.</summary>
    public (X509Certificate2 Server, X509Certificate2 ClientAuthority) LoadCertificates()
    {
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        using var pem = X509Certificate2.CreateFromPemFile(ServerCertificateFile!, ServerKeyFile!);
        var server = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        return (server, X509CertificateLoader.LoadCertificateFromFile(ClientAuthorityFile!));
    }
}

/// <summary>One identity provider the hub trusts.</summary>
public sealed class IssuerOptions
{
    /// <summary>The issuer as its tokens name it ('iss').</summary>
    public string? Name { get; set; }

    /// <summary>The issuer's token-signing public key (PEM, EC P-256 or RSA).</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>The agencies whose users it may vouch for; "*" for every agency.</summary>
    public List<string> Agencies { get; set; } = [];
}
