using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntelHub.Identity;

/// <summary>
/// The embedded default's token issuer: an ECDSA P-256 key created on first run beside the
/// development CA, trusted by the hub for every agency, used by <c>intelhub</c> to sign
/// short-lived bearer tokens (ES256) for a user and role. A deployment trusts each agency's own
/// identity provider instead (Hub:Identity:Issuers); tests stand in for those with an issuer of
/// another name and its own directory.
/// </summary>
public sealed class DevelopmentTokenIssuer
{
    public const string IssuerName = "intelhub-development-issuer";
    private const string KeyFileName = "token-issuer.key";
    private const string PublicKeyFileName = "token-issuer.pub";

    private readonly ECDsa _key;
    private readonly string _name;

    private DevelopmentTokenIssuer(ECDsa key, string name)
    {
        _key = key;
        _name = name;
    }

    public static DevelopmentTokenIssuer LoadOrCreate(string directory, string name = IssuerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        PrivateKeyFile.CreateDirectory(directory);
        var keyPath = Path.Combine(directory, KeyFileName);
        var key = ECDsa.Create();
        if (File.Exists(keyPath))
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
        }
        else
        {
            key.GenerateKey(ECCurve.NamedCurves.nistP256);
            PrivateKeyFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem());
            PrivateKeyFile.WriteCompanion(Path.Combine(directory, PublicKeyFileName), key.ExportSubjectPublicKeyInfoPem());
        }
        return new DevelopmentTokenIssuer(key, name);
    }

    /// <summary>The issuer as the hub trusts it: its name, its public key, every agency.</summary>
    public TrustedIssuer AsTrustedIssuer()
    {
        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo(), out _);
        return new TrustedIssuer(_name, new ECDsaSecurityKey(publicKey), AllAgencies: true, Agencies: []);
    }

    /// <summary>A signed bearer token for a user of an agency in a role.</summary>
    public string Issue(string agencyId, string userId, UserRole role, TimeSpan lifetime, TimeProvider time) =>
        Issue(agencyId, userId, role, team: null, lifetime, time);

    /// <summary>A signed bearer token for a user of an agency in a role and, when given, a team of the agency.</summary>
    public string Issue(string agencyId, string userId, UserRole role, string? team, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _name,
            Audience = TokenClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime),
            Subject = new ClaimsIdentity(
            [
                new Claim(TokenClaims.Subject, userId),
                new Claim(TokenClaims.Agency, agencyId),
                new Claim(TokenClaims.Role, RoleNames.NameOf(role)),
                .. team is null ? Array.Empty<Claim>() : [new Claim(TokenClaims.Team, team)],
            ]),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
