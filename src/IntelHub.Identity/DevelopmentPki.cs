using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IntelHub.Identity;

/// <summary>
/// The embedded default's certificates: a development CA, the hub's server certificate and one
/// client certificate per agency, created on first run under a directory (default
/// <c>./data/pki</c>) and reused afterwards. Private keys are written readable by the hub's user
/// only. For development and demonstration; a deployment brings certificates from its own CA.
/// </summary>
public sealed class DevelopmentPki
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(825);

    private readonly string _directory;

    private DevelopmentPki(string directory, X509Certificate2 authority, X509Certificate2 server)
    {
        _directory = directory;
        Authority = authority;
        Server = server;
    }

    /// <summary>The CA that issued the server and agency certificates; the hub trusts client certificates it issued.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The hub's TLS certificate, valid for localhost and the loopback addresses.</summary>
    public X509Certificate2 Server { get; }

    public static DevelopmentPki LoadOrCreate(string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        PrivateKeyFile.CreateDirectory(directory);
        var authority = LoadOrIssue(directory, "ca", () => IssueAuthority(time));
        var server = LoadOrIssue(directory, "server", () => IssueServer(authority, time));
        return new DevelopmentPki(directory, authority, server);
    }

    /// <summary>The client certificate of an agency, issued on first use.</summary>
    public X509Certificate2 ClientCertificateFor(string agencyId, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agencyId);
        ArgumentNullException.ThrowIfNull(time);
        var agencies = Path.Combine(_directory, "agencies");
        PrivateKeyFile.CreateDirectory(agencies);
        return LoadOrIssue(agencies, agencyId, () => IssueClient(Authority, agencyId, time));
    }

    /// <summary>The path of an agency's certificate and key (PEM), for the <c>intelhub</c> client.</summary>
    public (string CertificatePath, string KeyPath) ClientCertificateFiles(string agencyId) =>
        (Path.Combine(_directory, "agencies", agencyId + ".crt"), Path.Combine(_directory, "agencies", agencyId + ".key"));

    private static X509Certificate2 LoadOrIssue(string directory, string name, Func<X509Certificate2> issue)
    {
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }

        using var issued = issue();
        using var key = issued.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException($"The development certificate '{name}' has no ECDSA private key.");
        PrivateKeyFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
        PrivateKeyFile.WriteCompanion(certificatePath, issued.ExportCertificatePem());
        return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }

    private static X509Certificate2 IssueAuthority(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=IntelHub development CA, O=IntelHub (development only)", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CaLifetime));
    }

    private static X509Certificate2 IssueServer(X509Certificate2 authority, TimeProvider time)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        return IssueLeaf(authority, "CN=localhost, O=IntelHub hub", names, ServerAuthenticationOid, time);
    }

    private static X509Certificate2 IssueClient(X509Certificate2 authority, string agencyId, TimeProvider time)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(AgencyCertificate.UriFor(agencyId));
        return IssueLeaf(authority, $"CN={agencyId}, O=IntelHub agency", names, ClientAuthenticationOid, time);
    }

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    private static X509Certificate2 IssueLeaf(X509Certificate2 authority, string subject, SubjectAlternativeNameBuilder names,
        string usageOid, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var now = time.GetUtcNow();
        var notAfter = now.Add(LeafLifetime) < authority.NotAfter ? now.Add(LeafLifetime) : authority.NotAfter.ToUniversalTime();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var unsigned = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        return unsigned.CopyWithPrivateKey(key);
    }
}
