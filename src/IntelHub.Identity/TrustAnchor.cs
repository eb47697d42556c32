using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IntelHub.Identity;

/// <summary>
/// One CA trusted on its own, not through the machine's store: the hub trusts agency
/// certificates its CA issued, and a client trusts the hub's certificate the same way.
/// </summary>
public sealed class TrustAnchor(X509Certificate2 authority)
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public X509Certificate2 Authority { get; } = authority;

    /// <summary>Whether the certificate chains to this CA (and, for a client, is issued for client authentication).</summary>
    public bool Issued(X509Certificate certificate, bool forClientAuthentication = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        // The development CA publishes no revocation list; a deployment's CA is checked by its own means.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (forClientAuthentication) chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthenticationOid));
        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }

    /// <summary>A TLS client callback that accepts only a server certificate this CA issued.</summary>
    public RemoteCertificateValidationCallback ServerValidation() =>
        (_, certificate, _, _) => certificate is not null && Issued(certificate);
}
