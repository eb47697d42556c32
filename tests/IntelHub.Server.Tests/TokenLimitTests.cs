using System.Security.Claims;
using System.Security.Cryptography;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntelHub.Server.Tests;

/// <summary>Bearer tokens the hub refuses although a trusted issuer signed them, and identity settings that stop the start.</summary>
public sealed class TokenLimitTests
{
    private const string UnknownExtension = "http://example.org/must-understand";
    private static readonly string[] CriticalExtensions = [UnknownExtension];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<ListInboxResponse> ListInboxAsync(InProcessHub hub, string token) =>
        new InboxService.InboxServiceClient(hub.ChannelAs(hub.Pki.ClientCertificateFor("cardiff-council", TimeProvider.System), bearerToken: token))
            .ListInboxAsync(new ListInboxRequest { Purpose = SampleReports.Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync;

    [Fact]
    public async Task A_token_valid_for_longer_than_the_configured_maximum_is_refused()
    {
        await using var hub = await InProcessHub.StartAsync("Hub:Identity:MaxTokenLifetime=02:00:00");

        var shift = await ListInboxAsync(hub, hub.TokenFor("cardiff-council", UserRole.PartnerPractitioner, lifetime: TimeSpan.FromHours(2)));
        var refused = await Assert.ThrowsAsync<RpcException>(() => ListInboxAsync(hub, hub.TokenFor("cardiff-council", UserRole.PartnerPractitioner, lifetime: TimeSpan.FromHours(3))));

        Assert.NotNull(shift);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("longer than the 2:00:00 this hub accepts", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_that_lists_a_critical_header_extension_is_refused()
    {
        await using var hub = await InProcessHub.StartAsync();
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(hub.DataDirectory, "pki", "token-issuer.key"), Token));
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokenIssuer.IssuerName,
            Audience = TokenClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Subject = new ClaimsIdentity([new Claim(TokenClaims.Subject, "sw-17"), new Claim(TokenClaims.Agency, "cardiff-council"), new Claim(TokenClaims.Role, "partner-practitioner")]),
            AdditionalHeaderClaims = new Dictionary<string, object> { ["crit"] = CriticalExtensions, [UnknownExtension] = true },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });

        var refused = await Assert.ThrowsAsync<RpcException>(() => ListInboxAsync(hub, token));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("'crit'", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_trusted_issuers_with_the_same_name_stop_the_start_with_a_message_naming_the_setting()
    {
        var keys = Directory.CreateTempSubdirectory("intelhub-idp-").FullName;
        try
        {
            DevelopmentTokenIssuer.LoadOrCreate(keys);
            var publicKey = Path.Combine(keys, "token-issuer.pub");

            var refused = await Assert.ThrowsAsync<HubConfigurationException>(() => InProcessHub.StartAsync(
                "Hub:Identity:Issuers:0:Name=council-idp", $"Hub:Identity:Issuers:0:PublicKeyFile={publicKey}", "Hub:Identity:Issuers:0:Agencies:0=cardiff-council",
                "Hub:Identity:Issuers:1:Name=council-idp", $"Hub:Identity:Issuers:1:PublicKeyFile={publicKey}", "Hub:Identity:Issuers:1:Agencies:0=bawso"));

            Assert.Contains("Hub:Identity:Issuers names the issuer 'council-idp' 2 times", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("30.00:00:00")]
    public async Task A_maximum_token_lifetime_outside_reason_stops_the_start(string lifetime)
    {
        var refused = await Assert.ThrowsAsync<HubConfigurationException>(() => InProcessHub.StartAsync($"Hub:Identity:MaxTokenLifetime={lifetime}"));

        Assert.Contains("Hub:Identity:MaxTokenLifetime", refused.Message, StringComparison.Ordinal);
    }
}
