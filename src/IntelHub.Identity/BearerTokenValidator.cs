using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntelHub.Identity;

/// <summary>
/// Turns a bearer token into a <see cref="Caller"/>, for an agency already identified by its
/// certificate: the token must be signed by an issuer trusted for that agency, name the hub as
/// audience, be in date, live no longer than <paramref name="maxLifetime"/>, name the same agency,
/// carry a known role, and ask for no JOSE extension the hub does not implement ('crit'). A token that passed is
/// remembered (<see cref="ValidatedTokenCache"/>) until it would no longer pass, so a client's later calls with it
/// skip the signature check.
/// </summary>
public sealed class BearerTokenValidator(IReadOnlyList<TrustedIssuer> issuers, TimeProvider time, TimeSpan maxLifetime, int cacheCapacity = ValidatedTokenCache.DefaultCapacity)
{
    /// <summary>The longest a token may be valid for when no setting says otherwise: one working shift.</summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromHours(12);

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ValidatedTokenCache _validated = new(time, cacheCapacity);

    /// <summary>How many validated tokens are remembered (never more than the cache capacity).</summary>
    public int CachedTokens => _validated.Count;

    public async Task<(Caller? Caller, string? Problem)> ValidateAsync(string certificateAgencyId, string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
            return (null, "No bearer token: send 'authorization: Bearer <token>' issued to you by your agency's identity provider.");
        if (_validated.Find(certificateAgencyId, token) is { } known) return (known, null);

        // The signature is checked only against the keys of the issuer the token names: otherwise one
        // trusted identity provider could sign tokens in another's name, for the other's agencies.
        var named = Unvalidated(token)?.Issuer;
        var candidates = issuers.Where(i => string.Equals(i.Name, named, StringComparison.Ordinal)).ToArray();
        if (candidates.Length == 0)
            return (null, Explain(new SecurityTokenInvalidIssuerException()));

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = named,
            ValidAudience = TokenClaims.Audience,
            IssuerSigningKeys = candidates.Select(i => i.SigningKey).ToArray(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } end && now <= end.Add(ClockSkew) && (notBefore is not { } start || now >= start.Subtract(ClockSkew));
            },
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
            return (null, Explain(result.Exception));

        var jwt = (JsonWebToken)result.SecurityToken;
        // RFC 7515 4.1.11: a token that names an extension in 'crit' must be refused by a recipient that does not
        // implement it, and this hub implements none.
        if (jwt.TryGetHeaderValue<object>("crit", out _))
            return (null, "The bearer token lists critical header extensions ('crit') the hub does not implement: ask your identity provider for a token without them.");
        var issued = jwt.IssuedAt > DateTime.UnixEpoch ? jwt.IssuedAt : jwt.ValidFrom > DateTime.UnixEpoch ? jwt.ValidFrom : time.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo - issued > maxLifetime || jwt.ValidTo - time.GetUtcNow().UtcDateTime > maxLifetime + ClockSkew)
            return (null, $"The bearer token is valid for {jwt.ValidTo - issued:g}, longer than the {maxLifetime:g} this hub accepts: ask your identity provider for a shorter-lived token.");
        var agency = jwt.TryGetPayloadValue<string>(TokenClaims.Agency, out var a) ? a : null;
        var user = jwt.TryGetPayloadValue<string>(TokenClaims.Subject, out var s) ? s : null;
        var roleName = jwt.TryGetPayloadValue<string>(TokenClaims.Role, out var r) ? r : null;
        if (string.IsNullOrWhiteSpace(user))
            return (null, "The bearer token names no user ('sub' claim): ask your identity provider for a personal token.");
        if (!string.Equals(agency, certificateAgencyId, StringComparison.Ordinal))
            return (null, $"The bearer token is for agency '{agency}' but the client certificate is '{certificateAgencyId}': use a token issued for your own agency.");
        if (!issuers.Any(i => i.Name == jwt.Issuer && i.Vouches(certificateAgencyId)))
            return (null, $"The issuer '{jwt.Issuer}' is not trusted for agency '{certificateAgencyId}': use your agency's identity provider.");
        if (!RoleNames.TryParse(roleName, out var role))
            return (null, $"The bearer token's role '{roleName}' is not one the hub knows ({string.Join(", ", RoleNames.All)}).");
        var team = jwt.TryGetPayloadValue<string>(TokenClaims.Team, out var t) ? t : null;
        if (team is not null && string.IsNullOrWhiteSpace(team))
            return (null, "The bearer token's 'team' claim is empty: ask your identity provider to leave it out or name your team.");
        var caller = new Caller(certificateAgencyId, user, role) { Team = team };
        // The last instant the lifetime check above accepts the token.
        _validated.Add(certificateAgencyId, token, caller, new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc)).Add(ClockSkew));
        return (caller, null);
    }

    /// <summary>The agency a token claims, read without validating it (validation follows); null when unreadable.</summary>
    public static string? AgencyNamedBy(string? token) =>
        Unvalidated(token) is { } jwt && jwt.TryGetPayloadValue<string>(TokenClaims.Agency, out var agency) ? agency : null;

    /// <summary>The token's claims as written, for routing the validation only: nothing read here is trusted.</summary>
    private static JsonWebToken? Unvalidated(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || !new JsonWebTokenHandler().CanReadToken(token)) return null;
        try
        {
            return new JsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }

    private static string Explain(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "The bearer token has expired: get a new one and retry.",
        SecurityTokenInvalidAudienceException => $"The bearer token is not for IntelHub: its audience must be '{TokenClaims.Audience}'.",
        SecurityTokenInvalidIssuerException => "The bearer token's issuer is not trusted by this hub: use your agency's identity provider.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature does not verify against any trusted issuer's key.",
        _ => "The bearer token is not valid: get a new one from your agency's identity provider.",
    };
}
